import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Correction
from newsroom.changes import record
from newsroom.dependencies import row_key

# Transactions really commit: the cache is told about a change only once it has.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("spacecinema.tests.urls")]


def front(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def launch():
    return Article.objects.create(headline="Soyuz MS-19 lifts off", status=Article.Status.PUBLISHED)


def test_a_repeat_visit_is_served_without_touching_the_database(
    client, launch, django_assert_num_queries
):
    assert "Soyuz MS-19 lifts off" in front(client)
    with django_assert_num_queries(0):
        assert "Soyuz MS-19 lifts off" in front(client)


def test_a_repeat_visit_after_the_pages_lifetime_is_served_from_the_cache_again(
    client, launch, django_assert_num_queries
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        front(client)
        clock.shift(timedelta(seconds=601))
        front(client)
        with django_assert_num_queries(0):
            assert "Soyuz MS-19 lifts off" in front(client)
            assert client.head("/").status_code == 200


def test_a_cached_page_keeps_the_security_headers_it_was_made_with(
    client, launch, django_assert_num_queries
):
    made = client.get("/")
    with django_assert_num_queries(0):
        served = client.get("/")
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "ETag",
        "Last-Modified",
    ):
        assert served[header] == made[header]


def test_a_change_saved_by_another_app_server_reaches_this_one(client, launch):
    """Another server only writes to the shared change log; this worker's own copies must go too."""
    front(client)
    Article.objects.filter(pk=launch.pk).update(headline="Published on the other server")
    record({row_key("article", launch.pk), "site"})
    assert "Published on the other server" in front(client)


def test_a_change_the_cache_is_not_told_about_stays_invisible(client, launch):
    """Proves the pages below really come from the cache, so their freshness is the cache's."""
    front(client)
    Article.objects.filter(pk=launch.pk).update(headline="Changed behind the cache's back")
    assert "Soyuz MS-19 lifts off" in front(client)


def test_publishing_shows_the_article_at_once(client):
    draft = Article.objects.create(headline="Crew lands in Kazakhstan")
    assert "Crew lands" not in front(client)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Crew lands in Kazakhstan" in front(client)


def test_editing_shows_the_new_headline(client, launch):
    front(client)
    launch.headline = "Soyuz MS-19 reaches the station"
    launch.save()
    page = front(client)
    assert "Soyuz MS-19 reaches the station" in page
    assert "lifts off" not in page


def test_a_correction_appears_at_once(client, launch):
    front(client)
    Correction.objects.create(article=launch, text="The launch was on 5 October.")
    assert "Correction: The launch was on 5 October." in front(client)


def test_tagging_an_article_shows_the_tag(client, launch):
    front(client)
    launch.tags.add("soyuz")
    assert "[soyuz]" in front(client)


def test_unpublishing_and_deleting_remove_the_article(client, launch):
    other = Article.objects.create(headline="Premiere in Moscow", status=Article.Status.PUBLISHED)
    front(client)
    launch.status = Article.Status.DRAFT
    launch.save()
    assert "Soyuz" not in front(client)
    other.delete()
    assert "Premiere" not in front(client)


def test_a_scheduled_article_appears_when_its_time_comes(client):
    now = timezone.now()
    due = now + timedelta(seconds=1)
    Article.objects.create(
        headline="Challenge premieres", status=Article.Status.PUBLISHED, published_at=due
    )
    with time_machine.travel(now, tick=False):
        assert "Challenge premieres" not in front(client)
    # The database decides visibility by its own clock: let it pass the scheduled time too.
    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.05)
    with time_machine.travel(now, tick=False):
        assert "Challenge premieres" not in front(client), "cached until the boundary"
    with time_machine.travel(due + timedelta(seconds=1), tick=False):
        assert "Challenge premieres" in front(client)


def test_feeds_are_cached_and_refreshed_too(client, launch):
    assert b"Soyuz MS-19 lifts off" in client.get("/feed/").content
    launch.headline = "Soyuz MS-19 docks"
    launch.save()
    assert b"Soyuz MS-19 docks" in client.get("/feed/").content


def test_pages_answer_conditional_requests_with_304(client, launch):
    first = client.get("/")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    launch.headline = "Soyuz MS-19 docks"
    launch.save()
    assert client.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    feed = client.get("/feed/")
    assert client.get("/feed/", HTTP_IF_NONE_MATCH=feed["ETag"]).status_code == 304


def test_a_stored_page_answers_304_without_touching_the_database(
    client, launch, django_assert_num_queries
):
    first = client.get("/")
    with django_assert_num_queries(0):
        repeat = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert repeat.status_code == 304
    assert repeat["ETag"] == first["ETag"]
    assert repeat["Last-Modified"] == first["Last-Modified"]
    assert repeat.content == b""


def test_signed_in_editors_never_get_or_leave_cached_pages(client, launch):
    editor = get_user_model().objects.create_user("editor", is_staff=True)
    client.force_login(editor)
    front(client)
    Article.objects.filter(pk=launch.pk).update(headline="Seen by the editor first")
    assert "Seen by the editor first" in front(client)
    client.logout()
    assert "Seen by the editor first" in front(client)


def test_responses_that_set_cookies_are_not_cached(client, launch):
    client.get("/cookie/")
    Article.objects.filter(pk=launch.pk).update(status=Article.Status.DRAFT)
    assert client.get("/cookie/").content == b"0"


def test_the_page_cache_can_be_switched_off(client, launch, settings):
    settings.PAGE_CACHE_SECONDS = 0
    front(client)
    Article.objects.filter(pk=launch.pk).update(headline="Straight from the database")
    assert "Straight from the database" in front(client)
