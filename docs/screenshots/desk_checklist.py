"""One-off: the screenshot of the checklist holding a draft back, for issue 15's closing note.

Run: .venv/bin/python -m pytest -p no:cacheprovider -m browser docs/screenshots/desk_checklist.py
It writes docs/screenshots/desk-checklist.png (1280x800).
"""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Author
from articles.tests.factories import PASSWORD, ArticleFactory, make_editor
from people.tests.factories import PersonFactory

SHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "desk-checklist.png"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_screenshot(chromium, live_server):
    make_editor("eddie", "Eddie Editor")
    article = ArticleFactory(
        draft=True,
        headline="The Challenge premieres: the first feature film shot in orbit reaches cinemas",
        standfirst="Yulia Peresild and Klim Shipenko spent twelve days on the ISS in 2021.",
        body=(
            "Yulia Peresild plays a surgeon sent to the station to save a cosmonaut.\n\n"
            "TODO check with Roscosmos: the date of the undocking scenes\n\n"
            "![The crew on the station](https://photos.example.com/challenge/iss-crew.jpg)"
        ),
        authors=[Author.objects.create(name="Anna Orbit", slug="anna-orbit")],
        people=[PersonFactory(name="Yulia Peresild", slug="yulia-peresild")],
    )
    context = chromium.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")
    page.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}")
    page.click("input[name=_publish]")
    expect(page.locator("#publish-checklist")).to_be_visible()
    page.evaluate("document.getElementById('publish-checklist').scrollIntoView()")
    page.screenshot(path=str(SHOT))
    context.close()
