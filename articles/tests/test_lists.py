"""Every page of every list shows the list's articles in order, whichever end of the list a
page is read from (articles/lists.py reads a page from the nearer end), and a subject's list
holds its scheduled articles back until their time."""

import datetime
import re
import time

import pytest
from django.utils import timezone

from articles.tests.factories import ArticleFactory, AuthorFactory
from people.tests.pages import html_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    """Fifty published articles, pairs sharing a time (the id decides), tagged "busy" (45),
    "middling" (25) or "rare" (3), with a draft and a scheduled article carrying every tag.
    {tag: headlines newest first}, and "news" for them all."""
    now = timezone.now()
    rare = {3, 17, 41}
    lists = {"news": [], "busy": [], "middling": [], "rare": []}
    for number in range(50):
        tags = [
            *(["busy"] if number % 10 != 9 else []),
            *(["middling"] if number % 2 else []),
            *(["rare"] if number in rare else []),
        ]
        article = ArticleFactory(
            headline=f"Dispatch {number:02d}",
            published_at=now - datetime.timedelta(hours=1 + number // 2),
            tags=tags,
        )
        for name in ["news", *tags]:
            lists[name].append((article.published_at, article.pk, article.headline))
    everything = ["busy", "middling", "rare"]
    ArticleFactory(headline="Dispatch draft", draft=True, tags=everything)
    ArticleFactory(
        headline="Dispatch scheduled",
        published_at=now + datetime.timedelta(days=1),
        tags=everything,
    )
    return {
        name: [headline for _, _, headline in sorted(rows, reverse=True)]
        for name, rows in lists.items()
    }


def headlines(client, url):
    return re.findall(r"Dispatch [\w ]+?(?=<)", html_of(client, url))


@pytest.mark.parametrize(
    ("name", "url", "size"),
    [
        ("news", "/news/", 20),
        ("busy", "/tags/busy/", 20),
        ("middling", "/tags/middling/", 20),
        ("rare", "/tags/rare/", 20),
    ],
)
def test_each_page_of_a_list_shows_its_share_in_order(client, news, name, url, size):
    expected = news[name]
    pages = -(-len(expected) // size)

    shown = [headlines(client, f"{url}?page={number}") for number in range(1, pages + 1)]

    assert shown == [expected[start : start + size] for start in range(0, len(expected), size)]
    assert client.get(f"{url}?page={pages + 1}").status_code == 404


def test_each_page_of_a_month_shows_its_share_in_order(client):
    start = timezone.make_aware(datetime.datetime(2021, 5, 31, 20))
    articles = [
        ArticleFactory(
            headline=f"Dispatch {number:02d}",
            published_at=start - datetime.timedelta(hours=number // 3),
        )
        for number in range(45)
    ]
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2021, 6, 1, 1)))
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2021, 4, 30, 23)))
    in_may = sorted(articles, key=lambda article: (article.published_at, article.pk))[::-1]
    expected = [article.headline for article in in_may]

    shown = [headlines(client, f"/news/2021/05/?page={number}") for number in (1, 2, 3)]

    assert shown == [expected[:20], expected[20:40], expected[40:]]


def test_cards_read_from_the_older_end_keep_their_bylines_in_order(client):
    zoe, adam = AuthorFactory(name="Zoe Orbit"), AuthorFactory(name="Adam Apogee")
    solo = AuthorFactory(name="Mira Solo")
    oldest = ArticleFactory(
        headline="Dispatch oldest",
        published_at=timezone.now() - datetime.timedelta(days=9),
        authors=[zoe, adam],
    )
    ArticleFactory(headline="Dispatch unsigned", published_at=oldest.published_at, tags=["signed"])
    oldest.tags.add("signed")
    ArticleFactory.create_batch(20, authors=[solo], tags=["signed"])

    html = html_of(client, "/tags/signed/?page=2")

    assert headlines(client, "/tags/signed/?page=2") == [
        "Dispatch unsigned",
        "Dispatch oldest",
    ]
    assert (
        f'<a href="{adam.get_absolute_url()}" rel="author">Adam Apogee</a> and '
        f'<a href="{zoe.get_absolute_url()}" rel="author">Zoe Orbit</a>'
    ) in html
    assert html.count('rel="author"') == 2


def test_a_scheduled_article_joins_its_month_s_page_at_its_time(client):
    """The database's clock decides: the test waits for it."""
    going_live = timezone.now() + datetime.timedelta(seconds=1)
    ArticleFactory(headline="Dispatch earlier", published_at=going_live - datetime.timedelta(1))
    ArticleFactory(headline="Dispatch on time", published_at=going_live)
    local = timezone.localtime(going_live)
    month = f"/news/{local.year}/{local.month:02d}/"

    assert "Dispatch on time" not in html_of(client, month)
    while timezone.now() <= going_live + datetime.timedelta(milliseconds=50):
        time.sleep(0.1)
    assert "Dispatch on time" in html_of(client, month)


def test_a_scheduled_article_joins_its_subjects_pages_at_its_time(client):
    """The database's clock decides: the test waits for it."""
    going_live = timezone.now() + datetime.timedelta(seconds=1)
    byline = AuthorFactory(name="Zoe Orbit")
    earlier = going_live - datetime.timedelta(1)
    ArticleFactory(headline="Dispatch earlier", published_at=earlier, tags=["launch"])
    ArticleFactory(
        headline="Dispatch on time", published_at=going_live, tags=["launch"], authors=[byline]
    )
    pages = ["/tags/launch/", byline.get_absolute_url()]

    assert ["Dispatch on time" in html_of(client, page) for page in pages] == [False, False]
    while timezone.now() <= going_live + datetime.timedelta(milliseconds=50):
        time.sleep(0.1)
    assert ["Dispatch on time" in html_of(client, page) for page in pages] == [True, True]


def test_a_card_names_its_bylines_as_the_article_page_does(client):
    names = ["Zoe Orbit", "Adam Apogee", "Mira Perigee"]
    authors = [AuthorFactory(name=name) for name in names]
    article = ArticleFactory(headline="Dispatch signed", authors=authors)
    adam, mira, zoe = sorted(authors, key=lambda author: author.name)
    bylines = (
        f'<a href="{adam.get_absolute_url()}" rel="author">Adam Apogee</a>, '
        f'<a href="{mira.get_absolute_url()}" rel="author">Mira Perigee</a> and '
        f'<a href="{zoe.get_absolute_url()}" rel="author">Zoe Orbit</a>'
    )

    assert f"By {bylines}" in html_of(client, "/news/")
    assert bylines in html_of(client, article.get_absolute_url())
