"""What browsers and shared caches are told to keep of each response (spacecinema/http_cache.py),
in which encoding, and what each page names in its surrogate keys."""

import gzip
import re
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

import brotli
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from newsroom.dependencies import row_key
from newsroom.links import is_tracking, without_tracking
from people.models import Person
from spacecinema import cache as page_cache
from spacecinema import http_cache
from spacecinema.security import permissions_policy

from .wsgi_client import call, requests_reaching_django

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "public, max-age=60, s-maxage=3600, stale-while-revalidate=60, stale-if-error=86400"
FEED = "public, max-age=300, s-maxage=3600, stale-while-revalidate=60, stale-if-error=86400"
SITEMAP = "public, max-age=3600, s-maxage=3600, stale-while-revalidate=300, stale-if-error=86400"
MISSING = "public, max-age=60, s-maxage=600, stale-while-revalidate=60, stale-if-error=3600"
MOVED = "public, max-age=3600, s-maxage=3600, stale-while-revalidate=60, stale-if-error=86400"
FILE = "public, max-age=604800, s-maxage=604800, stale-while-revalidate=3600, stale-if-error=604800"


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def surrogate_keys(response):
    keys = response["Surrogate-Key"].split(" ")
    assert response["Cache-Tag"].split(",") == keys
    return set(keys)


def lifetimes(cache_control):
    return {name: int(value) for name, value in re.findall(r"([a-z-]+)=(\d+)", cache_control)}


def test_every_public_page_type_says_how_long_it_may_be_kept(client, demo):
    article = Article.objects.published().first()
    person = Person.objects.filter(slug="yulia-peresild").get()
    for address, policy in [
        ("/", PAGE),
        ("/news/", PAGE),
        (article.get_absolute_url(), PAGE),
        (person.get_absolute_url(), PAGE),
        ("/race/", PAGE),
        ("/search/?q=soyuz", PAGE),
        ("/feeds/", PAGE),
        ("/feeds/news.rss", FEED),
        ("/feeds/news.atom", FEED),
        ("/feeds/news.json", FEED),
        ("/sitemap.xml", SITEMAP),
        ("/robots.txt", FILE),
        ("/favicon.ico", FILE),
        ("/news/no-such-story/", MISSING),
    ]:
        response = client.get(address)
        assert response["Cache-Control"] == policy, address
        assert "all" in surrogate_keys(response), address


def test_a_page_names_what_it_shows_in_its_surrogate_keys(client, demo):
    article = Article.objects.published().filter(people__isnull=False).first()
    keys = surrogate_keys(client.get(article.get_absolute_url()))
    assert row_key("article", article.pk) in keys
    assert {row_key("person", person.pk) for person in article.people.all()} <= keys
    assert "news" in surrogate_keys(client.get("/"))
    assert "news" in surrogate_keys(client.get("/feeds/news.rss"))


def test_an_old_address_is_redirected_and_the_redirect_kept_like_a_page(client, demo):
    article = Article.objects.published().first()
    old = article.get_absolute_url()
    article.slug = "a-new-address"
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Cache-Control"] == MOVED
    # Where an old address leads changes with any change: it depends on the whole site.
    assert surrogate_keys(response) == {"site", "all"}


def test_pages_for_signed_in_staff_are_private_and_name_no_keys(client, demo):
    editor = get_user_model().objects.create_user("editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    for address in ["/", "/news/", "/feeds/news.rss", "/admin/", "/admin/articles/article/"]:
        response = client.get(address)
        assert {"private", "no-store"} <= set(re.split(r",\s*", response["Cache-Control"])), address
        assert not response.has_header("Surrogate-Key"), address
    draft = Article.objects.create(headline="Not yet", status=Article.Status.DRAFT)
    preview = client.get(f"/news/preview/{draft.pk}/")
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]


def test_a_response_setting_a_cookie_is_private(client, demo):
    response = client.get("/admin/login/")
    assert response.cookies
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_host_the_site_does_not_serve_is_refused_and_never_kept(client, demo, page_cache_on):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("Surrogate-Key")
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/", HTTP_HOST="bad:99999999")["Cache-Control"] == "no-store"


def test_a_page_is_kept_no_longer_than_until_the_next_scheduled_publication(
    client, demo, page_cache_on
):
    # Noon tomorrow: in a day's last minutes the lifetime is cut to midnight, sooner still.
    now = (timezone.now() + timedelta(days=1)).replace(hour=12, minute=0, second=0)
    Article.objects.create(
        headline="Due in five minutes",
        status=Article.Status.PUBLISHED,
        published_at=now + timedelta(minutes=5),
    )
    with time_machine.travel(now, tick=False):
        first = lifetimes(client.get("/")["Cache-Control"])
        assert 295 <= first["s-maxage"] <= 300
        assert first["max-age"] == 60
    with time_machine.travel(now + timedelta(minutes=4), tick=False):
        # The stored page, served a minute before the time: a minute left.
        later = client.get("/")
        assert lifetimes(later["Cache-Control"])["s-maxage"] <= 60
        assert lifetimes(later["Cache-Control"])["max-age"] <= 60
        hit = call("/")
        assert lifetimes(hit["headers"]["Cache-Control"])["s-maxage"] <= 60


def decoded(response, coding):
    body = response.content
    return brotli.decompress(body) if coding == "br" else gzip.decompress(body)


