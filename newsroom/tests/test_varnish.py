"""Varnish with the repository's VCL (deploy/varnish/spacecinema.vcl) in front of two app servers
sharing one PostgreSQL database and one Redis cache, all real and on loopback: what readers get
through it as editors publish and edit, while the app servers are down, and when asked to cache
what it must not."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from articles import preview_links
from articles.tests.factories import ArticleFactory
from newsroom.tests import servers
from newsroom.tests.servers import Browser, Varnish, request
from people.tests.factories import PersonFactory

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
# How soon a change must reach readers through Varnish.
PURGE_SECONDS = 1.0


@pytest.fixture
def varnish(request, tmp_path, collected_static):
    """Varnish on a free port in front of two app servers that purge it after each change; a
    test's indirect parameter adds to the app servers' environment."""
    port = servers.free_port()
    environment = {"HTTP_CACHE_PURGE_URLS": f"http://127.0.0.1:{port}/"}
    environment.update(getattr(request, "param", {}))
    with servers.app_servers(tmp_path, collected_static, **environment) as running:
        front = Varnish(tmp_path, port, running)
        front.app_servers = running
        try:
            wait_until_healthy(front)
            yield front
        finally:
            front.stop()


def wait_until_healthy(front):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if request(front.url + "/robots.txt").status == 200:
            return
        time.sleep(0.1)
    raise AssertionError("Varnish did not reach the app servers within 30 seconds")


def get(front, path, **headers):
    return request(front.url + path, headers=headers)


def warm(front, path):
    """Ask for `path` until Varnish serves it from its cache; the page."""
    get(front, path)
    response = get(front, path)
    assert response.status == 200, f"{path}: {response.status}"
    assert response.headers["X-Cache"] == "HIT", f"{path} is not cached: {response.headers}"
    return response.text


def seconds_until(front, path, text, since):
    """How long after `since` (a time.monotonic()) `text` was on `path` through Varnish;
    fails once PURGE_SECONDS have passed without it."""
    while True:
        if text in get(front, path).text:
            return time.monotonic() - since
        if time.monotonic() - since > PURGE_SECONDS:
            raise AssertionError(f"{text!r} is not on {path} {PURGE_SECONDS} s after the change")
        time.sleep(0.01)


def test_an_editors_changes_reach_readers_through_varnish_within_a_second(varnish):
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    ArticleFactory(headline="Training begins", tags=["Challenge"])
    yulia = PersonFactory(name="Yulia Peresild", slug="yulia-peresild", description="actress")
    PersonFactory(name="Klim Shipenko", slug="klim-shipenko", description="director")
    ArticleFactory(headline="Filming begins", slug="filming-begins", tags=["Filming"])
    published_on = ["/", "/tags/challenge/", "/feeds/news.rss", "/feeds/tags/challenge.rss"]
    hers = ["/people/yulia-peresild/", "/people/"]
    unrelated = ["/people/klim-shipenko/", "/news/filming-begins/", "/tags/filming/"]
    for page in published_on + hers + unrelated:
        warm(varnish, page)
    # An editor works through Varnish too: the admin and signed-in requests go past its cache.
    editor = Browser(varnish.url)
    editor.sign_in("editor", PASSWORD)

    submitted = time.monotonic()
    editor.publish("Crew lands safely", tags="Challenge")
    saved = time.monotonic()
    published = {
        page: seconds_until(varnish, page, "Crew lands safely", saved) for page in published_on
    }
    for page in published_on:
        assert get(varnish, page).headers["X-Cache"] == "HIT", f"{page} is not cached again"

    hits = varnish.counter("MAIN.cache_hit")
    editor.edit(
        f"/admin/people/person/{yulia.pk}/change/", description="actress, trained at Star City"
    )
    edited = time.monotonic()
    changed = {page: seconds_until(varnish, page, "trained at Star City", edited) for page in hers}
    for page in unrelated:
        assert get(varnish, page).headers["X-Cache"] == "HIT", f"{page} was purged with hers"
    assert varnish.counter("MAIN.cache_hit") >= hits + len(unrelated)

    print(
        f"Publishing took {saved - submitted:.3f} s in the admin; then the article was on "
        + ", ".join(f"{page} {seconds:.3f} s" for page, seconds in published.items())
        + " later through Varnish. The edited person's pages: "
        + ", ".join(f"{page} {seconds:.3f} s" for page, seconds in changed.items())
    )


def test_varnish_shares_only_what_may_be_shared(varnish):
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    ArticleFactory.create_batch(25)
    draft = ArticleFactory(headline="Embargoed landing", draft=True)
    first_page = warm(varnish, "/news/")

    # A purge from an address not in the VCL's ACL (127.0.0.2 is loopback, not 127.0.0.1) is
    # refused and purges nothing; the same request from an allowed one purges.
    forged = request(
        varnish.url + "/", method="PURGE", headers={"xkey-purge": "all news"}, source="127.0.0.2"
    )
    assert forged.status == 403
    assert get(varnish, "/news/").headers["X-Cache"] == "HIT"
    allowed = request(varnish.url + "/", method="PURGE", headers={"xkey-purge": "all news"})
    assert allowed.status == 200
    assert int(allowed.text) >= 1
    assert get(varnish, "/news/").headers["X-Cache"] == "MISS"

    # A host the site does not serve gets the app's 400, never a cached page.
    for _ in range(3):
        response = get(varnish, "/news/", Host="attacker.example")
        assert response.status == 400
        assert response.headers["X-Cache"] != "HIT"
    assert warm(varnish, "/news/") == first_page

    # Tracking parameters share the cached page; page numbers do not.
    shared = get(varnish, "/news/?utm_source=newsletter&utm_medium=email&fbclid=abc")
    assert shared.headers["X-Cache"] == "HIT"
    assert shared.text == first_page
    second = get(varnish, "/news/?page=2&utm_source=newsletter")
    assert second.status == 200
    assert second.headers["X-Cache"] == "MISS"
    assert second.text != first_page
    assert get(varnish, "/news/?utm_campaign=launch&page=2").headers["X-Cache"] == "HIT"

    # The admin, previews and signed-in requests go past the cache, and what the editor saw
    # there is never served to a reader...
    editor = Browser(varnish.url)
    editor.sign_in("editor", PASSWORD)
    assert "Embargoed landing" in editor.get(f"/news/preview/{draft.pk}/")
    for _ in range(2):
        preview = get(varnish, f"/news/preview/{draft.pk}/")
        assert preview.status == 404
        assert preview.headers["X-Cache"] == "PASS"
        assert get(varnish, "/news/", Cookie=session_cookie(editor)).headers["X-Cache"] == "PASS"
        assert get(varnish, "/admin/login/").headers["X-Cache"] == "PASS"
    # A preview shared by link is read without a login, and never kept either.
    shared = preview_links.share(draft, None, "A source", datetime.timedelta(hours=1))
    # Signed with the app servers' key, as the editor's link would be.
    with override_settings(SECRET_KEY=servers.server_environment()["SECRET_KEY"]):
        address = shared.get_absolute_url()
    for _ in range(2):
        response = get(varnish, address)
        assert "Embargoed landing" in response.text
        assert response.headers["X-Cache"] == "PASS"
    # ...while a reader's other cookies do not keep a page out of the cache.
    assert get(varnish, "/news/", Cookie="theme=dark; _ga=GA1.2.3").headers["X-Cache"] == "HIT"


def session_cookie(browser):
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.cookies)


# Pages a shared cache may keep for a second: they have expired by the time the app servers are
# down.
@pytest.mark.parametrize("varnish", [{"SHARED_CACHE_SECONDS": "1"}], indirect=True)
def test_cached_pages_are_served_while_both_app_servers_are_down(varnish):
    ArticleFactory(headline="Training begins", slug="training-begins", tags=["Challenge"])
    PersonFactory(name="Yulia Peresild", slug="yulia-peresild")
    pages = ["/", "/news/", "/news/training-begins/", "/feeds/news.rss"]
    for page in pages:
        warm(varnish, page)
        assert "s-maxage=1," in get(varnish, page).headers["Cache-Control"]
    first, second = varnish.app_servers

    # One app server down: the other answers, for pages Varnish does not hold as well.
    first.stop()
    for page in ["/tags/challenge/", "/people/yulia-peresild/", "/people/"]:
        assert get(varnish, page).status == 200, f"{page} with one app server down"

    second.stop()
    # Every copy past its s-maxage.
    time.sleep(2)
    for page in pages:
        response = get(varnish, page)
        assert response.status == 200, f"{page}: {response.status} with the app servers down"
        assert "Training begins" in response.text
        # Served past its s-maxage, as its stale-if-error allows.
        assert int(response.headers["Age"]) > 1
    assert get(varnish, "/organisations/").status == 503
