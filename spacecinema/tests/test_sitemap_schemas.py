"""The sitemaps as search engines read them: every page valid against the published schemas
(spacecinema/tests/schemas/: sitemaps.org's sitemap and index, Google's news and image
extensions, XHTML's link), Google News's entries for the last two days' articles only, and the
pictures of articles and subjects."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from articles.models import Article
from newsroom.images import renditions
from newsroom.tests.test_image_library import library_image
from people.models import Organisation, Person
from projects.models import Project

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
# sitemap.xsd takes other namespaces' elements with processContents="strict": each one must be
# declared by its own schema, which the wrapper imports.
URLSET = etree.XMLSchema(etree.parse(SCHEMAS / "urlset-with-extensions.xsd"))
SITEINDEX = etree.XMLSchema(etree.parse(SCHEMAS / "siteindex.xsd"))
PARSER = etree.XMLParser(no_network=True, resolve_entities=False)
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
ORIGIN = "http://testserver"


def valid(schema, content):
    """The document `content`, asserted valid against `schema`."""
    document = etree.fromstring(content, PARSER)
    schema.assertValid(document)
    return document


def fetched(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return response.content


def largest(fieldfile):
    return ORIGIN + renditions(fieldfile)[-1][0]


@pytest.fixture
def latest(newsroom):
    """Two days of news around the demo's: in Russian and in English (a translation of it),
    with a lead picture and pictures in the body, headlines with Cyrillic, emoji, & and <;
    one published nearly two days ago; and what must never be listed: an expired article, a
    scheduled one, a draft, and one three days old."""
    now = timezone.now()
    lead, figure, inline = (
        library_image(caption="Crew & cargo"),
        library_image(caption="Soyuz"),
        library_image(width=900, height=600),
    )
    russian = Article.objects.create(
        headline="«Вызов»: первый фильм, снятый на орбите 🚀",
        slug="vyzov-na-orbite",
        language=Article.Language.RUSSIAN,
        body=f"Съёмки.\n\n![]({'image'}:{figure.pk})\n\nИ ещё ![экипаж](image:{inline.pk}).",
        status=Article.Status.PUBLISHED,
        published_at=now - HOUR,
        lead_library_image=lead,
    )
    english = Article.objects.create(
        headline="Cruise & Liman <confirm> a launch slot",
        slug="cruise-liman-launch-slot",
        translation_of=russian,
        body="A slot in October.",
        status=Article.Status.PUBLISHED,
        published_at=now - 3 * HOUR,
    )
    nearly_gone = Article.objects.create(
        headline="Two days ago, a minute to spare",
        slug="a-minute-to-spare",
        status=Article.Status.PUBLISHED,
        published_at=now - 2 * DAY + datetime.timedelta(minutes=1),
    )
    for headline, fields in [
        (
            "Expired",
            {"published_at": now - HOUR, "expires_at": now - datetime.timedelta(minutes=1)},
        ),
        ("Scheduled", {"published_at": now + HOUR}),
        ("Three days old", {"published_at": now - 3 * DAY}),
    ]:
        Article.objects.create(headline=headline, status=Article.Status.PUBLISHED, **fields)
    Article.objects.create(
        headline="Draft", status=Article.Status.DRAFT, published_at=now - HOUR, slug="draft"
    )
    return {"russian": russian, "english": english, "nearly gone": nearly_gone}, (
        lead,
        figure,
        inline,
    )


def test_the_latest_news_sitemap_validates_against_the_published_schemas(client, latest):
    articles, _ = latest

    document = valid(URLSET, fetched(client, "/sitemap-latest-news.xml"))

    entries = {
        url.findtext("s:loc", namespaces=NS).removeprefix(ORIGIN): url
        for url in document.iterfind("s:url", NS)
    }
    assert set(entries) == {article.get_absolute_url() for article in articles.values()}
    for article in articles.values():
        news = entries[article.get_absolute_url()].find("news:news", NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == "Space Cinema"
        assert news.findtext("news:publication/news:language", namespaces=NS) == article.language
        assert news.findtext("news:title", namespaces=NS) == article.headline
        published = datetime.datetime.fromisoformat(
            news.findtext("news:publication_date", namespaces=NS)
        )
        assert published.tzinfo is not None
        assert published == article.published_at.replace(microsecond=0)
    russian = entries[articles["russian"].get_absolute_url()]
    assert {
        link.get("hreflang"): link.get("href").removeprefix(ORIGIN)
        for link in russian.iterfind("xhtml:link", NS)
    } == {
        "ru": articles["russian"].get_absolute_url(),
        "en": articles["english"].get_absolute_url(),
        "x-default": articles["russian"].get_absolute_url(),
    }


def test_an_article_leaves_the_latest_news_but_stays_in_the_news_sitemap(client, latest):
    listed = fetched(client, "/sitemap-latest-news.xml").decode()
    archive = fetched(client, "/sitemap-news.xml").decode()

    for headline in ["Expired", "Scheduled", "Draft", "Three days old"]:
        assert f"<news:title>{headline}</news:title>" not in listed
    assert "/news/three-days-old/" in archive
    assert "/news/three-days-old/" not in listed
    assert "/news/expired/" not in archive + listed
    assert "/news/scheduled/" not in archive + listed
    assert "/news/draft/" not in archive + listed


def test_every_sitemap_page_validates_against_the_published_schemas(client, latest):
    index = valid(SITEINDEX, fetched(client, "/sitemap.xml"))

    pages = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)]
    assert f"{ORIGIN}/sitemap-latest-news.xml" in pages
    for page in pages:
        valid(URLSET, fetched(client, page.removeprefix(ORIGIN)))


@pytest.mark.parametrize(
    ("mistake", "changes"),
    [
        ("a language name", [("<news:language>ru<", "<news:language>Russian<")]),
        ("no title", [("<news:title>[^<]*</news:title>", "")]),
        ("a date without its century", [("<news:publication_date>20", "<news:publication_date>")]),
        (
            "a picture with no address",
            [("<image:loc>", "<image:caption>"), ("</image:loc>", "</image:caption>")],
        ),
        ("an element of no schema", [("<xhtml:link ", "<xhtml:a ")]),
        ("a link's language that is none", [('hreflang="ru"', 'hreflang="r u"')]),
        ("a news entry before the address", [("<loc>", "<news:news/><loc>")]),
    ],
)
def test_the_schemas_refuse_what_google_would(client, latest, mistake, changes):
    """The validation is real: one mistake in the page and the schemas refuse it."""
    content = fetched(client, "/sitemap-latest-news.xml").decode()
    for pattern, replacement in changes:
        assert re.search(pattern, content), mistake
        content = re.sub(pattern, replacement, content, count=1)

    with pytest.raises(etree.DocumentInvalid):
        valid(URLSET, content.encode())


def test_an_article_names_its_lead_and_body_pictures(client, latest):
    articles, (lead, figure, inline) = latest
    expected = [largest(lead.file), largest(figure.file), largest(inline.file)]

    for url in ["/sitemap-latest-news.xml", "/sitemap-news.xml"]:
        document = valid(URLSET, fetched(client, url))
        pictures = {
            entry.findtext("s:loc", namespaces=NS).removeprefix(ORIGIN): [
                loc.text for loc in entry.iterfind("image:image/image:loc", NS)
            ]
            for entry in document.iterfind("s:url", NS)
        }
        assert pictures[articles["russian"].get_absolute_url()] == expected, url
        assert pictures[articles["english"].get_absolute_url()] == [], url


def test_subjects_name_their_pictures(client, newsroom):
    for url, model, picture in [
        ("/sitemap-people.xml", Person, "photo"),
        ("/sitemap-organisations.xml", Organisation, "logo"),
        ("/sitemap-productions.xml", Project, "poster"),
    ]:
        document = valid(URLSET, fetched(client, url))
        pictures = {
            entry.findtext("s:loc", namespaces=NS).removeprefix(ORIGIN): [
                loc.text for loc in entry.iterfind("image:image/image:loc", NS)
            ]
            for entry in document.iterfind("s:url", NS)
        }
        subjects = list(model.objects.all())
        assert any(getattr(subject, picture) for subject in subjects), url
        for subject in subjects:
            shown = getattr(subject, picture)
            assert pictures[subject.get_absolute_url()] == ([largest(shown)] if shown else [])


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-nothing.xml",
        "/sitemap-latest.xml",
        "/sitemap-latest-news.xml?p=2",
        "/sitemap-latest-news.xml?p=0",
        "/sitemap-latest-news.xml?p=-1",
        "/sitemap-latest-news.xml?p=x",
        "/sitemap-latest-news.xml?p=1.5",
        "/sitemap-latest-news.xml?p=",
        "/sitemap-latest-news.xml?p=%00",
        "/sitemap-latest-news.xml?p=99999999999999999999999999",
        "/sitemap-news.xml?p=99999999999999999999999999",
        "/sitemap-people.xml?p=2",
        "/sitemap-people.xml?p=1e3",
    ],
)
def test_unknown_sitemap_pages_answer_404(client, latest, url):
    assert client.get(url).status_code == 404


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(headline=st.text(min_size=1, max_size=250))
def test_any_headline_gives_a_valid_news_entry_with_that_title(client, db, headline):
    article = Article.objects.create(
        headline=headline,
        slug="any-headline",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - HOUR,
    )
    try:
        document = valid(URLSET, fetched(client, "/sitemap-latest-news.xml"))
        titles = [title.text or "" for title in document.iterfind("s:url/news:news/news:title", NS)]
        # As the newsroom keeps it (normalised on save): the title Google reads is the page's.
        article.refresh_from_db()
        assert titles == [article.headline]
    finally:
        article.delete()
