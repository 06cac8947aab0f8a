"""Makes docs/screenshots/feed-in-browser.png, the all-news RSS feed as a browser shows it
(through the feed's XSLT stylesheet, with the site's Content Security Policy enforced), at
1280x800: run once by hand with
`.venv/bin/python -m pytest -p no:cacheprovider docs/screenshots/feed_in_browser.py` (not a
test: outside the suite's testpaths and file names)."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOT = Path(__file__).with_name("feed-in-browser.png")


def test_feed_in_browser_screenshot(chromium, live_server, demo):
    context = chromium.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/feeds/news.rss")
    page.wait_for_selector("#feed-explainer-heading")
    # The site's CSS applied.
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.feed-explainer')).borderLeftStyle === 'solid'"
    )
    page.screenshot(path=SCREENSHOT)
    context.close()
