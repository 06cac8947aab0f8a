import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from articles.tests.factories import change_form_data
from newsroom.images import RENDITION_WIDTHS, rendition_name, renditions
from people.models import Person

pytestmark = pytest.mark.django_db


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 40, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_header_claiming(width, height):
    """A tiny PNG whose header claims a huge canvas: the size check must not decode it."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def person_form(**overrides):
    data = {
        "name": "Yulia Peresild",
        "slug": "",
        "native_name": "",
        "aliases": "",
        "description": "",
        "country": "",
        "tags": "",
        "bio": "",
        "photo_alt": "A portrait",
        "photo_credit": "",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_renditions_are_made_once_on_save(settings):
    person = Person(name="Anton Shkaplerov", photo_alt="Portrait")
    person.photo.save("anton.jpg", ContentFile(jpeg(1500, 1000)), save=True)
    media = settings.MEDIA_ROOT
    sizes = renditions(person.photo)
    assert [width for _, width, _ in sizes] == list(RENDITION_WIDTHS)
    assert sizes[0][2] == round(1000 * 320 / 1500)
    for width in RENDITION_WIDTHS:
        path = media / rendition_name(person.photo.name, width)
        assert path.exists()
        with Image.open(path) as rendition:
            assert rendition.format == "WEBP"
            assert rendition.width == width
    modified = (media / rendition_name(person.photo.name, 320)).stat().st_mtime_ns
    person.description = "cosmonaut"
    Person.objects.get(pk=person.pk).save()
    assert (media / rendition_name(person.photo.name, 320)).stat().st_mtime_ns == modified


def test_a_small_image_gets_one_rendition_at_its_own_width():
    person = Person(name="Small", photo_alt="Small")
    person.photo.save("small.jpg", ContentFile(jpeg(200, 100)), save=True)
    assert [(width, height) for _, width, height in renditions(person.photo)] == [(200, 100)]


def test_admin_upload_of_a_real_image_works(admin_client, settings):
    upload = SimpleUploadedFile("portrait.jpg", jpeg(800, 1000), content_type="image/jpeg")
    response = admin_client.post(
        reverse("admin:people_person_add"), person_form(photo=upload), follow=True
    )
    assert response.status_code == 200
    person = Person.objects.get(name="Yulia Peresild")
    assert person.photo_width == 800
    assert (settings.MEDIA_ROOT / rendition_name(person.photo.name, 640)).exists()


@pytest.mark.parametrize(
    "filename, content, message",
    [
        ("notes.jpg", b"this is not an image at all", "Upload a valid image"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Upload a valid image",
        ),
        ("huge.png", png_header_claiming(8000, 6000), "megapixels"),
    ],
)
def test_bad_uploads_get_a_form_error_and_keep_the_typed_text(
    admin_client, filename, content, message
):
    upload = SimpleUploadedFile(filename, content)
    response = admin_client.post(
        reverse("admin:people_person_add"),
        person_form(photo=upload, bio="A bio the editor typed"),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "A bio the editor typed" in response.content.decode()
    assert not Person.objects.exists()


def test_an_upload_over_ten_megabytes_is_refused(admin_client, settings):
    settings.MAX_IMAGE_BYTES = 50_000
    big = jpeg(2000, 2000) + b"\0" * 60_000
    response = admin_client.post(
        reverse("admin:people_person_add"),
        person_form(photo=SimpleUploadedFile("big.jpg", big, content_type="image/jpeg")),
    )
    assert response.status_code == 200
    assert "images may be at most" in response.content.decode()
    assert not Person.objects.exists()


def test_lead_image_needs_alt_text(admin_client):
    upload = SimpleUploadedFile("lead.jpg", jpeg(1200, 800), content_type="image/jpeg")
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        change_form_data(
            Article(headline="Launch", body="Text", status="draft", slug=""), lead_image=upload
        ),
    )
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()
    assert not Article.objects.exists()
