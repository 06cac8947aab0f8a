import articles.models
from django.db import migrations, models

from newsroom.slugs import unique_slug


def move_digit_only_slugs(apps, schema_editor):
    """An article slugged "1984" was hidden behind the year archive: give it a slug with a
    word in it, and keep the old one so its links lead to the article."""
    Article = apps.get_model("articles", "Article")
    ContentType = apps.get_model("contenttypes", "ContentType")
    FormerSlug = apps.get_model("newsroom", "FormerSlug")
    moved = list(Article.objects.filter(slug__regex=r"^[0-9]+$"))
    if not moved:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    for article in moved:
        former = article.slug
        article.slug = unique_slug(article, former)
        article.save(update_fields=["slug"])
        FormerSlug.objects.update_or_create(
            content_type=content_type, slug=former, defaults={"object_id": article.pk}
        )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_published_lookup_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsroom", "0001_former_slugs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=models.SlugField(
                blank=True,
                max_length=250,
                unique=True,
                validators=[articles.models.refuse_digits_only],
            ),
        ),
        migrations.RunPython(move_digit_only_slugs, migrations.RunPython.noop),
    ]
