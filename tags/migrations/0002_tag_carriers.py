import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    # Written as the tag pages write them now: by the code, as the cards were.
    from tags import carriers

    carriers.rebuild()


class Migration(migrations.Migration):
    """What carries each tag already tagged, as its page lists it (tags/carriers.py)."""

    dependencies = [
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("tags", "0001_tag_slugs"),
        ("people", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="TagCarriers",
            fields=[
                (
                    "tag",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="carriers",
                        serialize=False,
                        to="taggit.tag",
                    ),
                ),
                ("projects", models.TextField(blank=True)),
                ("people", models.TextField(blank=True)),
                ("organisations", models.TextField(blank=True)),
                ("keys", models.TextField(blank=True)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
