from django.db import migrations


def name_by_content(apps, schema_editor):
    from newsroom.images import give_content_names

    give_content_names(apps.get_model("projects", "Project"), "poster")


class Migration(migrations.Migration):
    """Posters stored before names carried their content's digest get such names, and
    renditions under them, so browsers and CDNs may keep them for ever. `manage.py prune_media`
    removes the old files."""

    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(name_by_content, migrations.RunPython.noop)]
