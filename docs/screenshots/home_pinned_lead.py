"""Makes docs/screenshots/home-pinned-lead.png, the home page with a lead story an editor
pinned, three featured stories and primary topics as kickers, at 1280x800: run once by hand with
`.venv/bin/python -m pytest -p no:cacheprovider docs/screenshots/home_pinned_lead.py` (not a
test: outside the suite's testpaths and file names)."""

from pathlib import Path

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOT = Path(__file__).with_name("home-pinned-lead.png")


def test_home_pinned_lead_screenshot(chromium, live_server, demo):
    published = Article.objects.published().order_by("-published_at")
    illustrated = list(published.illustrated())
    # Not the newest with a picture: the lead is the editors' choice.
    lead = illustrated[2]
    featured = [article for article in published if article != lead and article.tags.exists()]
    for article, place in [*((story, "featured") for story in featured[3:0:-1]), (lead, "lead")]:
        article.pinned_as = place
        article.primary_topic = article.tags.order_by("pk").first()
        article.save()
    context = chromium.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#featured-heading")
    assert lead.headline in page.inner_text(".lead-story")
    page.screenshot(path=SCREENSHOT)
    context.close()
