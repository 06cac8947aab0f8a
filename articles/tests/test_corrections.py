"""The corrections feed and page: every correction the newsroom has made to what readers can
see, newest first, each linking to the correction on its article's page."""

import json
import re
import xml.etree.ElementTree as ElementTree
from datetime import timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.tests.factories import ArticleFactory, CorrectionFactory
from newsroom.rendering import day, iso
from spacecinema.tests.hostile_text import hostile_text

pytestmark = pytest.mark.django_db

NOW = timezone.now()
FORMATS = ["rss", "atom", "json"]


def items_of(client, ext):
    """(id, title, link, content) of each item of the corrections feed in format `ext`."""
    response = client.get(reverse(f"feeds:corrections-{ext}"))
    assert response.status_code == 200
    if ext == "json":
        assert response["Content-Type"] == "application/feed+json; charset=utf-8"
        feed = json.loads(response.content)
        return [
            (item["id"], item["title"], item["url"], item["content_html"]) for item in feed["items"]
        ]
    assert response["Content-Type"] == f"application/{ext}+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == {"rss": "rss20", "atom": "atom10"}[ext]
    return [(entry.id, entry.title, entry.link, entry.content[0].value) for entry in parsed.entries]


@pytest.fixture
def corrected():
    """Three corrections of two published articles, and corrections no reader may see: of a
    draft, of an article due tomorrow and of one past its expiry."""
    launch = ArticleFactory(headline="Soyuz MS-19 launches", slug="soyuz-launches")
    landing = ArticleFactory(headline="The crew lands", slug="crew-lands")
    made = [
        CorrectionFactory(
            article=launch, made_at=NOW - timedelta(days=3), text="The launch was at 08:55."
        ),
        CorrectionFactory(
            article=landing,
            made_at=NOW - timedelta(days=2),
            text="The capsule landed in **Kazakhstan**, see [the map](/news/crew-lands/).",
        ),
        CorrectionFactory(
            article=launch, made_at=NOW - timedelta(days=1), text="The rocket was a Soyuz-2.1a."
        ),
    ]
    hidden = [
        ArticleFactory(headline="A draft", draft=True),
        ArticleFactory(headline="Due tomorrow", published_at=NOW + timedelta(days=1)),
        ArticleFactory(headline="Rights ran out", expires_at=NOW - timedelta(hours=1)),
    ]
    for article in hidden:
        CorrectionFactory(article=article, made_at=NOW, text=f"A fix to {article.headline}.")
    return made


@pytest.mark.parametrize("ext", FORMATS)
def test_corrections_feed_has_one_item_per_visible_correction_newest_first(client, corrected, ext):
    items = items_of(client, ext)

    assert [title for _, title, _, _ in items] == [
        "Correction: Soyuz MS-19 launches",
        "Correction: The crew lands",
        "Correction: Soyuz MS-19 launches",
    ]
    newest, middle, oldest = items
    assert newest[2] == f"http://testserver/news/soyuz-launches/#correction-{corrected[2].pk}"
    assert middle[2] == f"http://testserver/news/crew-lands/#correction-{corrected[1].pk}"
    assert "Soyuz-2.1a" in newest[3]
    assert "<strong>Kazakhstan</strong>" in middle[3]
    assert 'href="http://testserver/news/crew-lands/"' in middle[3]
    assert len({item_id for item_id, _, _, _ in items}) == 3
    everything = client.get(reverse(f"feeds:corrections-{ext}")).content.decode()
    for headline in ["A draft", "Due tomorrow", "Rights ran out"]:
        assert headline not in everything


def test_correction_links_land_on_the_correction_on_the_article_page(client, corrected):
    _, _, link, _ = items_of(client, "json")[0]
    path, anchor = link.removeprefix("http://testserver").split("#")

    page = client.get(path).content.decode()

    assert f'<li id="{anchor}">' in page
    assert "Soyuz-2.1a" in page[page.index(f'id="{anchor}"') :]


def test_correction_ids_stay_when_the_article_is_renamed(client, corrected):
    before = {ext: [item[0] for item in items_of(client, ext)] for ext in FORMATS}
    article = corrected[0].article
    article.headline = "Soyuz MS-19 lifts off"
    article.slug = "soyuz-lifts-off"
    article.save()

    after = {ext: items_of(client, ext) for ext in FORMATS}

    for ext in FORMATS:
        assert [item[0] for item in after[ext]] == before[ext]
        assert after[ext][0][1] == "Correction: Soyuz MS-19 lifts off"
        assert "/news/soyuz-lifts-off/#correction-" in after[ext][0][2]
    assert before["rss"] == before["atom"] == before["json"]


def test_corrections_leave_the_feed_when_their_article_is_withdrawn(client, corrected):
    article = corrected[0].article
    article.status = Article.Status.DRAFT
    article.save()

    for ext in FORMATS:
        assert [title for _, title, _, _ in items_of(client, ext)] == ["Correction: The crew lands"]


def test_an_xml_corrections_feed_opens_in_a_browser_with_the_stylesheet(client, corrected):
    for ext in ["rss", "atom"]:
        response = client.get(
            reverse(f"feeds:corrections-{ext}"), headers={"Accept": "text/html,*/*;q=0.8"}
        )
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        assert "<?xml-stylesheet href=" in response.content.decode()


