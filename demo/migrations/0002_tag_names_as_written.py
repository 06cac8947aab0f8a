from django.db import migrations


def name_demo_tags(apps, schema_editor):
    """The demo wrote its tags as their slugs ("iss"): they get the names its own rows show
    ("ISS"). A tag an editor has renamed since keeps their name; no other tag is touched."""
    from taggit.models import Tag

    from demo.content import TAG_NAMES

    # The site's own model, saved one by one: a rename rebuilds the feed entries and search
    # entries holding the name and evicts the pages showing it, as in the admin.
    for tag in Tag.objects.filter(slug__in=TAG_NAMES):
        if tag.name == tag.slug:
            tag.name = TAG_NAMES[tag.slug]
            tag.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("demo", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("tags", "0003_tag_descriptions"),
        ("articles", "0029_article_expiry"),
        ("newsroom", "0002_image_library"),
        ("people", "0003_photos_and_logos_in_library"),
        ("projects", "0003_posters_in_library"),
        ("search", "0005_results_kept_with_entries"),
    ]

    operations = [migrations.RunPython(name_demo_tags, migrations.RunPython.noop)]
