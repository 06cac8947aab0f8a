from django.db import migrations


def name_by_content(apps, schema_editor):
    from articles import cards, feed_entries
    from newsroom.images import give_content_names

    changed = give_content_names(apps.get_model("articles", "Article"), "lead_image")
    # Cards and feed entries keep the pictures' URLs.
    cards.store(changed, apps)
    feed_entries.refresh(changed, apps)


class Migration(migrations.Migration):
    """Lead images stored before names carried their content's digest get such names, and
    renditions under them, so browsers and CDNs may keep them for ever. The old files stay for
    the revisions that name them; `manage.py prune_media` removes what nothing names."""

    dependencies = [("articles", "0017_list_entries")]

    operations = [migrations.RunPython(name_by_content, migrations.RunPython.noop)]
