"""Readers' browsers and feed readers revalidate instead of downloading again."""

import hashlib

import pytest
from django.urls import reverse

from articles.models import Article, Correction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_an_article_page_answers_304_until_it_is_corrected(client, demo):
    article = Article.objects.published().first()
    first = client.get(article.get_absolute_url())
    assert first.status_code == 200
    for condition in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        repeat = client.get(article.get_absolute_url(), **condition)
        assert repeat.status_code == 304
        assert repeat.content == b""

    Correction.objects.create(article=article, text="The crew landed on 17 October.")
    corrected = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert corrected.status_code == 200
    assert "The crew landed on 17 October." in corrected.content.decode()
    assert corrected["ETag"] != first["ETag"]


@pytest.mark.parametrize("name", ["feeds:news-rss", "feeds:news-atom", "feeds:news-json"])
def test_the_news_feeds_answer_304_until_an_article_is_published(client, demo, name):
    url = reverse(name)
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    Article.objects.create(headline="Challenge wins a festival prize", status="published")
    fresh = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert "Challenge wins a festival prize" in fresh.content.decode()


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_a_page_is_tagged_by_a_digest_of_its_bytes(client, demo, settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    page = client.get("/")
    assert page["ETag"] == f'"{hashlib.sha256(page.content).hexdigest()[:32]}"'
    assert client.get("/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