@pytest.mark.parametrize("cached", [False, True], ids=["cache-off", "cache-on"])
def test_pages_feeds_and_sitemaps_are_compressed_for_readers_who_accept_it(
    client, demo, settings, cached
):
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    for address in ["/", "/feeds/news.rss", "/feeds/news.json", "/sitemap.xml", "/race/"]:
        # A browser gets an XML feed as XML, to show with its stylesheet (articles/feeds.py).
        vary = "Accept, Accept-Encoding" if address.endswith(".rss") else "Accept-Encoding"
        plain = client.get(address)
        assert not plain.has_header("Content-Encoding")
        assert plain["Vary"] == vary
        for accepted, coding in [
            ("gzip, deflate, br, zstd", "br"),
            ("gzip", "gzip"),
            ("br;q=0, gzip;q=0.8", "gzip"),
            ("*", "br"),
        ]:
            response = client.get(address, HTTP_ACCEPT_ENCODING=accepted)
            assert response["Content-Encoding"] == coding, (address, accepted)
            assert response["Vary"] == vary
            assert int(response["Content-Length"]) == len(response.content)
            assert len(response.content) < len(plain.content) / 2
            assert decoded(response, coding) == plain.content
            assert response["ETag"] != plain["ETag"]
        refused = client.get(address, HTTP_ACCEPT_ENCODING="identity, br;q=0, gzip;q=0")
        assert not refused.has_header("Content-Encoding")


def test_a_stored_page_is_compressed_once_and_served_as_stored(demo, page_cache_on):
    made = call("/", HTTP_ACCEPT_ENCODING="br")
    assert made["headers"]["Content-Encoding"] == "br"
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "testserver", "PATH_INFO": "/"}
    stored = cache.get(page_cache.page_key(environ))
    assert set(stored.variants) == {"", "br", "gzip"}
    with requests_reaching_django() as reached:
        for coding in ("br", "gzip"):
            hit = call("/", HTTP_ACCEPT_ENCODING=coding)
            assert hit["headers"]["Content-Encoding"] == coding
            assert hit["raw"] == stored.variants[coding][1]
        plain = call("/")
    assert reached == [], "answered from the stored variants, before Django"
    assert "Content-Encoding" not in plain["headers"]
    assert plain["raw"] == stored.variants[""][1]
    assert brotli.decompress(made["raw"]) == plain["raw"]


def test_a_compressed_page_answers_its_own_etag_with_304(client, demo, page_cache_on, midday):
    first = client.get("/", HTTP_ACCEPT_ENCODING="br")
    again = client.get("/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == PAGE


def test_tracking_parameters_share_the_page_and_page_numbers_do_not(
    client, demo, page_cache_on, grow_demo
):
    grow_demo(10)
    call("/news/")
    with requests_reaching_django() as reached:
        tracked = call("/news/", QUERY_STRING="utm_source=newsletter&utm_medium=email&fbclid=x")
        assert tracked["status"] == "200 OK"
        assert reached == []
        second = call("/news/", QUERY_STRING="page=2&utm_source=newsletter")
        assert reached == ["/news/"]
        call("/news/", QUERY_STRING="page=2")
        assert reached == ["/news/"], "the same page as page=2 with tracking"
    assert second["body"] != tracked["body"]


def test_every_response_carries_a_permissions_policy(client, demo, page_cache_on, admin_client):
    policy = permissions_policy()
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    client.get("/")
    for response in [
        client.get("/"),
        client.get("/news/no-such-story/"),
        client.get("/static/favicon.svg"),
        client.get("/", HTTP_HOST="evil.example"),
        client.get("/", HTTP_HOST="bad:99999999"),
        admin_client.get("/admin/"),
    ]:
        assert response["Permissions-Policy"] == policy, response
    assert call("/")["headers"]["Permissions-Policy"] == policy


@pytest.mark.urls("spacecinema.tests.urls")
def test_a_page_whose_content_changed_while_it_was_made_is_kept_by_no_cache(
    client, settings, page_cache_on, midday
):
    from .test_purge import Receiver

    receiver = Receiver()
    settings.HTTP_CACHE_PURGE_URLS = [receiver.url]
    try:
        # Its purge may reach the HTTP cache before this page does: no cache may keep it.
        made = client.get("/keys/changed-while-made/")
        assert made.status_code == 200
        assert made["Cache-Control"] == "no-store"
        assert receiver.received(1)
        assert client.get("/keys/latest/")["Cache-Control"] == PAGE
    finally:
        receiver.close()


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_accept_encoding_header_gets_an_encoding_the_site_can_send(header):
    assert http_cache.accepted_encoding(header) in {"", "br", "gzip"}
    assert http_cache.accepted_encoding(f"{header}, br;q=0, gzip;q=0, *;q=0") == ""


NAMES = st.sampled_from(
    ["page", "q", "sort", "kind", "p", "utm_source", "utm_campaign", "fbclid", "gclid", "_ga"]
)
VALUES = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES, VALUES), max_size=8))
def test_tracking_parameters_are_dropped_and_the_rest_kept_in_order(pairs):
    query = urlencode(pairs)
    kept = [(name, value) for name, value in pairs if not is_tracking(name)]
    cleaned = without_tracking(query)
    assert parse_qsl(cleaned, keep_blank_values=True) == parse_qsl(
        urlencode(kept), keep_blank_values=True
    )
    assert without_tracking(cleaned) == cleaned
