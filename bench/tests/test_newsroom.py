"""The newsroom-at-work run's pieces (bench/newsroom.py): the pages readers ask for and how
they choose among them, the editor's changes and log, the staleness checker judging real pages,
and the render mark that counts page-cache hits through the real WSGI entry point."""

import json
import random
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.core.wsgi import get_wsgi_application
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, AuthorFactory
from bench import newsroom
from bench.renders import HEADER
from people.tests.factories import PersonFactory
from projects.tests.factories import ProjectFactory
from spacecinema.cache import CachedPageApplication
from spacecinema.tests.wsgi_client import call

# The editor's changes commit for real: the checker is given the moment they did.
pytestmark = pytest.mark.django_db(transaction=True)


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def desk():
    """Three published articles an hour apart, tagged, and a draft."""
    older = ArticleFactory(
        headline="Cosmonaut training begins",
        published_at=hours_ago(3),
        tags=["training"],
        projects=[ProjectFactory()],
    )
    middle = ArticleFactory(headline="Soyuz rolled out", published_at=hours_ago(2), tags=["soyuz"])
    newest = ArticleFactory(
        headline="Crew docks with the station",
        published_at=hours_ago(1),
        tags=["soyuz", "iss"],
        people=[PersonFactory()],
        authors=[AuthorFactory()],
    )
    ArticleFactory(draft=True, headline="Unannounced casting", tags=["casting"])
    return older, middle, newest


def bodies(client, paths):
    return {path: client.get(path).content.decode() for path in paths}


def test_readers_pages_are_ranked_newest_first_and_each_answers(desk, client):
    older, middle, newest = desk
    paths, tags = newsroom.reader_paths()
    top = newsroom.top_paths()
    assert paths[: len(top)] == top
    ranked = paths[len(top) :]
    articles = [article.get_absolute_url() for article in (newest, middle, older)]
    assert [path for path in ranked if path in articles] == articles
    assert ranked.index("/tags/iss/") < ranked.index("/tags/training/")
    assert set(tags) == {"iss", "soyuz", "training"}
    assert "/tags/casting/" not in paths
    assert len(paths) == len(set(paths))
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_readers_choose_pages_by_zipf_law_over_their_rank():
    skew = newsroom.Skew([f"/page-{rank}/" for rank in range(1, 101)], exponent=1.0, seed=3)
    counts = Counter(skew.choose() for _ in range(40000))
    assert counts["/page-1/"] / counts["/page-2/"] == pytest.approx(2, rel=0.15)
    assert counts["/page-1/"] / counts["/page-10/"] == pytest.approx(10, rel=0.3)
    top_ten = sum(counts[f"/page-{rank}/"] for rank in range(1, 11)) / 40000
    harmonic = sum(1 / rank for rank in range(1, 101))
    assert top_ten == pytest.approx(sum(1 / rank for rank in range(1, 11)) / harmonic, rel=0.05)


def test_a_new_article_joins_the_readers_pages_after_the_pages_always_on_top():
    skew = newsroom.Skew(["/", "/news/", "/news/a/", "/news/b/"], head=2, seed=1)
    skew.add_newest("/news/new/")
    assert skew.paths == ["/", "/news/", "/news/new/", "/news/a/", "/news/b/"]
    counts = Counter(skew.choose() for _ in range(5000))
    assert counts["/news/new/"] > counts["/news/a/"] > counts["/news/b/"]


def test_a_page_showing_a_replaced_headline_after_the_commit_is_stale(desk, client):
    *_, newest = desk
    newsroom.prepare_desk(size=3)
    shown = ["/", "/news/", newest.get_absolute_url(), "/tags/iss/", "/feeds/news.rss"]
    before = bodies(client, shown)
    event = newsroom.edit_headline(newest.pk, 99)
    assert event["old"] == "Crew docks with the station (desk 1)"
    assert event["new"] == "Crew docks with the station (desk 99)"
    assert event["committed_at"] <= event["settled_at"]
    checker = newsroom.StalenessChecker()
    checker.record(event)
    after = bodies(client, shown)
    started = event["committed_at"] + 0.001
    for path in shown:
        assert event["old"] in before[path], path
        reasons = checker.stale(path, started, started + 0.1, 200, before[path])
        assert [reason for reason, _ in reasons] == [
            f"shows the old headline {event['old']!r} of {event['path']}"
        ]
        assert checker.stale(path, event["committed_at"] - 1, started, 200, before[path]) == []
        assert checker.stale(path, started, started + 0.1, 200, after[path]) == []


def test_a_list_without_a_new_article_after_its_publication_is_stale(desk, client):
    feeds = ["/feeds/news.rss", "/feeds/news.atom", "/feeds/news.json"]
    lists = ["/", "/news/", *feeds, "/tags/soyuz/", "/tags/iss/", "/tags/training/"]
    before = bodies(client, lists)
    event = newsroom.publish_article(7, ["soyuz", "iss"], random.Random(1))
    assert event["headline"] == "Newsroom at work from the launch site (desk 7)"
    assert event["must_list"] == {
        "/": 10,
        "/news/": 20,
        **dict.fromkeys(feeds, 30),
        "/tags/soyuz/": 20,
        "/tags/iss/": 20,
    }
    checker = newsroom.StalenessChecker()
    checker.record(event)
    after = bodies(client, lists)
    started = event["committed_at"] + 0.001
    for path in lists:
        judged = checker.stale(path, started, started + 0.1, 200, before[path])
        if path in event["must_list"]:
            assert [reason for reason, _ in judged] == [f"does not list the new {event['path']}"]
            assert event["path"] in after[path]
        else:
            assert judged == []
        assert checker.stale(path, started, started + 0.1, 200, after[path]) == []
        assert checker.stale(path, event["committed_at"] - 1, started, 200, before[path]) == []
    assert client.get(event["path"]).status_code == 200
    judged = checker.stale(event["path"], started, started + 0.1, 404, "")
    assert [reason for reason, _ in judged] == [f"answers the new {event['path']} with HTTP 404"]


