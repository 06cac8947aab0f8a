import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def test_search_url_is_what_the_header_form_submits_to():
    assert URL == "/search/"


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_empty_query_shows_the_form(client, params):
    ArticleFactory(headline="Launch crew named")
    response = client.get(URL, params)
    assert response.status_code == 200
    assert 'role="search"' in response.text and 'name="q"' in response.text
    assert "Nothing found" not in response.text
    assert "Launch crew named" not in response.text


def test_demo_newsroom_cyrillic_latin_and_alias_queries(client, demo):
    for query, expected in [
        ("Вызов", "/projects/challenge/"),
        ("Peresild", "/people/yulia-peresild/"),
        ("Пересильд", "/people/yulia-peresild/"),
        ("Shepenko", "/people/klim-shipenko/"),
    ]:
        response = client.get(URL, {"q": query})
        assert response.status_code == 200
        assert f'href="{expected}"' in response.text, query


def test_results_link_to_pages_and_mark_the_matched_words(client):
    article = ArticleFactory(headline="Soyuz lands", body="The capsule landed after twelve days.")
    response = client.get(URL, {"q": "twelve"})
    assert f'<a href="{article.get_absolute_url()}">Soyuz lands</a>' in response.text
    assert "<mark>twelve</mark>" in response.text
    assert "1 result for “twelve”" in response.text


def test_drafts_never_show(client):
    ArticleFactory(headline="Secret premiere plans", status=Article.Status.DRAFT)
    response = client.get(URL, {"q": "premiere"})
    assert "Secret premiere plans" not in response.text
    assert "Nothing found for “premiere”" in response.text


def test_indexed_text_cannot_inject_markup(client):
    PersonFactory(
        name='<script>alert("x")</script> Launcher',
        description="",
        bio='<img src=x onerror=alert(1)> launch <b onclick="x">',
    )
    response = client.get(URL, {"q": "launcher launch"})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "<img src=x" not in response.text
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Launcher</mark>" in response.text
    )
    assert (
        "&lt;img src=x onerror=alert(1)&gt; <mark>launch</mark> &lt;b onclick=“x”&gt;"
        in response.text
    )


