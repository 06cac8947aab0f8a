"""The years, months and days of the news archive and of the admin's date hierarchy."""

from datetime import datetime

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


def publish(headline, year, month, day):
    return Article.objects.create(
        headline=headline,
        status=Article.Status.PUBLISHED,
        published_at=timezone.make_aware(datetime(year, month, day, 12)),
    )


@pytest.fixture
def archive():
    publish("Late 2019", 2019, 12, 31)
    publish("Early May 2021", 2021, 5, 3)
    publish("Late May 2021", 2021, 5, 30)
    publish("July 2021", 2021, 7, 14)
    Article.objects.create(headline="Undated draft", status=Article.Status.DRAFT)


def reads_every_article_for_its_dates(queries):
    """DISTINCT over each article's truncated date: what Django's datetimes() asks."""
    return [
        query["sql"]
        for query in queries
        if "DISTINCT" in query["sql"].upper() and "TRUNC" in query["sql"].upper()
    ]


def test_datetimes_is_djangos_own(archive):
    years = Article.objects.datetimes("published_at", "year")

    assert isinstance(years, QuerySet)
    assert years.count() == 2
    assert [start.year for start in years.reverse()] == [2021, 2019]


@pytest.mark.parametrize(
    ("url", "dates"),
    [
        ("/news/", ['href="/news/2019/"', 'href="/news/2021/"']),
        ("/news/2021/", ['href="/news/2021/5/"', 'href="/news/2021/7/"']),
    ],
)
def test_the_archive_lists_its_periods_without_reading_every_article(client, archive, url, dates):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    for link in dates:
        assert link in response.text
    assert reads_every_article_for_its_dates(queries) == []


@pytest.mark.parametrize(
    ("lookup", "choices"),
    [
        ({}, ["published_at__year=2019", "published_at__year=2021"]),
        ({"published_at__year": "2021"}, ["published_at__month=5", "published_at__month=7"]),
        (
            {"published_at__year": "2021", "published_at__month": "5"},
            ["published_at__day=3", "published_at__day=30"],
        ),
    ],
)
def test_the_admin_date_hierarchy_finds_its_dates_without_reading_every_article(
    admin_client, archive, lookup, choices
):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:articles_article_changelist"), lookup)

    assert response.status_code == 200
    hierarchy = response.text.split('id="date-hierarchy-label"')[1].split("</nav>")[0]
    for choice in choices:
        assert choice in hierarchy
    assert reads_every_article_for_its_dates(queries) == []


def test_the_admin_date_hierarchy_opens_on_the_only_month_with_news(admin_client):
    publish("Early May 2021", 2021, 5, 3)
    publish("Late May 2021", 2021, 5, 30)

    response = admin_client.get(reverse("admin:articles_article_changelist"))

    hierarchy = response.text.split('id="date-hierarchy-label"')[1].split("</nav>")[0]
    assert '<a href="?published_at__year=2021" class="date-back">' in hierarchy
    assert ">3 May</a>" in hierarchy and ">30 May</a>" in hierarchy
    assert "published_at__day=30" in hierarchy
