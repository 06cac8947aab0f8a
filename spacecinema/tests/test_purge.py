"""Purging an HTTP cache in front of the site: after a change commits, each purge endpoint gets
`PURGE` with the change's keys in `xkey-purge`, from a thread, so an endpoint that is slow,
failing or down never holds an editor's save. The endpoints here are real HTTP servers on
loopback ports, started by each test."""

import datetime
import http.server
import logging
import socket
import threading
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, AuthorFactory, change_form_data, make_editor
from newsroom.changes import everything_changed, recorded
from newsroom.dependencies import NEWS, row_key
from spacecinema import purge

pytestmark = pytest.mark.django_db(transaction=True)

# Long enough that a test failing by waiting fails rather than hangs.
WAIT = 10


class Receiver(http.server.ThreadingHTTPServer):
    """A purge endpoint on a loopback port: keeps each request's method, path and keys and
    answers `statuses` in turn, then 200. With `hold`, the first request's answer waits until
    the test releases it."""

    daemon_threads = True

    def __init__(self, statuses=(), hold=False):
        super().__init__(("127.0.0.1", 0), PurgeHandler)
        self.statuses = list(statuses)
        self.hold = threading.Event() if hold else None
        self.requests = []
        self.answered = threading.Event()
        self.arrival = threading.Condition()
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def received(self, count):
        """Wait until `count` requests have arrived; whether they did."""
        with self.arrival:
            return self.arrival.wait_for(lambda: len(self.requests) >= count, WAIT)

    def purged(self):
        return [keys for _method, _path, keys in self.requests]

    def release(self):
        if self.hold is not None:
            self.hold.set()

    def close(self):
        self.release()
        self.shutdown()
        self.server_close()

    def handle_error(self, request, client_address):
        # The site gave up waiting for an answer held back on purpose.
        pass


class PurgeHandler(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):
        receiver = self.server
        with receiver.arrival:
            receiver.requests.append(
                ("PURGE", self.path, set(self.headers.get("xkey-purge", "").split()))
            )
            first = len(receiver.requests) == 1
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            receiver.arrival.notify_all()
        if first and receiver.hold is not None:
            receiver.hold.wait(WAIT)
        body = b"1"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        receiver.answered.set()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def receivers():
    made = []

    def make(**kwargs):
        made.append(Receiver(**kwargs))
        return made[-1]

    yield make
    for receiver in made:
        receiver.release()
    purge.stop(timeout=WAIT)
    for receiver in made:
        receiver.close()


@pytest.fixture
def purging(settings, receivers):
    """Point the site at endpoints; returns a function taking the endpoints' URLs."""
    settings.HTTP_CACHE_PURGE_TIMEOUT = WAIT
    settings.HTTP_CACHE_PURGE_ATTEMPTS = 3

    def point_at(*urls, timeout=WAIT, attempts=3):
        settings.HTTP_CACHE_PURGE_URLS = list(urls)
        settings.HTTP_CACHE_PURGE_TIMEOUT = timeout
        settings.HTTP_CACHE_PURGE_ATTEMPTS = attempts

    return point_at


@pytest.fixture
def changes():
    """The keys of each change the log records, in order."""
    seen = []

    def note(sender, keys, sequence, **kwargs):
        seen.append(set(keys))

    recorded.connect(note, weak=False, dispatch_uid="test_purge.changes")
    yield seen
    recorded.disconnect(dispatch_uid="test_purge.changes")


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def closed_port_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def save_through_admin(client, article, **changes):
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, **changes),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def purge_threads():
    return [thread for thread in threading.enumerate() if thread.name.startswith("purge ")]


def test_an_edit_purges_exactly_its_keys_once_it_commits(purging, receivers, changes):
    cache = receivers()
    purging(cache.url)
    article = ArticleFactory(headline="Crew named")
    assert purge.flush(WAIT)
    cache.requests.clear()
    changes.clear()

    article.headline = "Crew named for the orbital shoot"
    article.save()

    assert purge.flush(WAIT)
    assert len(changes) == 1
    assert cache.requests == [("PURGE", "/", changes[0])]
    assert row_key("article", article.pk) in changes[0]


def test_a_rolled_back_change_purges_nothing(purging, receivers, changes):
    cache = receivers()
    purging(cache.url)
    article = ArticleFactory(headline="Crew named")
    assert purge.flush(WAIT)
    cache.requests.clear()
    changes.clear()

    with pytest.raises(RuntimeError), transaction.atomic():
        article.headline = "Never happened"
        article.save()
        raise RuntimeError("the editor's save failed")
    # Sent after anything the rollback could have queued: it arrives alone if that was nothing.
    purge.purge({"marker"})

    assert purge.flush(WAIT)
    assert changes == []
    assert cache.purged() == [{"marker"}]


def test_publishing_in_the_admin_purges_every_endpoint(purging, receivers, editor_client, changes):
    first, second = receivers(), receivers()
    purging(first.url, second.url)
    article = ArticleFactory(
        draft=True, headline="The Challenge wraps", authors=[AuthorFactory(name="Anna Orbit")]
    )
    assert purge.flush(WAIT)
    for cache in (first, second):
        cache.requests.clear()
    changes.clear()

    now = timezone.now() - datetime.timedelta(minutes=1)
    save_through_admin(
        editor_client,
        article,
        status=Article.Status.PUBLISHED,
        published_at_0=now.strftime("%Y-%m-%d"),
        published_at_1=now.strftime("%H:%M:%S"),
        # Past the checklist's warnings (no subjects, no sources).
        publish_despite_warnings="on",
    )

    assert purge.flush(WAIT)
    keys = set().union(*changes)
    assert {row_key("article", article.pk), NEWS} <= keys
    assert set().union(*first.purged()) == keys
    assert set().union(*second.purged()) == keys