def test_a_new_article_pushed_off_the_home_page_by_newer_ones_is_not_missed(desk, client):
    rng = random.Random(2)
    events = [newsroom.publish_article(number, ["soyuz"], rng) for number in range(1, 12)]
    checker = newsroom.StalenessChecker()
    for event in events:
        checker.record(event)
    first = events[0]["path"]
    home, news = client.get("/").content.decode(), client.get("/news/").content.decode()
    assert first not in home
    assert first in news
    started = events[-1]["committed_at"] + 0.001
    assert checker.stale("/", started, started + 0.1, 200, home) == []


def test_the_editor_edits_and_publishes_in_turn_and_logs_each_change(desk, tmp_path):
    desk_ids = newsroom.prepare_desk(size=3)
    log = tmp_path / "editor.jsonl"
    newsroom.run_editor(log, time.time(), 0.35, 0.1, desk_ids, ["soyuz", "iss"], seed=1)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [event["event"] for event in events] == ["begin", "edit", "begin", "publish"] + [
        "begin",
        "edit",
    ]
    checker = newsroom.StalenessChecker(log)
    checker.refresh()
    assert checker.actions == Counter(edit=2, publish=1)
    published = Article.objects.published().get(pk=events[3]["article"])
    assert published.get_absolute_url() == events[3]["path"]
    edited = Article.objects.get(pk=events[5]["article"])
    assert edited.headline == events[5]["new"]


def test_the_checker_waits_while_a_change_is_under_way(tmp_path):
    log = tmp_path / "editor.jsonl"
    log.write_text(json.dumps({"event": "begin", "at": 100.0}) + '\n{"event": "edi')
    checker = newsroom.StalenessChecker(log)
    checker.refresh()
    assert not checker.ready_for(100.5)
    assert checker.ready_for(99.0)
    edit = {
        "event": "edit",
        "article": 1,
        "path": "/news/a/",
        "old": "A (desk 1)",
        "new": "A (desk 2)",
        "committed_at": 100.2,
        "settled_at": 100.3,
    }
    log.write_text(json.dumps({"event": "begin", "at": 100.0}) + "\n" + json.dumps(edit) + "\n")
    checker.refresh()
    assert checker.ready_for(100.5)
    assert checker.actions == Counter(edit=1)
    reasons = checker.stale("/", 100.25, 100.4, 200, "<h2>A (desk 1)</h2>")
    assert reasons == [("shows the old headline 'A (desk 1)' of /news/a/", True)]


def mark_of(application, path):
    return call(path, application=application)["headers"].get(HEADER)


def test_a_cache_hit_replays_the_mark_of_the_render_it_stored(desk, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "bench.renders.RenderMarkMiddleware"]
    application = CachedPageApplication(get_wsgi_application())
    rendered = mark_of(application, "/")
    assert rendered
    assert mark_of(application, "/") == rendered
    *_, newest = desk
    newest.headline = "Crew docks with the station, at last"
    newest.save()
    again = mark_of(application, "/")
    assert again not in (None, rendered)
    assert mark_of(application, "/news/") not in (None, rendered, again)


def test_pages_after_a_new_article_is_edited_are_not_stale(desk, client):
    rng = random.Random(3)
    published = newsroom.publish_article(40, ["soyuz"], rng)
    edited = newsroom.edit_headline(published["article"], 41)
    checker = newsroom.StalenessChecker()
    checker.record(published)
    checker.record(edited)
    started = edited["committed_at"] + 0.001
    for path, body in bodies(client, ["/", "/news/", published["path"], "/tags/soyuz/"]).items():
        assert edited["new"] in body
        assert checker.stale(path, started, started + 0.1, 200, body) == []


def test_a_change_the_editor_never_finished_does_not_hold_the_checker(tmp_path):
    log = tmp_path / "editor.jsonl"
    log.write_text(json.dumps({"event": "begin", "at": 100.0}) + "\n")
    checker = newsroom.StalenessChecker(log)
    checker.refresh()
    checker.abandon()
    assert checker.ready_for(100.5)
    assert checker.actions == Counter(failed=1)
    assert checker.failures == ["the editor stopped mid-change"]


def test_articles_fill_the_readers_pages_up_to_their_number(desk, monkeypatch):
    monkeypatch.setattr(newsroom, "ARTICLES_RANKED", 2)
    ArticleFactory.create_batch(20, published_at=hours_ago(5))
    paths, _ = newsroom.reader_paths(limit=30)
    assert len(paths) == len(set(paths)) == 30
    # 30 less the 6 pages always on top, 3 tags, a person, a production, an author, this
    # month's archive and /news/?page=2.
    assert sum(1 for path in paths if path.startswith("/news/article-")) == 16
