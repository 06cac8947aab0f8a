import json
import re
import xml.etree.ElementTree as ElementTree
from datetime import timedelta
from urllib.parse import quote

import feedparser
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from articles.feed_links import feed_links
from articles.models import Article, Author, Correction
from articles.tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory
from people.models import Organisation, Person
from projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

DRAFT = "what-next-for-cruise-space-film"

# (feed, URL kwargs, published demo articles it follows). Every followed thing here also
# has the demo's draft about it, so each feed has an unpublished article to leave out.
FEEDS = [
    ("news", {}, 9),
    ("race", {}, 9),
    ("tag", {"slug": "tom-cruise"}, 2),
    ("person", {"slug": "tom-cruise"}, 5),
    ("organisation", {"slug": "nasa"}, 5),
    ("project", {"slug": "tom-cruise-space-film"}, 5),
    ("author", {"slug": "dana-whitfield"}, 4),
]
FEED_IDS = [name for name, _, _ in FEEDS]

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_url(name, kwargs, ext):
    return reverse(f"feeds:{name}-{ext}", kwargs=kwargs)


@pytest.fixture
def scheduled(demo):
    """A published article due tomorrow, about everything the feeds follow."""
    return ArticleFactory(
        headline="Scheduled for tomorrow",
        published_at=timezone.now() + timedelta(days=1),
        authors=[Author.objects.get(slug="dana-whitfield")],
        tags=["Tom Cruise"],
        people=[Person.objects.get(slug="tom-cruise")],
        organisations=[Organisation.objects.get(slug="nasa")],
        projects=[Project.objects.get(slug="tom-cruise-space-film")],
    )


def unpublished_guids():
    return {
        article.guid.urn for article in Article.objects.exclude(pk__in=Article.objects.published())
    }


