import functools
import os

import pytest

# The demo newsroom's fixtures: `demo`, `newsroom`, `newsroom_at_scale`, `grow_demo`.
pytest_plugins = ["demo.tests.fixtures"]


def pytest_collection_modifyitems(items):
    """Every test that commits puts back the database as migrations left it.

    A test that commits ends by emptying the tables; without serialized rollback Django then
    makes content types and permissions afresh, numbered otherwise than the migrations did
    (some data migrations need them early), and the next test restoring the migrated rows
    collides with them. Restoring the same few hundred rows after every such test costs little
    and makes the suite's order irrelevant.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
        commits = commits or not {"transactional_db", "live_server"}.isdisjoint(item.fixturenames)
        if commits and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


@pytest.fixture(autouse=True)
def _isolated_media_and_static(settings, tmp_path):
    """Uploads go to a throwaway folder; static URLs need no collectstatic manifest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached pages must not leak between tests."""
    from django.core.cache import cache

    from spacecinema import cache as page_cache

    cache.clear()
    page_cache.worker = page_cache.Worker()
    yield
    cache.clear()
    page_cache.worker = page_cache.Worker()


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (Playwright's own browser download is unreachable)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # live_server's test data are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                # Chromium marks pages made by XSLT (a feed opened in the browser) with a
                # deprecation banner styled inline, which the site's policy refuses.
                "--disable-features=GenerateXSLTWarningBanner",
            ],
        )
        # Tests inject axe-core as an inline script, which the site's Content Security Policy
        # refuses: their tabs bypass the policy. spacecinema/tests/test_csp.py opens its tabs
        # with bypass_csp=False to check that the site itself works under it.
        browser.new_context = functools.partial(browser.new_context, bypass_csp=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def midday():
    """Python's clock stopped at noon tomorrow, for tests of page lifetimes: a lifetime is cut
    to end at midnight, when dated pages change, so near midnight it is rightly shorter."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    noon = (timezone.now() + timedelta(days=1)).replace(hour=12, minute=0, second=0)
    with time_machine.travel(noon, tick=False) as traveller:
        yield traveller
