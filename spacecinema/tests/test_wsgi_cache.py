"""CachedPageApplication: stored pages answered before Django, through the real WSGI entry point."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from spacecinema import cache as page_cache

from .wsgi_client import as_worker, call, requests_reaching_django

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("spacecinema.tests.urls")]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def django_requests():
    with requests_reaching_django() as seen:
        yield seen


@pytest.fixture
def launch():
    return Article.objects.create(headline="Soyuz MS-19 lifts off", status=Article.Status.PUBLISHED)


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


def test_a_page_read_at_least_once_a_lifetime_stays_warm_for_every_worker(
    launch, django_requests, django_assert_num_queries, midday
):
    made = call()
    with django_assert_num_queries(0):
        for _ in range(8):
            # Past half the page's lifetime each time: each read keeps it another lifetime.
            midday.shift(timedelta(seconds=400))
            assert call()["body"] == made["body"]
        with as_worker(page_cache.Worker()):
            assert call()["body"] == made["body"], "still in the shared cache"
    assert django_requests == ["/"], "made once, in 3200 seconds of a 600-second lifetime"


def test_a_page_nobody_reads_for_a_lifetime_leaves_the_shared_cache(
    launch, django_requests, settings
):
    # On the real clock: Redis keeps time by its own.
    settings.PAGE_CACHE_SECONDS = 1
    made = call()
    time.sleep(1.2)
    with as_worker(page_cache.Worker()):
        assert call()["body"] == made["body"]
    assert django_requests == ["/", "/"], "another worker finds nothing and makes it again"


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