@pytest.mark.parametrize(("name", "kwargs", "expected"), FEEDS, ids=FEED_IDS)
def test_feeds_parse_in_every_format_with_only_published_articles(
    client, scheduled, name, kwargs, expected
):
    unpublished = unpublished_guids()
    assert len(unpublished) == 2

    for ext, version in [("rss", "rss20"), ("atom", "atom10")]:
        response = client.get(feed_url(name, kwargs, ext))
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == version
        assert len(parsed.entries) == expected
        assert not {entry.id for entry in parsed.entries} & unpublished
        dates = [entry.published_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True)

    response = client.get(feed_url(name, kwargs, "json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"]
    assert feed["feed_url"] == f"http://testserver{feed_url(name, kwargs, 'json')}"
    assert len(feed["items"]) == expected
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"].startswith("urn:uuid:")
        assert "content_html" in item or "content_text" in item
        assert item["url"].startswith("http://testserver/news/")
    assert not {item["id"] for item in feed["items"]} & unpublished


def test_feed_describes_what_is_followed(client, demo):
    response = client.get(feed_url("person", {"slug": "yulia-peresild"}, "rss"))

    parsed = feedparser.parse(response.content)

    assert parsed.feed.title == "Space Cinema: Yulia Peresild"
    assert parsed.feed.description == "Every article about Yulia Peresild, newest first."
    assert parsed.feed.link == "http://testserver/people/yulia-peresild/"
    assert {"rel": "self", "href": "http://testserver/feeds/people/yulia-peresild.rss"}.items() <= (
        next(link for link in parsed.feed.links if link.rel == "self").items()
    )
    assert parsed.feed.language == "en-gb"
    assert parsed.feed.updated_parsed[:3] == (2023, 4, 20)


def test_race_feed_follows_only_the_pair_the_race_page_shows(client, demo):
    documentary = ProjectFactory(title="Orbit Documentary")
    ProjectFactory(title="Moon Serial", rival=documentary)
    ArticleFactory(headline="A second race begins", projects=[documentary])
    race = client.get(reverse("projects:race")).content.decode()
    assert "Challenge" in race and "Orbit Documentary" not in race
    shown = set(Article.objects.published().filter(projects__slug="challenge"))
    shown |= set(Article.objects.published().filter(projects__slug="tom-cruise-space-film"))

    parsed = feedparser.parse(client.get(feed_url("race", {}, "rss")).content)

    assert "A second race begins" not in {entry.title for entry in parsed.entries}
    assert {entry.id for entry in parsed.entries} == {article.guid.urn for article in shown}


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_item_carries_byline_dates_tags_image_and_corrections(client, demo, ext):
    article = Article.objects.get(slug="space-race-first-film-in-orbit")

    parsed = feedparser.parse(client.get(feed_url("news", {}, ext)).content)

    entry = next(entry for entry in parsed.entries if entry.id == article.guid.urn)
    assert entry.title == "The new space race is a race to film first"
    assert entry.link == "http://testserver/news/space-race-first-film-in-orbit/"
    assert entry.summary == article.standfirst
    assert entry.published_parsed[:4] == (2021, 5, 17, 8)
    assert entry.updated_parsed[:4] == (2021, 5, 18, 12)
    bylines = ", ".join(author.name for author in entry.authors)
    assert "Dana Whitfield" in bylines
    assert "Space Cinema desk" in bylines
    assert {tag.term for tag in entry.tags} == set(article.tags.names())
    content = entry.content[0].value
    assert content.startswith(article.body_html.strip()[:40])
    assert content.index("Corrections") > content.index("title yet")
    assert "He is Klim Shipenko." in content
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/webp"
    assert enclosure.href.startswith("http://testserver/media/renditions/")
    stored_name = enclosure.href.removeprefix("http://testserver/media/")
    assert int(enclosure.length) == article.lead_image.storage.size(stored_name)


def test_json_item_carries_byline_dates_tags_image_and_corrections(client, demo):
    article = Article.objects.get(slug="space-race-first-film-in-orbit")

    feed = json.loads(client.get(feed_url("news", {}, "json")).content)

    item = next(item for item in feed["items"] if item["id"] == article.guid.urn)
    assert item["title"] == article.headline
    assert item["summary"] == article.standfirst
    assert item["date_published"].startswith("2021-05-17T08:00:00")
    assert item["date_modified"].startswith("2021-05-18T12:00:00")
    assert [author["name"] for author in item["authors"]] == ["Dana Whitfield", "Space Cinema desk"]
    assert item["authors"][0]["url"] == "http://testserver/authors/dana-whitfield/"
    assert set(item["tags"]) == set(article.tags.names())
    assert "He is Klim Shipenko." in item["content_html"]
    (attachment,) = item["attachments"]
    assert attachment["mime_type"] == "image/webp"
    assert item["image"] == attachment["url"]
    stored_name = attachment["url"].removeprefix("http://testserver/media/")
    assert attachment["size_in_bytes"] == article.lead_image.storage.size(stored_name)


def test_article_without_lead_image_has_no_enclosure(client, demo):
    article = ArticleFactory(headline="No picture today")

    parsed = feedparser.parse(client.get(feed_url("news", {}, "rss")).content)

    entry = next(entry for entry in parsed.entries if entry.id == article.guid.urn)
    assert entry.enclosures == []


def test_guid_survives_new_slug_and_headline(client, demo):
    article = Article.objects.get(slug="challenge-crew-begins-training")
    urls = [feed_url("news", {}, ext) for ext in ["rss", "atom", "json"]]
    before = [client.get(url).content.decode() for url in urls]

    article.headline = "Challenge crew begins four months of training"
    article.slug = "challenge-training-begins"
    article.save()
    after = [client.get(url).content.decode() for url in urls]

    for old, new in zip(before, after, strict=True):
        assert article.guid.urn in old
        assert article.guid.urn in new
        assert "/news/challenge-crew-begins-training/" in old
        assert "/news/challenge-training-begins/" in new
        assert "/news/challenge-crew-begins-training/" not in new
        assert "Challenge crew begins four months of training" in new


def test_repeated_request_gets_304_without_building_the_feed(
    client, demo, django_assert_max_num_queries
):
    for ext in ["rss", "atom", "json"]:
        url = feed_url("tag", {"slug": "challenge"}, ext)
        first = client.get(url)
        assert first["ETag"] and first["Last-Modified"]
        assert "max-age=300" in first["Cache-Control"]

        # Two queries: the tag, and the newest items' dates the validators come from.
        with django_assert_max_num_queries(2):
            by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
        with django_assert_max_num_queries(2):
            by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

        assert by_etag.status_code == 304
        assert by_date.status_code == 304
        assert by_etag.content == b""
        assert "max-age=300" in by_etag["Cache-Control"]


def test_new_article_answers_200_to_old_validators(client, demo):
    urls = [feed_url("news", {}, ext) for ext in ["rss", "atom", "json"]]
    first = [client.get(url) for url in urls]

    ArticleFactory(headline="Tom Cruise film gets a launch date")

    for url, old in zip(urls, first, strict=True):
        again = client.get(
            url,
            headers={"If-None-Match": old["ETag"], "If-Modified-Since": old["Last-Modified"]},
        )
        assert again.status_code == 200
        assert again["ETag"] != old["ETag"]
        assert "Tom Cruise film gets a launch date" in again.content.decode()


def test_renamed_author_answers_200_to_old_validators(
    client, demo, django_capture_on_commit_callbacks
):
    url = feed_url("news", {}, "rss")
    first = client.get(url)
    author = Author.objects.filter(articles__status=Article.Status.PUBLISHED).first()
    with django_capture_on_commit_callbacks(execute=True):
        author.name = "Anna Renamed"
        author.save()

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert "Anna Renamed" in again.content.decode()


def test_correction_answers_200_to_old_validators_and_dates_the_update(client, demo):
    article = Article.objects.get(slug="challenge-premieres-in-russia")
    url = feed_url("news", {}, "atom")
    first = client.get(url)

    CorrectionFactory(article=article, text="The premiere was on 12 April, not 20 April.")
    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    entry = next(e for e in feedparser.parse(again.content).entries if e.id == article.guid.urn)
    assert entry.updated_parsed[:3] == timezone.now().timetuple()[:3]
    assert "The premiere was on 12 April" in entry.content[0].value


def test_withdrawn_article_leaves_the_feed(client, demo):
    url = feed_url("news", {}, "json")
    first = client.get(url)
    article = Article.objects.get(slug="challenge-premieres-in-russia")

    article.status = Article.Status.DRAFT
    article.save()
    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert article.guid.urn not in again.content.decode()


def content_of_every_format(client, url_name, kwargs, guid):
    """The item's HTML content exactly as each format sends it, before any reader cleans it."""
    rss = ElementTree.fromstring(client.get(feed_url(url_name, kwargs, "rss")).content)
    atom = ElementTree.fromstring(client.get(feed_url(url_name, kwargs, "atom")).content)
    feed = json.loads(client.get(feed_url(url_name, kwargs, "json")).content)
    return {
        "rss": next(
            item.find(CONTENT).text for item in rss.iter("item") if item.findtext("guid") == guid
        ),
        "atom": next(
            entry.find(f"{ATOM}content").text
            for entry in atom.iter(f"{ATOM}entry")
            if entry.findtext(f"{ATOM}id") == guid
        ),
        "json": next(item["content_html"] for item in feed["items"] if item["id"] == guid),
    }


def test_content_has_absolute_links_and_images_and_no_script(client, db):
    article = ArticleFactory(
        slug="orbit-explained",
        body=(
            "See [the launch](/news/challenge-crew-launches-soyuz-ms-19/), "
            "[the archive](../2021/) and [NASA](https://www.nasa.gov/).\n\n"
            "![The ISS](/media/iss.jpg)\n\n"
            '<script>alert("boo")</script> [trap](javascript:alert(1))\n\n'
            '<img src="x" onerror="alert(2)">'
        ),
    )
    CorrectionFactory(article=article, text="An earlier version linked [the wrong page](/news/).")

    contents = content_of_every_format(client, "news", {}, article.guid.urn)

    for content in contents.values():
        assert 'href="http://testserver/news/challenge-crew-launches-soyuz-ms-19/"' in content
        assert 'href="http://testserver/news/2021/"' in content
        assert 'href="https://www.nasa.gov/"' in content
        assert 'src="http://testserver/media/iss.jpg"' in content
        assert 'href="http://testserver/news/"' in content
        assert "<script" not in content
        assert 'href="javascript:' not in content
        assert '<img src="x"' not in content


def build_more_content(count):
    """Articles with bylines, tags, subjects and corrections, about everything the feeds follow."""
    authors = [AuthorFactory(), Author.objects.get(slug="dana-whitfield")]
    for number in range(count):
        article = ArticleFactory(
            published_at=timezone.now() - timedelta(minutes=number + 1),
            authors=authors,
            tags=["Tom Cruise", f"extra-{number}", "space-race"],
            people=[Person.objects.get(slug="tom-cruise")],
            organisations=[Organisation.objects.get(slug="nasa")],
            projects=[Project.objects.get(slug="tom-cruise-space-film")],
        )
        CorrectionFactory(article=article)
        CorrectionFactory(article=article)


def test_queries_do_not_grow_with_content(client, demo, django_assert_max_num_queries):
    urls = {
        feed_url(name, kwargs, ext): 1 if name in {"news", "race"} else 2
        for name, kwargs, _ in FEEDS
        for ext in ["rss", "atom", "json"]
    }
    # The followed thing (not for news and the race), then the newest articles' dates with
    # their items as kept at write time (bylines, tags and corrections in them).
    for url, budget in urls.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200

    build_more_content(35)

    for url, budget in urls.items():
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(budget):
            response = client.get(url)
        assert len(queries) == budget
        assert response.content.decode().count("urn:uuid:") == 30


@pytest.mark.parametrize("ext", ["rss", "atom", "json"])
@pytest.mark.parametrize("name", ["tag", "person", "organisation", "project", "author"])
def test_unknown_subject_is_404_not_an_empty_feed(client, db, name, ext):
    response = client.get(feed_url(name, {"slug": "no-such-thing"}, ext))

    assert response.status_code == 404


def test_known_subject_without_coverage_is_an_empty_feed(client, demo):
    response = client.get(feed_url("tag", {"slug": "space-agency"}, "rss"))

    parsed = feedparser.parse(response.content)
    assert response.status_code == 200
    assert not parsed.bozo
    assert parsed.entries == []


def test_subject_feeds_answer_as_the_subjects_pages_do(client, demo):
    """A subject's page is public without coverage (a byline before its first article, too),
    so its feed is an empty one, not a 404, and shows no unpublished headline."""
    byline = AuthorFactory(name="Nina Newcomer", slug="nina-newcomer")
    person = Person.objects.create(name="Nadia Novice", slug="nadia-novice")
    ArticleFactory(
        headline="Novice in orbit",
        status="draft",
        published_at=None,
        authors=[byline],
        people=[person],
    )

    for name, page in [("author", byline), ("person", person)]:
        assert client.get(page.get_absolute_url()).status_code == 200, name
        response = client.get(feed_url(name, {"slug": page.slug}, "rss"))
        assert response.status_code == 200, name
        assert feedparser.parse(response.content).entries == [], name
        assert "Novice in orbit" not in response.text, name


def render_feed_links(path, title=None):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return feed_links(request, title)


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/tags/iss/", "/feeds/tags/iss"),
        ("/people/yulia-peresild/", "/feeds/people/yulia-peresild"),
        ("/organisations/roscosmos/", "/feeds/organisations/roscosmos"),
        ("/projects/challenge/", "/feeds/projects/challenge"),
        ("/authors/dana-whitfield/", "/feeds/authors/dana-whitfield"),
        ("/race/", "/feeds/race"),
    ],
)
def test_pages_announce_their_own_feed_and_all_news(django_assert_num_queries, page, feed):
    with django_assert_num_queries(0):
        html = render_feed_links(page)

    for ext, mime in [("rss", "rss+xml"), ("atom", "atom+xml"), ("json", "feed+json")]:
        assert f'<link rel="alternate" type="application/{mime}"' in html
        assert f'href="{feed}.{ext}"' in html
        assert f'href="/feeds/news.{ext}"' in html
    assert html.index(f"{feed}.rss") < html.index("/feeds/news.rss")


