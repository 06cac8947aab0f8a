"""A byline's photo and bio: uploaded through the image guards every picture passes, shown on
the byline's page with renditions; the bio escaped."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Author
from newsroom.images import is_content_named
from people.tests.pages import html_of

from .factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def author_form(author, **overrides):
    return {
        "name": author.name,
        "slug": author.slug,
        "bio": author.bio,
        "user": "",
        "photo_alt": "",
        **overrides,
    }


def header(client, url):
    html = html_of(client, url)
    start = html.index('<header class="page-header">')
    return html[start : html.index("</header>", start)]


def test_a_photo_uploaded_in_the_admin_shows_on_the_bylines_page(admin_client, client):
    author = AuthorFactory(name="Dana Whitfield", slug="dana-whitfield")
    ArticleFactory(authors=[author])
    upload = SimpleUploadedFile("dana.png", png(800, 1000), content_type="image/png")

    response = admin_client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        author_form(author, photo=upload, photo_alt="Dana at the launch site"),
    )

    assert response.status_code == 302
    author.refresh_from_db()
    assert is_content_named(author.photo.name)
    assert (author.photo_width, author.photo_height) == (800, 1000)
    shown = header(client, "/authors/dana-whitfield/")
    assert '<figure class="profile-image"><img src="/media/' in shown
    assert 'srcset="/media/' in shown
    assert 'width="800" height="1000" alt="Dana at the launch site"' in shown
    page = html_of(client, "/authors/dana-whitfield/")
    shared = re.search(r'<meta property="og:image" content="([^"]+)"', page)[1]
    assert "/media/renditions/authors/" in shared


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("notes.png", b"not an image at all", "Upload a valid image"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "Upload a valid image"),
    ],
)
def test_a_bad_photo_gets_a_form_error_and_keeps_what_was_typed(
    admin_client, filename, content, message
):
    author = AuthorFactory(name="Dana Whitfield")

    response = admin_client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        author_form(author, photo=SimpleUploadedFile(filename, content), bio="Typed with care"),
    )

    assert response.status_code == 200
    assert message in response.text
    assert "Typed with care" in response.text
    author.refresh_from_db()
    assert not author.photo
    assert author.bio != "Typed with care"


def test_a_byline_without_a_photo_shows_none(client):
    author = AuthorFactory(slug="desk")
    ArticleFactory(authors=[author])

    assert "<figure" not in header(client, "/authors/desk/")
    assert "og:image" not in html_of(client, "/authors/desk/")


def test_the_bio_is_shown_escaped(client):
    author = AuthorFactory(
        slug="dana", bio='<script>alert("x")</script> Covers **Soyuz** & the ISS.'
    )
    ArticleFactory(authors=[author])

    shown = header(client, "/authors/dana/")

    assert "<script>alert" not in html_of(client, "/authors/dana/")
    assert "&lt;script&gt;" in shown
    assert "<strong>Soyuz</strong> &amp; the ISS." in shown
    assert Author.objects.get().bio_html in shown
