from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def feed_url(ext, slug):
    return reverse(f"feeds:tag-{ext}", kwargs={"slug": slug})


def test_tag_with_a_cyrillic_slug_has_a_feed(client, db):
    article = ArticleFactory(tags=["Вызов"])
    tag = article.tags.get()

    response = client.get(feed_url("atom", tag.slug))

    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert [entry.id for entry in parsed.entries] == [article.guid.urn]
    assert parsed.feed.title == "Space Cinema: Вызов"


@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled"])
def test_tag_carried_only_by_unpublished_work_has_no_feed(client, demo, status):
    ArticleFactory(
        headline="Cruise signs for a second film",
        status="published" if status == "scheduled" else status,
        published_at=timezone.now() + timedelta(days=1) if status == "scheduled" else None,
        tags=["Secret sequel"],
    )

    assert client.get("/tags/secret-sequel/").status_code == 404
    for ext in ["rss", "atom", "json"]:
        response = client.get(feed_url(ext, "secret-sequel"))
        assert response.status_code == 404, ext
        assert "Secret sequel" not in response.text, ext
