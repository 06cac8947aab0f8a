import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from articles import feed_entries

    feed_entries.rebuild(apps)


class Migration(migrations.Migration):
    """Each article as the feeds carry it, kept at write time, for the articles already there."""

    dependencies = [("articles", "0014_fill_article_cards")]

    operations = [
        migrations.CreateModel(
            name="FeedEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="feed_entry",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("bylines", models.TextField(blank=True)),
                ("rss", models.TextField()),
                ("atom", models.TextField()),
                ("json", models.TextField()),
                ("https", models.TextField(blank=True)),
            ],
            options={"verbose_name_plural": "feed entries"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
