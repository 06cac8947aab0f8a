"""Every public page on the news side costs a fixed number of SQL queries.

The same budget holds for the demo newsroom and for ten times as much content.
"""

import datetime

import pytest
from django.utils import timezone

from articles.corrections import CorrectionListView
from articles.models import Article
from articles.sitemaps import ArticleSitemap
from newsroom import pagination
from newsroom.tests.test_image_library import library_image

pytestmark = pytest.mark.django_db

SITE_PAGES = {
    # the lead story, the featured stories and the latest stored cards in one, rivals with
    # their milestones, busy tags
    "/": 3,
    # tagged articles, hidden ones (unpublished, scheduled, undated, expired: one range of an
    # index each), people, organisations, productions (grouped), tags
    "/tags/": 9,
    # the tag with the productions, people and organisations carrying it, count, stored cards
    "/tags/roscosmos/": 3,
    # the subjects in the news, every kind in one
    "/feeds/": 1,
    # exact names, counts and the page's results in one
    "/search/?q=peresild": 1,
    "/robots.txt": 0,
}


# Pages on the lean read path: exactly this many queries, at either size.
EXACT = {
    # months with news (the stored months and the scheduled articles in one), count, stored
    # cards
    "/news/": 3,
    # months with news (the periods and their neighbours), count, stored cards
    "/news/2021/": 3,
    "/news/2021/05/": 3,
    # article (with its published versions in each language); its tags, bylines,
    # productions, people and organisations in one; the related articles' stored cards from
    # the list kept at write time; sources; corrections
    "/news/space-race-first-film-in-orbit/": 5,
    # the same: its translation into Russian, and an article with no translation
    "/news/kosmicheskaya-gonka-za-pervyj-film/": 5,
    "/news/challenge-premieres-in-russia/": 5,
    # author, count, stored cards
    "/authors/dana-whitfield/": 3,
    # count, the page's corrections with their articles' headlines and addresses
    "/corrections/": 2,
}


def test_a_later_page_of_news_costs_the_same(newsroom_at_scale, client, django_assert_num_queries):
    url = "/news/?page=2" if newsroom_at_scale > 1 else "/news/"
    with django_assert_num_queries(EXACT["/news/"]):
        response = client.get(url)
    assert response.status_code == 200


# Feeds and sitemaps: exactly this many queries, at either size.
FEEDS_AND_SITEMAPS = {
    # the newest articles' dates (the validators) with their items as kept at write time
    "/feeds/news.rss": 1,
    "/feeds/race.rss": 1,
    # the subject, then as all news
    "/feeds/tags/tom-cruise.rss": 2,
    "/feeds/people/tom-cruise.atom": 2,
    # the newest corrections of published articles, with their headlines and addresses
    "/feeds/corrections.rss": 1,
    "/feeds/corrections.atom": 1,
    "/feeds/corrections.json": 1,
    # the bylines with news counted beside the news's count, latest change and newest
    # publication, then every directory's size and latest edit (the tags in use among them)
    "/sitemap.xml": 2,
    # count and rows (their pictures with them), and the rows' published versions in other
    # languages
    "/sitemap-news.xml": 3,
    # the recent articles' newest per tag, the tags in use
    "/sitemap-tags.xml": 2,
    # the recent articles' newest per byline, the bylines with news
    "/sitemap-authors.xml": 2,
    # count and rows (their pictures with them)
    "/sitemap-people.xml": 2,
}


# People, organisations, productions and the race, pinned exactly: the subject with its tags
# (or the list's count and rows), one query per other relation shown (a production's credits,
# backers and milestones in one), the coverage count, the stored cards; the race's two coverage
# counts in one.
SUBJECT_PAGES = {
    "/people/": 3,
    "/people/yulia-peresild/": 5,
    "/organisations/": 3,
    "/organisations/roscosmos/": 4,
    "/projects/": 3,
    "/projects/challenge/": 4,
    "/race/": 3,
}


# Every page above, at either size.
QUERIES = {**SITE_PAGES, **EXACT, **FEEDS_AND_SITEMAPS, **SUBJECT_PAGES}


@pytest.mark.parametrize("url", QUERIES)
def test_page_runs_exactly_its_queries(newsroom_at_scale, client, django_assert_num_queries, url):
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)
    assert response.status_code == 200


def test_a_deep_page_of_news_costs_the_same(newsroom_at_scale, client, django_assert_num_queries):
    # Read from the list's older end, however deep.
    with django_assert_num_queries(EXACT["/news/"]):
        response = client.get("/news/?page=last")
    assert response.status_code == 200


def test_a_later_sitemap_page_costs_the_same(
    newsroom_at_scale, client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 5)
    monkeypatch.setattr(pagination, "DIRECT_ROWS", 0)
    # count, the rows whose ids a subquery picks from the index, their versions
    with django_assert_num_queries(FEEDS_AND_SITEMAPS["/sitemap-news.xml"]):
        response = client.get("/sitemap-news.xml?p=2")
    assert response.status_code == 200


def test_the_latest_news_sitemap_costs_the_same_however_much_news(
    newsroom_at_scale, client, django_assert_num_queries
):
    picture = library_image()
    for number in range(3 * newsroom_at_scale):
        Article.objects.create(
            headline=f"Launch window {number}",
            body=f"Before.\n\n![]({'image'}:{picture.pk})",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(hours=number + 1),
            lead_library_image=picture,
        )
    # count, rows with their pictures, their versions in other languages
    with django_assert_num_queries(3):
        response = client.get("/sitemap-latest-news.xml")
    assert response.status_code == 200
    assert response.content.count(b"<news:news>") == 3 * newsroom_at_scale
    assert response.content.count(b"<image:image>") == 3 * newsroom_at_scale


def test_a_later_page_of_coverage_costs_the_same(
    newsroom_at_scale, client, django_assert_num_queries
):
    url = "/organisations/roscosmos/"
    with django_assert_num_queries(SUBJECT_PAGES[url]):
        response = client.get(f"{url}?page=2" if newsroom_at_scale > 1 else url)
    assert response.status_code == 200


def test_a_later_page_of_corrections_costs_the_same(
    newsroom_at_scale, client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(CorrectionListView, "paginate_by", 3)
    monkeypatch.setattr(pagination, "DIRECT_ROWS", 0)
    # count, the rows whose ids a subquery picks
    with django_assert_num_queries(EXACT["/corrections/"]):
        response = client.get("/corrections/?page=last")
    assert response.status_code == 200
    assert "/news/" in response.content.decode()
