"""CachedPageApplication: stored pages answered before Django, through the real WSGI entry point."""

import io
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.signals import request_started
from django.utils import timezone

from articles.models import Article
from spacecinema.wsgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("spacecinema.tests.urls")]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def django_requests():
    """The requests that reached Django's handler."""
    seen = []

    def count(sender, environ, **kwargs):
        seen.append(environ["PATH_INFO"])

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)


@pytest.fixture
def launch():
    return Article.objects.create(headline="Soyuz MS-19 lifts off", status=Article.Status.PUBLISHED)


def call(path="/", method="GET", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = dict(response_headers)

    chunks = application(environ, start_response)
    try:
        answer["body"] = b"".join(chunks).decode()
    finally:
        getattr(chunks, "close", lambda: None)()
    return answer


def test_a_stored_page_is_answered_without_entering_django(
    launch, django_requests, django_assert_num_queries
):
    made = call()
    assert made["status"] == "200 OK"
    assert django_requests == ["/"]

    with django_assert_num_queries(0):
        served = call()

    assert django_requests == ["/"], "the second request never reached Django"
    assert served["body"] == made["body"]
    assert "Soyuz MS-19 lifts off" in served["body"]
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Content-Type"):
        assert served["headers"][header] == made["headers"][header]


def test_a_change_reaches_the_next_reader_at_once(launch, django_requests):
    call()
    launch.headline = "Soyuz MS-19 docks with the station"
    launch.save()

    assert "Soyuz MS-19 docks with the station" in call()["body"]
    assert django_requests == ["/", "/"]


@pytest.mark.parametrize(
    "request_kind",
    [
        {"method": "HEAD"},
        {"HTTP_IF_NONE_MATCH": '"anything"'},
        {"HTTP_COOKIE": "theme=dark; sessionid=abc"},
        {"HTTP_AUTHORIZATION": "Basic ZWRpdG9yOnNlY3JldA=="},
    ],
    ids=["head", "conditional", "session cookie", "authorization"],
)
def test_requests_it_is_not_sure_of_go_to_django(launch, django_requests, request_kind):
    call()
    call(**request_kind)
    assert django_requests == ["/", "/"]


def test_an_unknown_host_is_refused_by_django_not_served(launch, django_requests):
    call()
    refused = call(HTTP_HOST="evil.example")
    assert refused["status"].startswith("400")
    assert django_requests == ["/", "/"]


def test_a_busy_page_is_stored_again_once_its_lifetime_ends(
    launch, django_requests, django_assert_num_queries
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        call()
        clock.shift(timedelta(seconds=601))

        renewed = call()
        assert "Soyuz MS-19 lifts off" in renewed["body"]
        assert django_requests == ["/", "/"], "the expired page is made afresh"

        with django_assert_num_queries(0):
            for _ in range(3):
                assert call()["body"] == renewed["body"]
        assert django_requests == ["/", "/"], "the page made afresh is served from the cache"

        clock.shift(timedelta(seconds=601))
        call()
        call()
        assert django_requests == ["/", "/", "/"], "and again after its next lifetime"


def test_pages_are_stored_again_after_a_scheduled_publication(
    launch, django_requests, django_assert_num_queries
):
    now = timezone.now()
    due = now + timedelta(seconds=2)
    Article.objects.create(
        headline="Challenge premieres", status=Article.Status.PUBLISHED, published_at=due
    )
    with time_machine.travel(now, tick=False):
        assert "Challenge premieres" not in call()["body"]
        call()
    assert django_requests == ["/"], "cached until the scheduled time"
    # The database decides visibility by its own clock: let it pass the scheduled time too.
    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.05)

    with time_machine.travel(due + timedelta(seconds=1), tick=False):
        published = call()
        assert "Challenge premieres" in published["body"], "never stale"
        with django_assert_num_queries(0):
            for _ in range(3):
                assert call()["body"] == published["body"]
    assert django_requests == ["/", "/"]
