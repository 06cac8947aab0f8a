"""The share preview in a real browser under the site's Content Security Policy: the card
follows what the desk types, by the server's rule, and sits after the Search and social
fields."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_card_follows_the_typing_and_falls_back_when_cleared(desk, live_server):
    article = ArticleFactory(
        draft=True, headline="Soyuz rolls out", standfirst="The rocket is on the pad."
    )
    desk.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}")
    title = desk.locator("#share-card-title")
    description = desk.locator("#share-card-description")
    expect(title).to_have_text("Soyuz rolls out")
    # Moved after the Search and social fields.
    assert desk.locator("fieldset.search-and-social + #share-preview").count() == 1

    desk.fill("#id_seo_title", "<b>Soyuz</b> on the pad")
    desk.fill("#id_meta_description", "Launch in two days.")
    expect(title).to_have_text("<b>Soyuz</b> on the pad")
    expect(description).to_have_text("Launch in two days.")
    assert desk.locator("#share-card-title b").count() == 0

    desk.fill("#id_seo_title", "")
    desk.fill("#id_headline", "Soyuz stands on the pad")
    expect(title).to_have_text("Soyuz stands on the pad")
    assert desk.refused == []