HOSTILE_QUERIES = [
    '"',
    "'",
    '"unbalanced',
    "AND",
    "OR NOT",
    "launch AND",
    "*",
    "launch*",
    "NEAR(launch crew, 2)",
    "NEAR(",
    "title:launch",
    "^launch",
    "-launch",
    "launch)",
    "((((",
    "%_\\",
    "'; DROP TABLE articles_article; --",
    "<script>alert(1)</script>",
    "\x00",
    "🚀🚀",
    "the of and a",
    "l" * 1000,
    " ".join(["launch"] * 200)[:1000],
    "Вызов" * 200,
    "launch " * 2000,
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_answer_200(client, query):
    ArticleFactory(headline="Launch crew named", body="The crew will launch in October.")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "result" in response.text or "Nothing found" in response.text


def test_operator_words_are_searched_as_words(client):
    ArticleFactory(headline="Fuel AND oxygen", body="Words only.")
    response = client.get(URL, {"q": "and"})
    assert "1 result" in response.text


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", "²", "9" * 30, "10001"])
def test_bad_page_numbers_are_404_not_500(client, page):
    ArticleFactory(headline="Launch crew named")
    assert client.get(URL, {"q": "launch", "page": page}).status_code == 404


@pytest.mark.parametrize("page", ["", "1", "last"])
def test_first_and_last_page(client, page):
    ArticleFactory(headline="Launch crew named")
    response = client.get(URL, {"q": "launch", "page": page})
    assert response.status_code == 200
    assert "<mark>Launch</mark> crew named" in response.text


def test_unknown_kind_is_ignored(client):
    ArticleFactory(headline="Launch crew named")
    response = client.get(URL, {"q": "launch", "kind": "<script>"})
    assert response.status_code == 200
    assert "1 result" in response.text


def groups(response):
    """[(heading, number of results)] of each group of results, in the page's order."""
    groups = re.split(r'<h2 id="search-group-\d+">', response.text)[1:]
    return [
        (group[: group.index("</h2>")], group.count('class="search-result ')) for group in groups
    ]


def test_results_are_paginated_and_grouped(client):
    PersonFactory(name="Orbit Walker")
    ArticleFactory.create_batch(25, headline="Orbit news")
    first = client.get(URL, {"q": "orbit"})
    assert "26 results for “orbit”" in first.text
    assert groups(first) == [("Articles", 20)]
    assert 'href="?q=orbit&amp;page=2"' in first.text
    second = client.get(URL, {"q": "orbit", "page": 2})
    assert groups(second) == [("Articles", 5), ("People", 1)]
    assert 'rel="prev"' in second.text


def test_an_exact_name_brings_its_group_to_the_top(client):
    PersonFactory(name="Orbit Walker")
    ArticleFactory.create_batch(25, headline="Orbit Walker news")
    response = client.get(URL, {"q": "orbit walker"})
    assert [label for label, _count in groups(response)] == ["People", "Articles"]


def test_narrowing_to_one_kind(client):
    walker = PersonFactory(name="Orbit Walker")
    ArticleFactory.create_batch(3, headline="Orbit news")
    response = client.get(URL, {"q": "orbit", "kind": "person"})
    assert groups(response) == [("People", 1)]
    assert f'<a href="{walker.get_absolute_url()}"><mark>Orbit</mark> Walker</a>' in response.text
    assert 'href="?q=orbit&amp;kind=article">Articles (3)</a>' in response.text


def make_content(size):
    for n in range(size):
        PersonFactory(name=f"Orbit Person {n}")
        ProjectFactory(title=f"Orbit Film {n}")
        OrganisationFactory(name=f"Orbit Studio {n}")
        ArticleFactory(headline=f"Orbit news {n}", tags=["orbit", f"tag-{n}"])


# Exact names, counts and the page's results in one, whatever kinds the page shows: with 2 of
# each, all four kinds; with 12, the first 20 are 12 articles and 8 people.
@pytest.mark.parametrize("size", [2, 12])
def test_query_count_does_not_grow_with_content(client, django_assert_num_queries, size):
    make_content(size)
    with django_assert_num_queries(1):
        response = client.get(URL, {"q": "orbit"})
    assert response.status_code == 200
    assert f"{4 * size} results for “orbit”" in response.text
    for kind in ["article", "person", "project"]:
        with django_assert_num_queries(1):
            client.get(URL, {"q": "orbit", "kind": kind, "page": 1})


def test_no_inline_script_or_style(client):
    ArticleFactory(headline="Launch crew named")
    html = client.get(URL, {"q": "launch"}).text
    assert not re.search(r"<script(?![^>]*application/ld\+json)", html)
    assert " style=" not in html


def test_results_record_the_search_key(client):
    ArticleFactory(headline="Launch crew named")
    assert "search" in client.get(URL, {"q": "launch"}).wsgi_request.dependencies


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def headlines(response):
    """The headlines of the articles a page of results lists, in its order."""
    return re.findall(
        r'<li class="search-result search-result-article">\s*<h3><a href="[^"]*">(.*?)</a>',
        response.text,
    )


def test_many_matches_are_ranked_among_the_newest_and_the_page_says_so(client, settings):
    settings.SEARCH_RANKED_ARTICLES = 3
    ArticleFactory(headline="Orbit reached", published_at=days_ago(10))
    for day in [3, 2, 1]:
        ArticleFactory(
            headline=f"Crew news {day}", body="They will orbit.", published_at=days_ago(day)
        )
    PersonFactory(name="Orbit Walker")

    response = client.get(URL, {"q": "orbit"})

    assert "5 results for “orbit”" in response.text
    assert (
        "Best matches among the 3 newest of 4 articles that mention “orbit”. "
        '<a href="?q=orbit&amp;sort=newest">Newest first</a>'
    ) in response.text
    # The headline match is older than the three newest: outside the ranking.
    assert sorted(headlines(response)) == ["Crew news 1", "Crew news 2", "Crew news 3"]
    assert groups(response) == [("Articles", 3), ("People", 1)]


def test_a_count_past_its_limit_says_more_than(client, settings):
    settings.SEARCH_RANKED_ARTICLES = 2
    settings.SEARCH_COUNTED_ARTICLES = 3
    ArticleFactory.create_batch(5, headline="Orbit news")
    PersonFactory(name="Orbit Walker")

    response = client.get(URL, {"q": "orbit"})

    assert "More than 4 results for “orbit”" in response.text
    assert "Best matches among the 2 newest of more than 3 articles" in response.text
    assert 'href="?q=orbit&amp;kind=article">Articles (more than 3)</a>' in response.text
    assert groups(response) == [("Articles", 2), ("People", 1)]


def test_fewer_matches_than_ranked_are_all_ranked_and_nothing_is_said(client, settings):
    settings.SEARCH_RANKED_ARTICLES = 3
    ArticleFactory(headline="Orbit reached", published_at=days_ago(10))
    ArticleFactory(headline="Crew news", body="They will orbit.", published_at=days_ago(1))

    response = client.get(URL, {"q": "orbit"})

    assert headlines(response) == ["<mark>Orbit</mark> reached", "Crew news"]
    assert "Best matches among" not in response.text
    assert "sort=newest" not in response.text


def test_newest_first_pages_through_every_match_to_the_oldest(client, settings):
    settings.SEARCH_RANKED_ARTICLES = 3
    ArticleFactory(headline="Orbit first flight", published_at=days_ago(400))
    for day in range(1, 41):
        ArticleFactory(headline=f"Orbit news {day}", published_at=days_ago(day))

    response = client.get(URL, {"q": "orbit", "sort": "newest"})
    assert "All 41 articles that mention “orbit”, newest first." in response.text
    assert '<a href="?q=orbit">Best matches first</a>' in response.text
    seen = headlines(response)
    while 'rel="next"' in response.text:
        link = re.search(r'rel="next" href="([^"]*)"', response.text).group(1)
        response = client.get(URL + link.replace("&amp;", "&"))
        seen += headlines(response)

    assert "Page 3 of 3" in response.text
    assert seen == [f"<mark>Orbit</mark> news {day}" for day in range(1, 41)] + [
        "<mark>Orbit</mark> first flight"
    ]
    last = client.get(URL, {"q": "orbit", "sort": "newest", "page": "last"})
    assert headlines(last)[-1] == "<mark>Orbit</mark> first flight"


def test_newest_first_follows_a_changed_publication_date(client):
    moved = ArticleFactory(headline="Orbit moved", published_at=days_ago(30))
    ArticleFactory(headline="Orbit stays", published_at=days_ago(2))
    moved.published_at = days_ago(1)
    moved.save()

    response = client.get(URL, {"q": "orbit", "sort": "newest"})

    assert headlines(response) == ["<mark>Orbit</mark> moved", "<mark>Orbit</mark> stays"]


def test_newest_first_keeps_exact_names_first_and_narrowing(client):
    PersonFactory(name="Orbit Walker")
    ArticleFactory.create_batch(3, headline="Orbit Walker news")

    response = client.get(URL, {"q": "orbit walker", "sort": "newest"})

    assert [label for label, _count in groups(response)] == ["People", "Articles"]
    assert 'href="?q=orbit+walker&amp;kind=article&amp;sort=newest">Articles (3)</a>' in (
        response.text
    )


def test_a_scheduled_article_appears_in_results_at_its_time(client):
    ArticleFactory(headline="Orbit tonight", published_at=timezone.now() + timedelta(seconds=1.5))

    assert "Nothing found for “orbit”" in client.get(URL, {"q": "orbit"}).text
    assert "Nothing found" in client.get(URL, {"q": "orbit", "sort": "newest"}).text

    time.sleep(1.6)  # Time passing is not a save: nothing touches the index.
    for params in [{"q": "orbit"}, {"q": "orbit", "sort": "newest"}]:
        response = client.get(URL, params)
        assert headlines(response) == ["<mark>Orbit</mark> tonight"], params
        assert "1 result for “orbit”" in response.text


def test_newest_first_counts_every_match(client, settings):
    settings.SEARCH_RANKED_ARTICLES = 2
    settings.SEARCH_COUNTED_ARTICLES = 3
    ArticleFactory.create_batch(5, headline="Orbit news")

    response = client.get(URL, {"q": "orbit", "sort": "newest"})

    assert "5 results for “orbit”" in response.text
    assert "All 5 articles that mention “orbit”, newest first." in response.text
    assert "Page 1 of 1" not in response.text and "More than" not in response.text


def test_a_whole_word_finds_itself_and_a_word_begun_finds_its_completions(client):
    ArticleFactory(headline="Orbit reached", published_at=days_ago(2))
    ArticleFactory(headline="Orbital mechanics", published_at=days_ago(1))

    assert headlines(client.get(URL, {"q": "orbit"})) == ["<mark>Orbit</mark> reached"]
    assert headlines(client.get(URL, {"q": "orbi", "sort": "newest"})) == [
        "<mark>Orbital</mark> mechanics",
        "<mark>Orbit</mark> reached",
    ]
    assert headlines(client.get(URL, {"q": "crew orbit"})) == []


def test_best_matches_rank_headlines_then_standfirsts_then_bodies_newest_first_in_each(client):
    ArticleFactory(headline="Crew back", body="The orbit was low.", published_at=days_ago(1))
    ArticleFactory(
        headline="Crew home",
        body="Orbit after orbit after orbit: orbit, and orbit again.",
        published_at=days_ago(2),
    )
    ArticleFactory(headline="Crew out", standfirst="A lower orbit.", published_at=days_ago(3))
    ArticleFactory(headline="Orbit reached", published_at=days_ago(5))
    ArticleFactory(headline="Orbit kept", published_at=days_ago(4))

    response = client.get(URL, {"q": "orbit"})

    assert headlines(response) == [
        "<mark>Orbit</mark> kept",
        "<mark>Orbit</mark> reached",
        "Crew out",
        "Crew back",
        "Crew home",
    ]


def test_an_excerpt_without_the_query_is_the_standfirst_or_else_the_body(client):
    ArticleFactory(headline="Crew news", standfirst="Notes.", body="Launch day.", tags=["orbit"])
    ArticleFactory(headline="Crew home", standfirst="", body="Landing day.", tags=["orbit"])
    ArticleFactory(headline="Crew out", standfirst="Notes.", body="An orbit at last.")

    html = client.get(URL, {"q": "orbit"}).text

    assert '<p class="search-excerpt">Notes.</p>' in html
    assert '<p class="search-excerpt">Landing day.</p>' in html
    assert '<p class="search-excerpt">An <mark>orbit</mark> at last.</p>' in html


def test_a_person_organisation_or_production_result_offers_its_articles(client, demo):
    for query, page, feed, name in [
        (
            "Peresild",
            "/people/yulia-peresild/",
            "/feeds/people/yulia-peresild.rss",
            "Yulia Peresild",
        ),
        (
            "Roscosmos",
            "/organisations/roscosmos/",
            "/feeds/organisations/roscosmos.rss",
            "Roscosmos",
        ),
        ("Вызов", "/projects/challenge/", "/feeds/projects/challenge.rss", "Challenge"),
    ]:
        html = client.get(URL, {"q": query}).text

        assert f'<a href="{page}#coverage-heading">Articles about {name}</a>' in html, query
        assert f'<a href="{feed}" aria-label="RSS feed of articles about {name}">RSS</a>' in html
        # The articles they offer are there, on their page.
        assert 'id="coverage-heading"' in client.get(page).text


def test_an_offer_of_articles_shows_names_as_text(client):
    PersonFactory(name='<b onclick="x">Launcher</b>', slug="launcher")

    html = client.get(URL, {"q": "launcher"}).text

    assert (
        '<a href="/people/launcher/#coverage-heading">Articles about '
        "&lt;b onclick=&#34;x&#34;&gt;Launcher&lt;/b&gt;</a>" in html
    )
    assert "<b onclick" not in html


@pytest.mark.parametrize("size", [2, 12])
def test_offers_of_articles_need_no_query_of_their_own(client, django_assert_num_queries, size):
    make_content(size)

    with django_assert_num_queries(1):
        html = client.get(URL, {"q": "orbit", "kind": "person"}).text

    offers = re.findall(r'href="/people/([^/"]+)/#coverage-heading">Articles about', html)
    assert len(offers) == size
    for slug in offers:
        assert f'href="/feeds/people/{slug}.rss"' in html
