"""Scheduling and unpublishing, seen from the reader's side: pages, feeds and the sitemap."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse_lazy
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, make_editor

pytestmark = pytest.mark.django_db

# Everything a reader or a subscriber reaches the article through.
READER_PAGES = {
    "home": reverse_lazy("home"),
    "news list": reverse_lazy("articles:list"),
    "sitemap": reverse_lazy("django.contrib.sitemaps.views.sitemap", kwargs={"section": "news"}),
    "RSS": reverse_lazy("feeds:news-rss"),
    "Atom": reverse_lazy("feeds:news-atom"),
    "JSON Feed": reverse_lazy("feeds:news-json"),
}


def seen_by_readers(client, article):
    detail = client.get(article.get_absolute_url())
    pages = {name: client.get(url).content.decode() for name, url in READER_PAGES.items()}
    return {
        "published()": Article.objects.published().filter(pk=article.pk).exists(),
        "article page": detail.status_code == 200,
        **{name: article.get_absolute_url() in html for name, html in pages.items()},
    }


def test_scheduled_article_appears_everywhere_by_itself_when_its_time_comes(client):
    """SQLite's clock decides (published() compares with Now()), so the test waits for it:
    time-machine moves Python's clock, not the database's."""
    editor = make_editor()
    ArticleFactory(draft=True, status=Article.Status.PUBLISHED, published_at=timezone.now())
    article = ArticleFactory(draft=True, headline="Launch day", slug="launch-day")
    going_live = timezone.now() + timedelta(seconds=2)

    article.publish(by=editor, at=going_live)

    assert not any(seen_by_readers(client, article).values())
    while timezone.now() <= going_live + timedelta(milliseconds=50):
        time.sleep(0.1)
    assert all(seen_by_readers(client, article).values()), seen_by_readers(client, article)


def test_unpublishing_takes_the_article_off_every_page(client):
    editor = make_editor()
    article = ArticleFactory(draft=True, headline="Landing", slug="landing")
    article.publish(by=editor)
    assert all(seen_by_readers(client, article).values())

    article.unpublish(by=editor)

    assert not any(seen_by_readers(client, article).values())
