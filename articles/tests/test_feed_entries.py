"""Feed items kept at write time (articles/feed_entries.py): what a subscriber reads from them
is what writing each item at the request would give, and every kind of change to what an item
shows reaches the kept entry in its own transaction."""

import io
import json
from datetime import timedelta

import feedparser
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import feed_entries, tallies
from articles.models import Article, Correction, FeedEntry
from people.tests.factories import PersonFactory

from .factories import ArticleFactory, AuthorFactory, CorrectionFactory
from .tally_oracle import differences

pytestmark = pytest.mark.django_db

BODIES = [
    "Plain words.",
    "[The launch](/news/launch/), [the archive](../2021/) and [notes](#notes).",
    "![The ISS](//cdn.example/iss.jpg) and [NASA](https://www.nasa.gov/).",
    # The article names the stand-in origins the entries are written for.
    "[One](http://a0.feed.invalid/x/), [two](//a1.feed.invalid/), [here](x/)",
    "[Every one](x/) " + " ".join(f"{host} {other}" for host, other in feed_entries.STAND_INS),
]


def news_feed(client, ext, **extra):
    return client.get(reverse(f"feeds:news-{ext}"), **extra).content


@pytest.fixture
def newsroom():
    author = AuthorFactory(name="Dana Whitfield")
    articles = []
    for number, body in enumerate(BODIES):
        article = ArticleFactory(
            headline=f"Dispatch {number} & <more>",
            standfirst='Orbit, explained: "why" & <how>',
            body=body,
            published_at=timezone.now() - timedelta(hours=number + 1),
            authors=[author, AuthorFactory()],
            tags=["moon", f"mars-{number}"],
        )
        articles.append(article)
    CorrectionFactory(article=articles[1], text="An earlier version linked [the wrong page](../).")
    return articles


@pytest.mark.parametrize("ext", ["rss", "atom", "json"])
@pytest.mark.parametrize(
    "request_from",
    [
        {},
        {"secure": True},
        {"HTTP_HOST": "TestServer:8080"},
        {"HTTP_HOST": "testserver:443", "secure": True},
    ],
    ids=["http", "https", "upper-case-host-and-port", "https-default-port"],
)
def test_a_feed_from_kept_entries_is_the_feed_written_at_the_request(
    client, newsroom, ext, request_from
):
    kept = news_feed(client, ext, **request_from)
    assert FeedEntry.objects.count() == len(BODIES) - 1

    FeedEntry.objects.all().delete()
    written = news_feed(client, ext, **request_from)

    assert kept == written
    assert kept.count(b"urn:uuid:") == len(BODIES)


def test_scheme_relative_addresses_take_the_request_scheme(client, newsroom):
    over_https = feedparser.parse(news_feed(client, "rss", secure=True))
    over_http = feedparser.parse(news_feed(client, "rss"))

    assert 'src="https://cdn.example/iss.jpg"' in over_https.entries[2].content[0].value
    assert 'src="http://cdn.example/iss.jpg"' in over_http.entries[2].content[0].value


def test_an_article_naming_every_stand_in_is_written_at_the_request(client, newsroom):
    article = newsroom[-1]

    content = json.loads(news_feed(client, "json"))["items"][-1]["content_html"]

    assert not FeedEntry.objects.filter(article=article).exists()
    assert 'href="http://testserver/news/' in content
    assert "a0.feed.invalid b0.feed.invalid" in content


def item_of(client, article, ext="rss"):
    parsed = feedparser.parse(news_feed(client, ext))
    return next(entry for entry in parsed.entries if entry.id == article.guid.urn)


def test_a_renamed_byline_is_renamed_in_every_item(client, newsroom):
    author = newsroom[0].authors.get(name="Dana Whitfield")
    author.name, author.slug = "Dana Whitfield-Ray", "dana-whitfield-ray"
    author.save()

    for article in newsroom:
        entry = item_of(client, article, "atom")
        assert "Dana Whitfield-Ray" in [author.name for author in entry.authors]
        assert "http://testserver/authors/dana-whitfield-ray/" in [a.href for a in entry.authors]
    assert differences() == []


def test_a_renamed_or_deleted_tag_leaves_every_item(client, newsroom):
    tag = Tag.objects.get(name="moon")
    tag.name = "the moon"
    tag.save()
    assert {"the moon", "mars-0"} == {tag.term for tag in item_of(client, newsroom[0]).tags}

    Tag.objects.get(name="mars-0").delete()

    assert [tag.term for tag in item_of(client, newsroom[0]).tags] == ["the moon"]
    assert differences() == []


def test_bylines_and_tags_set_from_either_side_reach_the_items(client, newsroom):
    article = newsroom[0]
    newcomer = AuthorFactory(name="Zed Newcomer")
    newcomer.articles.add(article)
    article.tags.add("venus")
    assert "Zed Newcomer" in item_of(client, article).author
    assert "venus" in {tag.term for tag in item_of(client, article).tags}

    newcomer.articles.clear()
    article.tags.clear()

    assert "Zed Newcomer" not in item_of(client, article).author
    assert "tags" not in item_of(client, article)
    newcomer.delete()
    assert differences() == []


def test_an_edit_a_new_address_and_corrections_reach_the_item(client, newsroom):
    article = Article.objects.get(pk=newsroom[0].pk)
    article.headline, article.slug, article.body = "Moved", "moved-on", "[Back](../)"
    article.save()

    entry = item_of(client, article)
    assert (entry.title, entry.link) == ("Moved", "http://testserver/news/moved-on/")
    assert 'href="http://testserver/news/"' in entry.content[0].value

    correction = Correction.objects.create(article=article, text="It had not moved.")
    assert "It had not moved." in item_of(client, article).content[0].value

    correction.delete()
    assert "Corrections" not in item_of(client, article).content[0].value
    assert differences() == []


def test_a_subject_added_links_its_first_mention_in_the_item(client, newsroom):
    article = Article.objects.get(pk=newsroom[0].pk)
    person = PersonFactory(name="Yulia Peresild")
    article.body = "Yulia Peresild trained for months."
    article.save()

    article.people.add(person)

    content = item_of(client, article).content[0].value
    assert f'href="http://testserver{person.get_absolute_url()}"' in content
    assert differences() == []


def test_refresh_tallies_names_a_drifted_feed_entry_and_makes_it_again(newsroom):
    FeedEntry.objects.filter(article=newsroom[0]).update(rss="stale")
    Article.objects.filter(pk=newsroom[1].pk).update(headline="Changed behind the upkeep's back")

    report = io.StringIO()
    with pytest.raises(CommandError, match="2 feed entries"):
        call_command("refresh_tallies", "--check", stdout=report)
    assert f"feed entry drifted: article {newsroom[0].pk}\n" in report.getvalue()
    assert f"feed entry drifted: article {newsroom[1].pk}\n" in report.getvalue()

    call_command("refresh_tallies", stdout=io.StringIO())

    assert feed_entries.drift() == []
    assert differences() == []


def test_bulk_writes_get_their_entries_at_the_end(client):
    with tallies.bulk():
        article = ArticleFactory(headline="Filed in bulk", published_at=timezone.now())
        assert not FeedEntry.objects.filter(article=article).exists()

    assert FeedEntry.objects.filter(article=article).exists()
    assert differences() == []
