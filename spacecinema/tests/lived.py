"""A newsroom that has lived: logins in roles, edits through the admin, uploads, a history.

`live_a_day(client)` makes it through the admin as a writer and two editors would; `state()`
reads back everything a restore must keep, by names rather than by database keys.
"""

import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from articles.models import Article, Author, StatusChange
from articles.tests.factories import (
    PASSWORD,
    ArticleFactory,
    change_form_data,
    make_editor,
    make_writer,
)
from newsroom.images import renditions
from newsroom.models import Image as LibraryImage
from people.models import Organisation, Person
from projects.models import Project


def picture(name, width, height, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def posted(response):
    assert response.status_code == 302, response.context and [
        form.errors for form in [response.context["adminform"].form]
    ]
    return response


def live_a_day(client):
    """Three logins edit the newsroom through the admin; returns them."""
    # The copy editor joins first, so a restore that made logins afresh in another order
    # would credit one editor's edits to the other.
    copy_editor = make_editor("copy-editor", "Cora Copy")
    editor = make_editor()
    writer = make_writer()

    client.force_login(writer)
    draft = ArticleFactory.build(
        draft=True, slug="soyuz-rollout", headline="Soyuz rolls out to the pad"
    )
    data = change_form_data(draft, _submit_for_review="1", tags="soyuz, launch")
    data |= {
        "lead_image": picture("rollout.jpg", 1400, 900, (30, 60, 120)),
        "lead_image_alt": "The rocket on its transporter",
        "sources-TOTAL_FORMS": "1",
        "sources-0-publisher": "TASS",
        "sources-0-title": "Soyuz at the pad",
        "sources-0-url": "https://tass.example/soyuz",
        "sources-0-order": "0",
    }
    posted(client.post(reverse("admin:articles_article_add"), data))
    article = Article.objects.get(slug="soyuz-rollout")

    client.force_login(editor)
    data = change_form_data(article, body="The rocket reached the pad at dawn.", _publish="1")
    data |= {
        "tags": "soyuz, launch",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "1",
        "sources-0-id": str(article.sources.get().pk),
        "sources-0-article": str(article.pk),
        "sources-0-publisher": "TASS",
        "sources-0-title": "Soyuz at the pad",
        "sources-0-url": "https://tass.example/soyuz",
        "sources-0-order": "0",
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-made_at_0": "2021-10-05",
        "corrections-0-made_at_1": "09:30:00",
        "corrections-0-text": "The rollout was at dawn, not at noon.",
    }
    posted(client.post(reverse("admin:articles_article_change", args=[article.pk]), data))

    client.force_login(copy_editor)
    other = Article.objects.published().exclude(pk=article.pk).order_by("pk").first()
    data = change_form_data(other, headline=f"{other.headline} (updated)")
    data["tags"] = ", ".join(tag.name for tag in other.tags.all())
    posted(client.post(reverse("admin:articles_article_change", args=[other.pk]), data))

    client.force_login(editor)
    person = Person.objects.order_by("pk").first()
    response = client.post(
        reverse("admin:people_person_change", args=[person.pk]),
        {
            "name": person.name,
            "slug": person.slug,
            "native_name": person.native_name,
            "aliases": person.aliases,
            "description": person.description,
            "country": person.country,
            "tags": ", ".join(tag.name for tag in person.tags.all()),
            "bio": person.bio,
            "photo": picture("portrait.jpg", 900, 1200, (200, 150, 120)),
            "photo_alt": "A new portrait",
            "photo_credit": "Space Cinema",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "credits-MIN_NUM_FORMS": "0",
            "credits-MAX_NUM_FORMS": "1000",
        },
    )
    posted(response)
    client.logout()
    return writer, editor, copy_editor


def media_files():
    """Every file in media storage, by name, with a digest of its bytes."""
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): digest(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pictures():
    """The files pages show or the image library keeps, originals and renditions, by name,
    with a digest of their bytes.

    A replaced upload stays in the library until it is deleted there, so it is here too.
    """
    root = Path(settings.MEDIA_ROOT)
    names = []
    for model, field in [
        (Article, "lead_image"),
        (Person, "photo"),
        (Organisation, "logo"),
        (Project, "poster"),
        (LibraryImage, "file"),
    ]:
        for obj in model.objects.exclude(**{field: ""}):
            image = getattr(obj, field)
            names.append(image.name)
            names += [url.removeprefix(default_storage.base_url) for url, *_ in renditions(image)]
    return {name: digest(root / name) for name in sorted(names)}


def username(user):
    return user.get_username() if user else None


def state():
    """What a restore must give back, named by usernames, slugs and natural keys."""
    User = get_user_model()
    return {
        "logins": {
            user.username: (
                user.password,
                user.is_staff,
                user.is_superuser,
                user.first_name,
                user.last_name,
                sorted(group.name for group in user.groups.all()),
            )
            for user in User.objects.all()
        },
        "roles": {
            group.name: sorted(p.natural_key() for p in group.permissions.all())
            for group in Group.objects.all()
        },
        "bylines": {author.slug: username(author.user) for author in Author.objects.all()},
        "last_edited_by": {
            article.slug: username(article.last_edited_by) for article in Article.objects.all()
        },
        "status_log": sorted(
            (
                change.article.slug,
                change.from_status,
                change.to_status,
                username(change.changed_by),
                change.changed_at,
            )
            for change in StatusChange.objects.select_related("article", "changed_by")
        ),
        "revisions": sorted(
            (
                version.content_type.natural_key(),
                version.object_id,
                username(version.revision.user),
                version.revision.comment,
                version.serialized_data,
            )
            for version in Version.objects.select_related("revision__user", "content_type")
        ),
        "admin_log": sorted(
            (
                entry.action_time,
                username(entry.user),
                entry.content_type.natural_key(),
                entry.object_id,
                entry.change_message,
            )
            for entry in LogEntry.objects.select_related("user", "content_type")
        ),
        "pictures": pictures(),
    }


def can_sign_in(client, user):
    """Sign in through the admin's form with the password the login was made with."""
    response = client.post(
        reverse("admin:login"),
        {"username": user.get_username(), "password": PASSWORD, "next": reverse("admin:index")},
    )
    signed_in = response.status_code == 302 and response["Location"] == reverse("admin:index")
    client.logout()
    return signed_in
