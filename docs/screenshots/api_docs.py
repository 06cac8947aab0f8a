"""One-off: the screenshot of the content API's docs page, for issue 17's closing note.

Run: .venv/bin/python -m pytest -p no:cacheprovider -m browser docs/screenshots/api_docs.py
It writes docs/screenshots/api-docs.png (1280x800).
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

SHOT = Path(__file__).resolve().parent / "api-docs.png"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_screenshot(chromium, live_server):
    context = chromium.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator("h1")).to_have_text("Content API")
    page.screenshot(path=str(SHOT))
    context.close()
    assert not [text for text in refused if "Content Security Policy" in text]