def test_tag_page_with_a_cyrillic_slug_announces_its_feed():
    html = render_feed_links("/tags/вызов/")

    assert f'href="{quote("/feeds/tags/вызов.json")}"' in html


@pytest.mark.parametrize("page", ["/", "/news/", "/news/2021/", "/news/2021/10/", "/people/"])
def test_every_page_announces_all_news(page):
    html = render_feed_links(page)

    assert html.count('rel="alternate"') == 3
    assert 'href="/feeds/news.rss"' in html


def test_feed_link_titles_name_the_page_subject():
    html = render_feed_links("/people/yulia-peresild/", "Yulia Peresild <3")

    assert 'title="Space Cinema: Yulia Peresild &lt;3 (RSS)"' in html
    assert 'title="Space Cinema: all news (JSON Feed)"' in html


def test_corrections_prefetch_keeps_order(client, demo):
    article = Article.objects.get(slug="challenge-crew-lands-soyuz-ms-18")
    Correction.objects.create(article=article, text="Second.", made_at=timezone.now())
    Correction.objects.create(
        article=article, text="First.", made_at=timezone.now() - timedelta(days=1)
    )

    feed = json.loads(client.get(feed_url("news", {}, "json")).content)

    content = next(item["content_html"] for item in feed["items"] if item["id"] == article.guid.urn)
    assert content.index("First.") < content.index("Second.")


