"""Uploaded images are named by their content, so browsers and CDNs may keep them for ever: a
new picture gets new names, the same picture the same file; images stored before keep working
through their apps' migrations; `prune_media` takes away what nothing names any more."""

import datetime
import hashlib
import importlib
import io
import os
import re

import pytest
import reversion
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles import cards, feed_entries
from articles.models import Article
from articles.tests.factories import ArticleFactory, change_form_data
from articles.tests.tally_oracle import card_differences
from newsroom.images import make_missing_renditions, rendition_name, renditions
from newsroom.models import Image as LibraryImage
from people.models import Organisation, Person
from people.tests.pages import html_of
from projects.models import Project

from .test_images import person_form

pytestmark = pytest.mark.django_db

YEAR = "public, max-age=31536000, immutable"


def picture(colour, size=(1400, 900), kind="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def digest(content):
    return hashlib.sha256(content).hexdigest()[:16]


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def rendition_urls_in(html):
    return set(re.findall(r"/media/renditions/[^\s\"',]+", html))


def edit_lead_image(client, article, content, filename):
    upload = SimpleUploadedFile(filename, content, content_type="image/jpeg")
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, lead_image=upload, base_version=article.version),
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_replacing_a_lead_image_gives_the_article_page_new_picture_addresses(
    admin_client, client, settings
):
    article = ArticleFactory(lead_image_alt="The launch pad")
    edit_lead_image(admin_client, article, picture((20, 40, 90)), "launch.jpg")
    before = rendition_urls_in(html_of(client, article.get_absolute_url()))
    assert before

    # The same file name, another picture.
    edit_lead_image(admin_client, article, picture((200, 40, 20)), "launch.jpg")
    after = rendition_urls_in(html_of(client, article.get_absolute_url()))
    assert after
    assert not before & after
    article.refresh_from_db()
    assert article.lead_image.name.endswith(f".{digest(picture((200, 40, 20)))}.jpg")
    for url in after:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == YEAR
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as rendition:
            red, _, blue = rendition.convert("RGB").getpixel((5, 5))
        assert red > 150 > blue
    # The news list's card and the feed show the new picture too.
    assert after & rendition_urls_in(html_of(client, "/news/"))
    assert after & rendition_urls_in(client.get("/feeds/news.rss").content.decode())
    assert card_differences() == []


def test_the_same_picture_uploaded_again_is_the_file_stored_already(admin_client, settings):
    content = picture((20, 40, 90), size=(800, 600))
    stored = written = None
    for name in ("Yulia Peresild", "Klim Shipenko"):
        upload = SimpleUploadedFile("portrait.jpg", content, content_type="image/jpeg")
        response = admin_client.post(
            reverse("admin:people_person_add"), person_form(name=name, photo=upload)
        )
        assert response.status_code == 302
        if stored is None:
            stored = media_files(settings)
            written = {name: os.stat(settings.MEDIA_ROOT / name).st_mtime_ns for name in stored}
    first, second = Person.objects.order_by("pk")
    assert first.photo.name == second.photo.name == f"people/portrait.{digest(content)}.jpg"
    assert media_files(settings) == stored
    assert {name: os.stat(settings.MEDIA_ROOT / name).st_mtime_ns for name in stored} == written
    assert renditions(first.photo) == renditions(second.photo)


def test_a_file_saved_under_a_plain_name_is_shown_under_its_content_s_name(settings):
    person = Person(name="Anton Shkaplerov", photo_alt="Portrait")
    content = picture((20, 40, 90), size=(700, 500))
    person.photo.save("anton.jpg", ContentFile(content), save=True)
    person.refresh_from_db()
    assert person.photo.name == f"people/anton.{digest(content)}.jpg"
    assert (settings.MEDIA_ROOT / person.photo.name).read_bytes() == content
    for _, width, _ in renditions(person.photo):
        assert (settings.MEDIA_ROOT / rendition_name(person.photo.name, width)).exists()


def test_a_long_file_name_keeps_its_whole_digest(admin_client):
    content = picture((20, 40, 90), size=(400, 300))
    # As long as the form lets through: the digest does not fit beside it.
    upload = SimpleUploadedFile("a" * 96 + ".jpg", content, content_type="image/jpeg")
    response = admin_client.post(reverse("admin:people_person_add"), person_form(photo=upload))
    assert response.status_code == 302
    name = Person.objects.get().photo.name
    assert len(name) <= 100
    assert name.endswith(f"a.{digest(content)}.jpg")


