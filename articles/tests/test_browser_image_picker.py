"""The article page's Insert image button in a real browser under the site's CSP: it searches
the library and writes the chosen picture's reference into the body, which the preview shows
as the figure readers will get."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as Picture
from playwright.sync_api import expect

from newsroom.models import Image

from .factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def library_image(caption, credit, alt, colours):
    picture = Picture.linear_gradient("L").resize((1600, 900))
    picture = Picture.merge(
        "RGB", [picture.point(lambda v, c=c: int(v * c / 255)) for c in colours]
    )
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = Image(alt=alt, caption=caption, credit=credit)
    image.file.save("library.png", ContentFile(buffer.getvalue()), save=False)
    image.save()
    return image


def test_insert_image_writes_a_reference_the_preview_shows_as_a_figure(desk, live_server):
    library_image("Soyuz on the pad", "Roscosmos", "A rocket at dawn", (255, 140, 60))
    wanted = library_image("The crew after landing", "NASA", "Three people", (60, 120, 255))
    article = ArticleFactory(draft=True, headline="Pictures", body="First paragraph.")
    desk.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}")
    body = desk.locator("#id_body")
    body.click()
    body.press("End")
    desk.click("#image-picker-toggle")
    expect(desk.locator(".image-picker-choice")).to_have_count(2)
    desk.fill("#image-picker-search", "crew")
    expect(desk.locator(".image-picker-choice")).to_have_count(1)
    desk.locator(".image-picker-choice").click()
    expect(body).to_have_value(f"First paragraph.\n\n![](image:{wanted.pk})")
    preview = desk.locator("#writing-preview-body")
    expect(preview.locator("figure figcaption")).to_contain_text("The crew after landing")
    expect(preview.locator("figure img")).to_have_attribute("alt", "Three people")
    assert desk.refused == []
