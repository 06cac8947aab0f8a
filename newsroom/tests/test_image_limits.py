"""Images of any shape within the limits save with renditions WebP can hold, or get a form
error; no failed save leaves files in the media folder."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from articles.models import Article
from articles.tests.factories import change_form_data
from newsroom.images import rendition_name, renditions
from people.models import Person
from projects.models import Project

from .test_images import person_form

pytestmark = pytest.mark.django_db

WEBP_LIMIT = 16383  # pixels a side, in the WebP format itself


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def truncated_jpeg(width, height):
    """A JPEG whose header is whole but whose pixels stop halfway: it opens, it does not decode."""
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def upload_portrait(admin_client, content, **fields):
    upload = SimpleUploadedFile("portrait.png", content, content_type="image/png")
    return admin_client.post(
        reverse("admin:people_person_add"), person_form(photo=upload, **fields)
    )


@pytest.mark.parametrize(
    ("width", "height", "widest"),
    [
        (1280, 20000, 1048),
        (100, 17000, 96),
        (1, 16000, 1),
        (16000, 1, 1280),
        (20000, 3, 1280),
    ],
)
def test_tall_and_wide_images_save_with_renditions_webp_can_hold(
    admin_client, settings, width, height, widest
):
    response = upload_portrait(admin_client, png(width, height))
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.photo_width, person.photo_height) == (width, height)
    sizes = renditions(person.photo)
    assert sizes[-1][1] == widest
    for _, rendition_width, rendition_height in sizes:
        path = settings.MEDIA_ROOT / rendition_name(person.photo.name, rendition_width)
        with Image.open(path) as rendition:
            assert rendition.format == "WEBP"
            assert rendition.size == (rendition_width, rendition_height)
            assert 1 <= rendition.width <= WEBP_LIMIT
            assert 1 <= rendition.height <= WEBP_LIMIT


def test_an_image_too_thin_for_any_rendition_gets_a_form_error_and_keeps_the_form(
    admin_client, settings
):
    response = upload_portrait(admin_client, png(1, 20000), bio="A bio the editor typed")
    assert response.status_code == 200
    page = response.content.decode()
    assert "too tall and narrow" in page
    assert "A bio the editor typed" in page
    assert not Person.objects.exists()
    assert media_files(settings) == []


def test_an_image_that_does_not_decode_gets_a_form_error_and_leaves_no_files(
    admin_client, settings
):
    response = upload_portrait(admin_client, truncated_jpeg(400, 300), bio="Typed")
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be read" in page
    assert "Typed" in page
    assert not Person.objects.exists()
    assert media_files(settings) == []


def test_a_form_error_elsewhere_on_the_page_leaves_no_files(admin_client, settings):
    upload = SimpleUploadedFile("lead.png", png(1200, 800), content_type="image/png")
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        change_form_data(
            Article(headline="Launch", body="Text", status="draft", slug=""), lead_image=upload
        ),
    )
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()
    assert not Article.objects.exists()
    assert media_files(settings) == []


def test_a_save_whose_renditions_fail_leaves_no_files(settings):
    """Outside the admin nothing validates first: the save fails, and takes its files with it."""
    person = Person(name="Broken", photo_alt="Broken")
    person.photo = ContentFile(truncated_jpeg(400, 300), name="broken.jpg")
    with pytest.raises(OSError):
        person.save()
    assert not Person.objects.exists()
    assert media_files(settings) == []


def test_an_upload_sharing_another_image_s_name_but_not_its_format_gets_its_own_renditions(
    settings,
):
    def solid(colour, kind):
        buffer = io.BytesIO()
        Image.new("RGB", (400, 300), colour).save(buffer, kind)
        return buffer.getvalue()

    red = Person(name="Red", photo_alt="Red")
    red.photo = ContentFile(solid((255, 0, 0), "PNG"), name="portrait.png")
    red.save()
    blue = Person(name="Blue", photo_alt="Blue")
    blue.photo = ContentFile(solid((0, 0, 255), "JPEG"), name="portrait.jpg")
    blue.save()
    for person, colour in [(red, (255, 0, 0)), (blue, (0, 0, 255))]:
        for _, width, _ in renditions(person.photo):
            path = settings.MEDIA_ROOT / rendition_name(person.photo.name, width)
            with Image.open(path) as rendition:
                red_level, _, blue_level = rendition.convert("RGB").getpixel((10, 10))
            assert (red_level > 200, blue_level > 200) == (colour[0] > 200, colour[2] > 200)


@pytest.fixture
def portrait(admin_client, settings):
    upload_portrait(admin_client, png(700, 500))
    return Person.objects.get()


def test_replacing_an_image_keeps_the_old_one_in_the_library_until_it_is_deleted_there(
    admin_client, settings, portrait, django_capture_on_commit_callbacks
):
    old = media_files(settings)
    was = portrait.photo_library_image
    content = png(500, 700)
    upload = SimpleUploadedFile("new.png", content, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:people_person_change", args=[portrait.pk]),
            person_form(photo=upload, slug=portrait.slug),
        )
    assert response.status_code == 302
    portrait.refresh_from_db()
    new = f"people/new.{hashlib.sha256(content).hexdigest()[:16]}.png"
    assert portrait.photo.name == new
    assert portrait.photo_library_image.file.name == new
    assert media_files(settings) == sorted(
        [*old, new, *(rendition_name(new, width) for width in (320, 500))]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:newsroom_image_delete", args=[was.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert media_files(settings) == sorted(
        [new, *(rendition_name(new, width) for width in (320, 500))]
    )


def test_deleting_a_row_leaves_its_image_to_the_library_which_takes_it_away(
    admin_client, settings, portrait, django_capture_on_commit_callbacks
):
    shown = media_files(settings)
    entry = portrait.photo_library_image
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:people_person_delete", args=[portrait.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert media_files(settings) == shown
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:newsroom_image_delete", args=[entry.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert media_files(settings) == []


def test_an_image_another_row_still_shows_is_kept(
    settings, portrait, django_capture_on_commit_callbacks
):
    Person.objects.create(name="Twin", photo=portrait.photo.name, photo_alt="Twin")
    kept = media_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        portrait.delete()
    assert media_files(settings) == kept


def test_an_article_keeps_its_replaced_image_for_its_revision_history(
    settings, django_capture_on_commit_callbacks
):
    article = Article(headline="Launch", lead_image_alt="A rocket")
    article.lead_image = ContentFile(png(400, 300), name="rocket.png")
    article.save()
    kept = media_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        article.lead_image = ContentFile(png(300, 400), name="crew.png")
        article.save()
        article.delete()
    assert set(kept) < set(media_files(settings))


def test_a_save_the_database_refuses_leaves_no_files(settings):
    Person.objects.create(name="First", slug="same")
    person = Person(name="Second", slug="same", photo_alt="Second")
    person.photo = ContentFile(png(400, 300), name="second.png")
    with pytest.raises(IntegrityError):
        person.save()
    assert media_files(settings) == []


def project_form(**fields):
    data = {
        "title": "The Challenge",
        "slug": "",
        "native_title": "",
        "aliases": "",
        "status": "announced",
        "country": "",
        "tags": "",
        "logline": "",
        "synopsis": "",
        "poster_alt": "A poster",
        "poster_credit": "",
    }
    for inline in ("credits", "milestones"):
        data |= {
            f"{inline}-TOTAL_FORMS": "0",
            f"{inline}-INITIAL_FORMS": "0",
            f"{inline}-MIN_NUM_FORMS": "0",
            f"{inline}-MAX_NUM_FORMS": "1000",
        }
    return data | fields


def article_form(**fields):
    data = change_form_data(Article(), headline="Launch", slug="launch", lead_image_alt="Rocket")
    return data | {"base_version": 1, **fields}


@pytest.mark.parametrize(
    ("url", "form", "model", "field"),
    [
        ("admin:projects_project_add", project_form, Project, "poster"),
        ("admin:articles_article_add", article_form, Article, "lead_image"),
    ],
)
def test_a_tall_image_saves_through_every_admin_and_a_too_thin_one_is_refused(
    admin_client, settings, url, form, model, field
):
    tall = SimpleUploadedFile("tall.png", png(100, 17000), content_type="image/png")
    assert admin_client.post(reverse(url), form(**{field: tall})).status_code == 302
    [(_, width, height)] = renditions(getattr(model.objects.get(), field))
    assert (width, height) == (96, 16320)
    model.objects.all().delete()

    thin = SimpleUploadedFile("thin.png", png(1, 20000), content_type="image/png")
    response = admin_client.post(reverse(url), form(**{field: thin}))
    assert response.status_code == 200
    assert "too tall and narrow" in response.content.decode()
    assert not model.objects.exists()