@pytest.mark.parametrize("ext", ["rss", "json"])
@pytest.mark.parametrize(
    ("name", "kwargs", "lists"),
    [
        ("news", {}, {"news"}),
        ("race", {}, {"race"}),
        ("person", {"slug": "tom-cruise"}, {"person-{pk}-articles", "person-{pk}"}),
    ],
)
def test_feeds_record_the_list_the_subject_and_each_item_they_show(
    client, demo, ext, name, kwargs, lists
):
    """The dependency keys a feed answers with name its list, its subject and every item and
    byline it carries, so that a change to any of them reaches the feed."""
    person = Person.objects.get(slug="tom-cruise")

    response = client.get(feed_url(name, kwargs, ext))

    keys = response.wsgi_request.dependencies
    assert {key.format(pk=person.pk) for key in lists} <= keys
    items = [key for key in keys if key.startswith("article-")]
    articles = Article.objects.filter(pk__in=[int(key.removeprefix("article-")) for key in items])
    assert sorted(article.guid.urn for article in articles) == sorted(
        re.findall(r"urn:uuid:[0-9a-f-]+", response.text)
    )
    bylines = Author.objects.filter(articles__in=articles).distinct()
    assert {f"author-{author.pk}" for author in bylines} <= keys


def test_a_draft_saved_meanwhile_still_answers_304(
    client, demo, django_capture_on_commit_callbacks
):
    url = feed_url("news", {}, "rss")
    first = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArticleFactory(draft=True, headline="Not for readers yet")
        draft.tags.add("premiere")
        draft.save()

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
