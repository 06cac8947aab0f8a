"""The newsroom's two roles, as groups with the permissions the admin enforces."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = {
    "articles": [
        "add_article", "change_article", "delete_article", "view_article",
        "view_author",
        "add_source", "change_source", "delete_source", "view_source",
        "view_correction",
        "view_statuschange",
    ],
    "people": ["view_person", "view_organisation"],
    "projects": ["view_project"],
}

EDITOR_APPS = ["articles", "people", "projects", "taggit"]
# The audit trail is written by the workflow itself; nobody edits it by hand.
EDITOR_EXCLUDED = ["add_statuschange", "change_statuschange", "delete_statuschange"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after every migration has run; the groups need them now.
    for label in EDITOR_APPS:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    writer, _ = Group.objects.get_or_create(name="Writer")
    for app_label, codenames in WRITER.items():
        writer.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS).exclude(
            codename__in=EDITOR_EXCLUDED
        )
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writer", "Editor"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0004_workflow"),
        ("people", "0001_initial"),
        ("projects", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