def test_renditions_and_originals_are_kept_a_year_by_every_cache_signed_in_or_not(
    admin_client, client
):
    person = Person(name="Anton Shkaplerov", photo_alt="Portrait")
    person.photo = ContentFile(picture((20, 40, 90)), name="anton.jpg")
    person.save()
    urls = [renditions(person.photo)[0][0], person.photo.url]
    for reader in (client, admin_client):
        for url in urls:
            response = reader.get(url)
            assert response.status_code == 200
            assert response["Cache-Control"] == YEAR
            assert "Cookie" not in response.get("Vary", "")
            assert not response.cookies


def test_an_image_stored_before_digests_is_kept_an_hour(client, settings):
    default_storage.save("people/old.jpg", ContentFile(picture((20, 40, 90))))
    response = client.get("/media/people/old.jpg")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


# Images stored before names carried digests ------------------------------------------------


def store_old_style(name, content):
    """An image as it was stored before: its own name, renditions named from its stem."""
    default_storage.save(name, ContentFile(content))
    make_missing_renditions(name)
    with Image.open(io.BytesIO(content)) as image:
        return name, image.width, image.height


def test_the_migrations_name_old_images_by_content_and_lose_nothing(client, settings):
    lead = picture((20, 40, 90))
    article = ArticleFactory(lead_image_alt="The launch pad")
    name, width, height = store_old_style("articles/2021/10/launch.jpg", lead)
    Article.objects.filter(pk=article.pk).update(
        lead_image=name, lead_image_width=width, lead_image_height=height
    )
    twin = ArticleFactory(lead_image_alt="The same launch pad")
    Article.objects.filter(pk=twin.pk).update(
        lead_image=name, lead_image_width=width, lead_image_height=height
    )
    lost = ArticleFactory(lead_image_alt="Lost before")
    Article.objects.filter(pk=lost.pk).update(
        lead_image="articles/2021/10/gone.jpg", lead_image_width=800, lead_image_height=600
    )
    cards.store([article.pk, twin.pk, lost.pk])
    feed_entries.refresh([article.pk, twin.pk, lost.pk])
    portrait, logo, poster = (
        picture((200, 40, 20), (600, 800)),
        picture((0, 200, 0), (500, 500), "PNG"),
        picture((90, 90, 90), (700, 1000)),
    )
    person = Person.objects.create(name="Yulia Peresild", photo_alt="Portrait")
    Person.objects.filter(pk=person.pk).update(
        **dict(
            zip(
                ("photo", "photo_width", "photo_height"),
                store_old_style("people/yp.jpg", portrait),
                strict=True,
            )
        )
    )
    organisation = Organisation.objects.create(name="Roscosmos", logo_alt="Logo")
    Organisation.objects.filter(pk=organisation.pk).update(
        **dict(
            zip(
                ("logo", "logo_width", "logo_height"),
                store_old_style("organisations/rk.png", logo),
                strict=True,
            )
        )
    )
    project = Project.objects.create(title="The Challenge", poster_alt="Poster")
    Project.objects.filter(pk=project.pk).update(
        **dict(
            zip(
                ("poster", "poster_width", "poster_height"),
                store_old_style("projects/ch.jpg", poster),
                strict=True,
            )
        )
    )
    old_urls = rendition_urls_in(html_of(client, article.get_absolute_url()))
    assert "/media/renditions/articles/2021/10/launch-320w.webp" in old_urls
    before = media_files(settings)

    for migration in (
        "articles.migrations.0018_content_named_lead_images",
        "people.migrations.0002_content_named_photos_and_logos",
        "projects.migrations.0002_content_named_posters",
    ):
        importlib.import_module(migration).name_by_content(django_apps, None)

    expected = {
        (Article, article.pk, "lead_image"): f"articles/2021/10/launch.{digest(lead)}.jpg",
        (Article, twin.pk, "lead_image"): f"articles/2021/10/launch.{digest(lead)}.jpg",
        (Article, lost.pk, "lead_image"): "articles/2021/10/gone.jpg",
        (Person, person.pk, "photo"): f"people/yp.{digest(portrait)}.jpg",
        (Organisation, organisation.pk, "logo"): f"organisations/rk.{digest(logo)}.png",
        (Project, project.pk, "poster"): f"projects/ch.{digest(poster)}.jpg",
    }
    contents = {"launch": lead, "yp": portrait, "rk": logo, "ch": poster}
    for (model, pk, field), name in expected.items():
        image = getattr(model.objects.get(pk=pk), field)
        assert image.name == name
        if "gone" in name:
            continue
        assert (settings.MEDIA_ROOT / name).read_bytes() == contents[name.split("/")[-1][:-21]]
        for _, width, _ in renditions(image):
            assert (settings.MEDIA_ROOT / rendition_name(name, width)).exists()
    # Nothing lost: every file there before is still there.
    assert set(before) < set(media_files(settings))
    new_urls = rendition_urls_in(html_of(client, article.get_absolute_url()))
    assert new_urls
    assert not new_urls & old_urls
    assert all(f".{digest(lead)}-" in url for url in new_urls)
    assert new_urls & rendition_urls_in(html_of(client, "/news/"))
    assert new_urls & rendition_urls_in(client.get("/feeds/news.rss").content.decode())
    assert card_differences() == []
    for url in new_urls:
        assert client.get(url)["Cache-Control"] == YEAR

    # Run again (a second database sharing the media): nothing changes.
    for migration in ("articles.migrations.0018_content_named_lead_images",):
        importlib.import_module(migration).name_by_content(django_apps, None)
    assert (
        Article.objects.get(pk=article.pk).lead_image.name
        == expected[(Article, article.pk, "lead_image")]
    )


