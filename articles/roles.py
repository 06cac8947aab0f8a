"""The newsroom's two roles, as groups with the permissions the admin enforces.

Made by migration 0005, and again by `enrol` (createwriter, createeditor) if they have gone,
as after `manage.py flush`.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

WRITER = {
    "articles": [
        "add_article",
        "change_article",
        "delete_article",
        "view_article",
        "view_author",
        "add_source",
        "change_source",
        "delete_source",
        "view_source",
        "view_correction",
        "view_statuschange",
    ],
    "people": ["view_person", "view_organisation"],
    "projects": ["view_project"],
    # Writers put pictures in their stories: from the library, or uploaded into it.
    "newsroom": ["add_image", "view_image"],
}

EDITOR_APPS = ["articles", "people", "projects", "taggit"]
# The audit trail is written by the workflow itself; nobody edits it by hand.
EDITOR_EXCLUDED = ["add_statuschange", "change_statuschange", "delete_statuschange"]
# Of the newsroom's own models, editors keep the image library.
EDITOR_LIBRARY = ["add_image", "change_image", "delete_image", "view_image"]
# And read the outbox: what waits to be sent to webhooks and subscribers, and what failed.
EDITOR_OUTBOX = ["view_outboxmessage"]


def create_roles(apps=global_apps, schema_editor=None):
    # Permissions are normally created after every migration has run; the groups need them now.
    for label in [*EDITOR_APPS, "newsroom"]:
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
        ),
        *Permission.objects.filter(
            content_type__app_label="newsroom", codename__in=EDITOR_LIBRARY + EDITOR_OUTBOX
        ),
    )
