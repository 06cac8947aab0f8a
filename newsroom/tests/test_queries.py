"""Every public page on the news side costs a fixed number of SQL queries.

The same budget holds for the demo newsroom and for ten times as much content.
"""

import pytest

pytestmark = pytest.mark.django_db

BUDGETS = {
    # lead card + bylines, latest cards + bylines, rivals with their milestones, busy tags
    "/": 6,
    # years (first, last, one probe per year), count, articles, bylines
    "/news/": 6,
    # months or days (3), count, articles, bylines, previous and next year (2 each)
    "/news/2021/": 11,
    "/news/2021/05/": 11,
    # article + 7 prefetches, related + bylines
    "/news/space-race-first-film-in-orbit/": 10,
    # author, count, articles, bylines
    "/authors/dana-whitfield/": 4,
    # tagged articles, hidden ones, people, organisations, productions (grouped), tags
    "/tags/": 6,
    # tag, count, articles, bylines, productions, people, organisations
    "/tags/roscosmos/": 7,
    # the subjects in the news, one query per kind
    "/feeds/": 5,
    # exact names, then counts and the page in one, then one query per kind it shows (3)
    "/search/?q=peresild": 5,
    # per section but the fixed one: its size and its latest change (the tags' size: 7,
    # the bylines': 2)
    "/sitemap.xml": 19,
    # count and items
    "/sitemap-news.xml": 2,
    # the tags in use (6), and the recent articles' newest per tag
    "/sitemap-tags.xml": 7,
    "/sitemap-people.xml": 2,
    "/robots.txt": 0,
}


@pytest.mark.parametrize("url", BUDGETS)
def test_page_query_budget_does_not_grow(newsroom_at_scale, client, django_assert_num_queries, url):
    with django_assert_num_queries(BUDGETS[url]):
        response = client.get(url)
    assert response.status_code == 200


def test_a_later_page_of_news_costs_the_same(newsroom_at_scale, client, django_assert_num_queries):
    url = "/news/?page=2" if newsroom_at_scale > 1 else "/news/"
    with django_assert_num_queries(BUDGETS["/news/"]):
        response = client.get(url)
    assert response.status_code == 200