# prune_media ------------------------------------------------------------------------------------


def age(settings, hours):
    moment = (datetime.datetime.now() - datetime.timedelta(hours=hours)).timestamp()
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            os.utime(path, (moment, moment))


@pytest.fixture
def pruneable(settings):
    """A person showing a photo, an article whose revision shows a replaced image, files
    nothing names (two hours old), and one stored a minute ago."""
    person = Person(name="Yulia Peresild", photo_alt="Portrait")
    person.photo = ContentFile(picture((200, 40, 20), (600, 800)), name="yp.jpg")
    person.save()
    article = ArticleFactory(lead_image_alt="Launch")
    with reversion.create_revision():
        article.lead_image = ContentFile(picture((20, 40, 90)), name="launch.jpg")
        article.save()
    revised = article.lead_image.name
    article.lead_image = ContentFile(picture((20, 90, 40)), name="landing.jpg")
    article.save()
    stray = Person(name="Gone", photo_alt="Gone")
    stray.photo = ContentFile(picture((1, 2, 3), (700, 400)), name="gone.jpg")
    stray.save()
    unused = [stray.photo.name, *(rendition_name(stray.photo.name, w) for w in (320, 640, 700))]
    # Deleted without the signal that takes its files (a bulk delete, a failed commit).
    Person.objects.filter(pk=stray.pk).delete()
    LibraryImage.objects.filter(pk=stray.photo_library_image_id).delete()
    default_storage.save("renditions/people/yp-320w.webp", ContentFile(b"from long ago"))
    unused.append("renditions/people/yp-320w.webp")
    age(settings, hours=2)
    default_storage.save("people/uploading.jpg", ContentFile(picture((9, 9, 9))))
    kept = sorted(set(media_files(settings)) - set(unused))
    assert revised in kept
    assert rendition_name(revised, 320) in kept
    assert article.lead_image.name in kept
    assert "people/uploading.jpg" in kept
    return sorted(unused), kept


def test_prune_media_dry_run_lists_what_nothing_names_and_deletes_nothing(settings, pruneable):
    unused, _ = pruneable
    everything = media_files(settings)
    output = io.StringIO()
    call_command("prune_media", "--dry-run", stdout=output)
    assert media_files(settings) == everything
    lines = output.getvalue().splitlines()
    assert lines[:-1] == [f"would remove {name}" for name in unused]
    assert lines[-1] == f"{len(unused)} unused media files would be removed."


def test_prune_media_removes_exactly_what_nothing_names(client, settings, pruneable):
    unused, kept = pruneable
    output = io.StringIO()
    call_command("prune_media", stdout=output)
    assert media_files(settings) == kept
    assert output.getvalue().splitlines()[:-1] == [f"removed {name}" for name in unused]
    # Restoring the revision brings its picture back, renditions and all.
    article = Article.objects.get()
    version = reversion.models.Version.objects.get_for_object(article).last()
    version.revision.revert()
    article = Article.objects.get()
    for url, _, _ in renditions(article.lead_image):
        assert client.get(url).status_code == 200
