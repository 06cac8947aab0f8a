from django.db import migrations


def fill(apps, schema_editor):
    from articles import tallies

    tallies.rebuild(apps)


class Migration(migrations.Migration):
    """The write-time values of the articles already there."""

    dependencies = [("articles", "0010_write_time_tallies_and_related_articles")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
