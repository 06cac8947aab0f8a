"""Readers' browsers and feed readers revalidate instead of downloading again."""

import pytest

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
