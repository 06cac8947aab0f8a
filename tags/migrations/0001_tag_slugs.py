from django.db import migrations

from newsroom.slugs import tag_slug, unique_slug


def give_every_tag_a_slug(apps, schema_editor):
    """Tags made before symbol-only names had slugs have an empty one, and no page."""
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.filter(slug=""):
        tag.slug = unique_slug(tag, tag.name, slug_function=tag_slug)
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(give_every_tag_a_slug, migrations.RunPython.noop)]
