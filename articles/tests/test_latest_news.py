"""The latest news, as the Google News sitemap lists them: an article leaves them two days after
its publication, by the database's clock with no job to run and through the page cache, whose
stored sitemap lasts until that moment and no longer."""

import datetime

import pytest
from django.utils import timezone

from newsroom.dependencies import LATEST_NEWS

from .factories import ArticleFactory

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
LATEST = "/sitemap-latest-news.xml"


@pytest.fixture
def noon(clock):
    """Both clocks at noon tomorrow: near midnight a page's lifetime is cut to end then."""
    moment = (timezone.now() + DAY).replace(hour=12, minute=0, second=0, microsecond=0)
    clock.shift(moment - timezone.now())
    return moment


@pytest.mark.django_db(transaction=True)
def test_an_article_leaves_the_latest_news_two_days_after_publication(
    client, clock, noon, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    ArticleFactory(headline="Fresh", slug="fresh", published_at=noon - HOUR)
    ArticleFactory(headline="Ageing", slug="ageing", published_at=noon - 2 * DAY + 5 * MINUTE)

    first = client.get(LATEST)
    assert "/news/ageing/" in first.text and "/news/fresh/" in first.text
    assert "s-maxage=300," in first["Cache-Control"]
    assert LATEST_NEWS in first["Surrogate-Key"].split()
    with django_assert_num_queries(0):
        assert "/news/ageing/" in client.get(LATEST).text

    clock.shift(5 * MINUTE + datetime.timedelta(seconds=1))

    later = client.get(LATEST)
    assert "/news/ageing/" not in later.text
    assert "/news/fresh/" in later.text
    assert "/news/ageing/" in client.get("/sitemap-news.xml").text
    assert "/news/ageing/" in client.get("/news/").text


@pytest.mark.django_db(transaction=True)
def test_the_latest_news_list_a_scheduled_article_at_its_time(client, clock, noon, settings):
    settings.PAGE_CACHE_SECONDS = 600
    ArticleFactory(headline="Due", slug="due", published_at=noon + 10 * MINUTE)

    first = client.get(LATEST)
    assert "/news/due/" not in first.text
    assert "s-maxage=600," in first["Cache-Control"]

    clock.shift(10 * MINUTE + datetime.timedelta(seconds=1))

    assert "<news:title>Due</news:title>" in client.get(LATEST).text