def test_the_feed_index_lists_the_corrections_feed(client, db):
    html = client.get(reverse("feeds:index")).content.decode()

    assert "<h2>Corrections</h2>" in html
    for ext in FORMATS:
        assert f"http://testserver/feeds/corrections.{ext}" in html


def test_the_corrections_page_lists_every_visible_correction_newest_first(client, corrected):
    response = client.get(reverse("articles:corrections"))

    html = response.content.decode()
    assert response.status_code == 200
    links = re.findall(r'<h2 class="card-headline" dir="auto"><a href="([^"]+)">', html)
    assert links == [
        f"/news/soyuz-launches/#correction-{corrected[2].pk}",
        f"/news/crew-lands/#correction-{corrected[1].pk}",
        f"/news/soyuz-launches/#correction-{corrected[0].pk}",
    ]
    assert "<strong>Kazakhstan</strong>" in html
    made_at = corrected[2].made_at
    assert f'Corrected <time datetime="{iso(made_at)}">{day(made_at)}</time>' in html
    for headline in ["A draft", "Due tomorrow", "Rights ran out"]:
        assert headline not in html
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Space Cinema: corrections (RSS)" href="/feeds/corrections.rss">'
    ) in html
    # Every page's footer leads here.
    assert 'href="/corrections/">Corrections</a>' in client.get("/").content.decode()


def test_the_corrections_page_is_paginated_and_bad_pages_are_404(client, db):
    article = ArticleFactory(headline="A long story")
    for number in range(25):
        CorrectionFactory(
            article=article, made_at=NOW - timedelta(hours=number), text=f"Fix number {number}."
        )

    first = client.get(reverse("articles:corrections")).content.decode()
    second = client.get(reverse("articles:corrections"), {"page": 2}).content.decode()

    assert "Fix number 0." in first and "Fix number 19." in first
    assert "Fix number 20." not in first
    assert "Fix number 20." in second and "Fix number 24." in second
    assert "?page=2" in first
    for bad in ["3", "0", "-1", "abc", "1.5", "99999999999999999999"]:
        response = client.get(reverse("articles:corrections"), {"page": bad})
        assert response.status_code == 404, bad


def test_with_no_corrections_the_page_says_so_and_the_feeds_are_empty(client, db):
    ArticleFactory()

    assert "No corrections so far." in client.get(reverse("articles:corrections")).content.decode()
    for ext in FORMATS:
        assert items_of(client, ext) == []


# Text no reader's browser may run, and characters that break feeds or reading order.
HOSTILE = [
    '<script>alert("boo")</script>',
    '<img src="x" onerror="alert(2)">',
    "[trap](javascript:alert(1))",
    "\x0b\x1b\x7f",
    "\u202eevil\u202c",
    "שלום עולם",
    "👩🏽‍🚀 🚀",
]


class ActiveParts(HTMLParser):
    """What could run in a browser: script elements (but JSON-LD data), event handler
    attributes, javascript: addresses."""

    def __init__(self, markup):
        super().__init__()
        self.found = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") != "application/ld+json":
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    headline=hostile_text(200).filter(lambda text: "\x00" not in text and text.strip()),
    text=st.one_of(
        st.sampled_from(HOSTILE),
        st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map(" ".join),
        hostile_text(500).filter(lambda text: "\x00" not in text),
    ),
)
def test_hostile_corrections_are_inert_and_readable_everywhere(client, db, headline, text):
    Article.objects.all().delete()
    article = ArticleFactory(headline=headline)
    CorrectionFactory(article=article, text=text)

    for ext in FORMATS:
        response = client.get(reverse(f"feeds:corrections-{ext}"))
        assert response.status_code == 200
        if ext == "json":
            items = json.loads(response.content)["items"]
        else:
            # Well-formed XML: every control character XML cannot carry is gone.
            ElementTree.fromstring(response.content)
            items = items_of(client, ext)
        assert len(items) == 1
    for _, title, _, content in [*items_of(client, "rss"), *items_of(client, "atom")]:
        assert title.startswith("Correction: ")
        assert ActiveParts(content).found == []
    page = client.get(reverse("articles:corrections"))
    assert page.status_code == 200
    assert ActiveParts(page.content.decode()).found == []


def test_stored_corrections_pages_lose_an_expired_articles_corrections_at_its_time(
    client, clock, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    article = ArticleFactory(
        headline="Rights run out", expires_at=timezone.now() + timedelta(minutes=5)
    )
    CorrectionFactory(article=article, text="The rights ran to 2027.")
    addresses = [reverse("articles:corrections")] + [
        reverse(f"feeds:corrections-{ext}") for ext in FORMATS
    ]
    for address in addresses:
        assert "The rights ran to 2027." in client.get(address).content.decode()
        with django_assert_num_queries(0):
            assert "The rights ran to 2027." in client.get(address).content.decode()

    clock.shift(timedelta(minutes=5, seconds=1))

    for address in addresses:
        assert "The rights ran to 2027." not in client.get(address).content.decode(), address
