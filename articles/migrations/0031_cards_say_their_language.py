from django.db import migrations


def cards_of_other_languages(apps, schema_editor):
    from articles import cards

    Article = apps.get_model("articles", "Article")
    # Only the cards of articles not in English gain a lang attribute: the rest stay as stored.
    others = Article.objects.exclude(language="en").values_list("pk", flat=True)
    cards.store(list(others), apps)


class Migration(migrations.Migration):
    """The stored cards of articles in another language than the site's English say so on their
    headline and standfirst (lang="ru"), written again a batch at a time."""

    dependencies = [("articles", "0030_webhooks")]

    operations = [migrations.RunPython(cards_of_other_languages, migrations.RunPython.noop)]