def test_a_scheduled_article_is_purged_when_its_time_comes(
    purging, receivers, settings, client, changes
):
    settings.PAGE_CACHE_SECONDS = 600
    cache = receivers()
    purging(cache.url)
    due = timezone.now() + datetime.timedelta(seconds=1)
    article = ArticleFactory(headline="Challenge premieres", published_at=due)
    assert client.get("/").status_code == 200
    assert purge.flush(WAIT)
    cache.requests.clear()
    changes.clear()

    # The database decides visibility by its own clock: let the scheduled time pass.
    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.05)
    assert "Challenge premieres" in client.get("/").text

    assert purge.flush(WAIT)
    assert len(changes) == 1 and {row_key("article", article.pk), NEWS} <= changes[0]
    assert cache.purged() == changes


def test_an_error_answer_is_tried_again_until_the_keys_arrive(purging, receivers, caplog):
    cache = receivers(statuses=[500])
    purging(cache.url)

    purge.purge({"article-7", "news"})

    assert purge.flush(WAIT)
    assert cache.purged() == [{"article-7", "news"}, {"article-7", "news"}]
    warnings = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert len(warnings) == 1
    assert cache.url in warnings[0] and "status 500" in warnings[0] and "2 keys" in warnings[0]
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


def test_an_endpoint_that_is_down_is_given_up_without_delaying_the_others(
    purging, receivers, caplog
):
    down = closed_port_url()
    cache = receivers()
    purging(down, cache.url, attempts=4)

    purge.purge({"person-3", "site"})

    assert cache.received(1)
    assert not [record for record in caplog.records if record.levelname == "ERROR"], (
        "the endpoint that answers was purged before the one that is down was given up"
    )
    assert purge.flush(WAIT)
    assert cache.purged() == [{"person-3", "site"}]
    warnings = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert len(warnings) == 3
    assert all(down in warning and "ConnectionRefusedError" in warning for warning in warnings)
    (error,) = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert down in error and "2 keys" in error and "after 4 attempts" in error
    assert "stale" in error and "s-maxage" in error


def test_a_slow_cache_never_holds_the_editors_save(purging, receivers, editor_client):
    cache = receivers(hold=True)
    purging(cache.url, timeout=60)
    article = ArticleFactory(headline="Filming starts")

    save_through_admin(editor_client, article, headline="Filming starts on the station")

    assert not cache.answered.is_set(), "the save answered while the purge was unanswered"
    article.refresh_from_db()
    assert article.headline == "Filming starts on the station"
    assert cache.received(1)
    cache.release()
    assert purge.flush(WAIT)
    assert row_key("article", article.pk) in set().union(*cache.purged())


def test_a_cache_slower_than_the_timeout_is_tried_again(purging, receivers, caplog):
    cache = receivers(hold=True)
    purging(cache.url, timeout=0.2)

    purge.purge({"tag-4"})

    assert cache.received(2), "tried again after the first request timed out"
    cache.release()
    assert purge.flush(WAIT)
    assert cache.purged() == [{"tag-4"}, {"tag-4"}]
    (warning,) = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert "timed out" in warning


def test_keys_queued_while_a_purge_is_on_its_way_go_in_one_request(purging, receivers):
    cache = receivers(hold=True)
    purging(cache.url)

    purge.purge({"article-1"})
    assert cache.received(1)
    purge.purge({"article-2"})
    purge.purge({"article-3", "news"})
    cache.release()

    assert purge.flush(WAIT)
    assert cache.purged() == [{"article-1"}, {"article-2", "article-3", "news"}]


def test_a_long_list_of_keys_is_split_into_requests_of_a_few_kilobytes(purging, receivers):
    cache = receivers()
    purging(cache.url)
    keys = {row_key("article", pk) for pk in range(100_000, 102_000)}

    purge.purge(keys)

    assert purge.flush(WAIT)
    assert len(cache.requests) > 1
    assert all(len(" ".join(sent)) <= 4096 for sent in cache.purged())
    assert set().union(*cache.purged()) == keys
    assert sum(len(sent) for sent in cache.purged()) == len(keys)


def test_everything_changed_purges_all(purging, receivers):
    cache = receivers()
    purging(cache.url)

    everything_changed()

    assert purge.flush(WAIT)
    assert cache.purged() == [{"all"}]


def test_a_refusing_cache_is_not_asked_again(purging, receivers, caplog):
    cache = receivers(statuses=[403])
    purging(cache.url)

    purge.purge({"article-9"})

    assert purge.flush(WAIT)
    assert cache.purged() == [{"article-9"}]
    (error,) = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert "status 403" in error and cache.url in error
    assert not [record for record in caplog.records if record.levelname == "WARNING"]


def test_no_endpoints_means_no_thread_and_no_requests(settings, receivers, caplog):
    caplog.set_level(logging.DEBUG, logger="spacecinema.purge")
    settings.HTTP_CACHE_PURGE_URLS = []
    cache = receivers()

    article = ArticleFactory(headline="Quiet day")
    article.headline = "Quiet day aboard"
    article.save()

    assert purge.flush(0)
    assert purge_threads() == []
    assert cache.requests == []
    assert not caplog.records
