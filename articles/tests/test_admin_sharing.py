"""The Search and social fields on the article's admin page: their limits, the social image's
upload guards, the checklist's length warnings and the share preview."""

import html
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.checklist import WARNING, Draft, review
from articles.models import Article, Author
from articles.tests.factories import ArticleFactory, SourceFactory, change_form_data, make_writer
from newsroom.images import renditions
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 80)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_header_claiming(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def preview_url(article=None):
    return reverse("admin:articles_article_share_preview", args=[article.pk] if article else [])


def share_card(page):
    """The share preview's card as the editor reads it: domain, title, description, picture."""
    section = re.search(r'<fieldset[^>]*id="share-preview".*?</fieldset>', page, re.S)
    assert section, "no share preview on the page"
    section = section.group(0)

    def text(name):
        found = re.search(rf'<p class="share-card-{name}"[^>]*>(.*?)</p>', section, re.S)
        return html.unescape(found.group(1)) if found else None

    image = re.search(r'<img class="share-card-image" src="([^"]*)" alt="([^"]*)"', section)
    return {
        "domain": text("domain"),
        "title": text("title"),
        "description": text("description"),
        "image": image and html.unescape(image.group(1)),
        "alt": image and html.unescape(image.group(2)),
        "html": section,
    }


@pytest.fixture
def byline():
    return Author.objects.create(name="Anna Orbit", slug="anna-orbit")


@pytest.fixture
def ready(byline):
    """A draft that passes every check, with a lead image."""
    article = ArticleFactory(
        draft=True,
        headline="Challenge crew lands with the first film shot in orbit",
        standfirst="The crew of Challenge is back on Earth.",
        body="Yulia Peresild and Klim Shipenko are back on Earth.",
        authors=[byline],
        people=[PersonFactory(name="Yulia Peresild", slug="yulia-peresild")],
        lead_image_alt="The capsule on the steppe",
    )
    article.lead_image = SimpleUploadedFile("lead.jpg", jpeg(1600, 900))
    article.save()
    SourceFactory(article=article, publisher="Roscosmos", url="")
    return article


def test_the_change_page_shows_the_fields_and_a_card_that_falls_back(editor_client, ready):
    page = editor_client.get(change_url(ready)).text
    for name in ("seo_title", "meta_description", "social_image", "social_image_alt"):
        assert f'name="{name}"' in page
    assert "Search results show about 60 characters" in page
    assert "Search results show about 160 characters" in page
    card = share_card(page)
    assert card["domain"] == "127.0.0.1"
    assert card["title"] == ready.headline
    assert card["description"] == ready.standfirst
    assert card["image"] == renditions(ready.lead_image)[-1][0]
    assert card["alt"] == "The capsule on the steppe"
    assert "articles/admin/sharing.js" in page
    assert "<script>" not in card["html"] and "style=" not in card["html"]


def test_overrides_saved_in_the_admin_show_in_the_card_and_on_the_page(
    editor_client, ready, client
):
    response = editor_client.post(
        change_url(ready),
        change_form_data(
            ready,
            seo_title="Challenge crew home",
            meta_description="The first feature shot in orbit is in the can.",
            social_image=SimpleUploadedFile("card.jpg", jpeg(1200, 630)),
            social_image_alt="The crew waving",
        ),
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.social_image.name.startswith("articles/social/")
    card = share_card(editor_client.get(change_url(ready)).text)
    assert card["title"] == "Challenge crew home"
    assert card["description"] == "The first feature shot in orbit is in the can."
    assert card["image"] == renditions(ready.social_image)[-1][0]
    assert card["alt"] == "The crew waving"
    # The article's page (its preview, as a draft) shares the same card.
    preview = editor_client.get(reverse("articles:preview", args=[ready.pk])).text
    assert '<meta property="og:title" content="Challenge crew home">' in preview
    assert f'<meta property="og:image" content="http://127.0.0.1:8000{card["image"]}">' in preview


@pytest.mark.parametrize(
    "filename, content, message",
    [
        ("notes.jpg", b"this is not an image at all", "Upload a valid image"),
        (
            "card.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Upload a valid image",
        ),
        ("huge.png", png_header_claiming(8000, 6000), "megapixels"),
    ],
)
def test_a_bad_social_image_gets_a_form_error_and_keeps_the_typed_text(
    editor_client, ready, filename, content, message
):
    response = editor_client.post(
        change_url(ready),
        change_form_data(
            ready,
            seo_title="A title the editor typed",
            social_image=SimpleUploadedFile(filename, content),
            social_image_alt="Something",
        ),
    )
    assert response.status_code == 200
    assert message in response.text
    assert "A title the editor typed" in response.text
    ready.refresh_from_db()
    assert not ready.social_image and ready.seo_title == ""


def test_a_social_image_over_the_size_limit_is_refused(editor_client, ready, settings):
    settings.MAX_IMAGE_BYTES = 50_000
    big = jpeg(2000, 2000) + b"\0" * 60_000
    response = editor_client.post(
        change_url(ready),
        change_form_data(
            ready, social_image=SimpleUploadedFile("big.jpg", big), social_image_alt="Big"
        ),
    )
    assert response.status_code == 200
    assert "images may be at most" in response.text
    ready.refresh_from_db()
    assert not ready.social_image


def test_a_social_image_needs_alt_text(editor_client, ready):
    response = editor_client.post(
        change_url(ready),
        change_form_data(ready, social_image=SimpleUploadedFile("card.jpg", jpeg(1200, 630))),
    )
    assert response.status_code == 200
    assert "Describe the image for readers who cannot see it." in response.text
    ready.refresh_from_db()
    assert not ready.social_image


@pytest.mark.parametrize(
    "field, length, limit", [("seo_title", 201, 200), ("meta_description", 301, 300)]
)
def test_overrides_past_their_hard_limit_get_a_form_error(
    editor_client, ready, field, length, limit
):
    response = editor_client.post(
        change_url(ready), change_form_data(ready, **{field: "x" * length})
    )
    assert response.status_code == 200
    assert f"Ensure this value has at most {limit} characters (it has {length})." in html.unescape(
        response.text
    )
    ready.refresh_from_db()
    assert getattr(ready, field) == ""


def draft(**fields):
    return Draft.typed(
        headline="Crew lands",
        standfirst="",
        body="Text.",
        has_byline=True,
        has_subjects=True,
        has_sources=True,
        has_lead_image=False,
        lead_image_alt="",
        **fields,
    )


def search_and_social(checklist):
    return next(check for check in checklist.checks if check.label == "Search and social")


@pytest.mark.parametrize(
    "fields, warned",
    [
        ({}, []),
        ({"seo_title": "t" * 60, "meta_description": "d" * 160}, []),
        ({"seo_title": "t" * 61}, ["The search and social title is 61 characters long"]),
        (
            {"meta_description": "d" * 161},
            ["The search and social description is 161 characters long"],
        ),
        (
            {"seo_title": "t" * 200, "meta_description": "d" * 300},
            [
                "The search and social title is 200 characters long",
                "The search and social description is 300 characters long",
            ],
        ),
    ],
)
def test_the_checklist_warns_of_overrides_search_results_cut(fields, warned):
    check = search_and_social(review(draft(**fields)))
    assert [finding.level for finding in check.findings] == [WARNING] * len(warned)
    for finding, start in zip(check.findings, warned, strict=True):
        assert finding.message.startswith(start)


def test_publishing_with_a_long_seo_title_is_held_for_the_warning(editor_client, ready):
    held = editor_client.post(
        change_url(ready), change_form_data(ready, _publish="1", seo_title="t" * 75)
    )
    assert held.status_code == 200
    assert "Not published yet: the checklist below has 1 warning." in held.text
    assert "The search and social title is 75 characters long" in held.text
    ready.refresh_from_db()
    assert ready.status == Article.Status.DRAFT

    published = editor_client.post(
        change_url(ready),
        change_form_data(ready, _publish="1", seo_title="t" * 75, publish_despite_warnings="on"),
    )
    assert published.status_code == 302
    assert Article.objects.published().get().seo_title == "t" * 75


def test_the_preview_endpoint_follows_the_typed_text_and_the_saved_picture(editor_client, ready):
    typed = editor_client.post(
        preview_url(ready),
        {
            "headline": "A new headline",
            "standfirst": "A new standfirst",
            "seo_title": "",
            "meta_description": "",
        },
    ).json()
    assert typed == {
        "title": "A new headline",
        "description": "A new standfirst",
        "domain": "127.0.0.1",
        "image": renditions(ready.lead_image)[-1][0],
        "image_width": 1280,
        "image_height": 720,
        "image_alt": "The capsule on the steppe",
    }
    overridden = editor_client.post(
        preview_url(ready),
        {
            "headline": "A new headline",
            "standfirst": "",
            "seo_title": "  Shared title\x00 ",
            "meta_description": "Shared\u202e description",
        },
    ).json()
    assert overridden["title"] == "Shared title"
    assert overridden["description"] == "Shared\u202e description"
    # A new article: nothing saved, the typed text only.
    new = editor_client.post(preview_url(), {"headline": "Fresh", "standfirst": ""}).json()
    assert (new["title"], new["description"], new["image"]) == ("Fresh", "Fresh", "")


def test_hostile_text_in_the_card_is_escaped(editor_client, ready):
    Article.objects.filter(pk=ready.pk).update(
        seo_title='"><script>alert(1)</script>',
        meta_description="<img src=x onerror=alert(1)>",
        lead_image_alt='" onload="alert(1)',
    )
    card = share_card(editor_client.get(change_url(ready)).text)
    assert "<script>alert" not in card["html"] and "<img src=x" not in card["html"]
    assert card["title"] == '"><script>alert(1)</script>'
    assert card["description"] == "<img src=x onerror=alert(1)>"
    assert card["alt"] == '" onload="alert(1)'


def test_the_preview_endpoint_is_for_the_newsroom_only(client, editor_client, ready):
    assert editor_client.get(preview_url(ready)).status_code == 405
    assert (
        editor_client.post(
            reverse("admin:articles_article_share_preview", args=[999999])
        ).status_code
        == 404
    )
    client.logout()
    anonymous = client.post(preview_url(ready), {"headline": "x"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    # A writer who does not write this article learns nothing of it.
    client.force_login(make_writer("colleague", "Colin Colleague"))
    refused = client.post(preview_url(ready), {"headline": "x"})
    assert refused.status_code == 404
    assert ready.headline not in refused.content.decode()
    assert ready.lead_image.name not in refused.content.decode()


def test_the_typed_overrides_are_autosaved_and_offered_back(editor_client, ready):
    fields = {
        "seo_title": "Typed title",
        "meta_description": "Typed description",
        "social_image_alt": "Typed alt",
    }
    kept = editor_client.post(
        reverse("admin:articles_article_autosave", args=[ready.pk]),
        json.dumps({"fields": fields, "base_version": ready.version}),
        content_type="application/json",
    )
    assert kept.status_code == 200
    page = editor_client.get(change_url(ready)).text
    offer = re.search(r'<script id="autosave-offer" type="application/json">(.*?)</script>', page)
    assert json.loads(offer[1])["fields"] == fields
    ready.refresh_from_db()
    assert ready.seo_title == ""
