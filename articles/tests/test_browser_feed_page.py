"""A feed opened in a real browser, with the site's Content Security Policy enforced: the page
the feed's stylesheet makes, in RSS and in Atom."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import ArticleFactory, CorrectionFactory
from newsroom.tests.checks import checker_messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_feed(chromium, live_server, path):
    """A tab at 1280 px that obeys the policy, on the feed at `path`; `page.refused` collects
    what the policy refused."""
    context = chromium.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.refused = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.refused.append(message.text)
        ),
    )
    response = page.goto(live_server.url + path)
    assert response.status == 200
    page.wait_for_selector("#feed-explainer-heading")
    return page


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_a_feed_opened_in_a_browser_explains_itself_and_lists_its_items(
    chromium, live_server, demo, ext, tmp_path
):
    newest = Article.objects.published().order_by("-published_at", "-pk").first()
    path = reverse(f"feeds:news-{ext}")

    page = open_feed(chromium, live_server, path)

    text = page.inner_text("main")
    assert "This is a feed: follow it in a feed reader" in text
    assert "copy its address into your feed reader" in text
    assert f"{live_server.url}{path}" in text
    link = page.get_by_role("link", name=newest.headline)
    assert link.get_attribute("href") == f"{live_server.url}{newest.get_absolute_url()}"
    # Its day as the site writes one, in the feed's time zone (UTC).
    published = newest.published_at.astimezone(datetime.UTC)
    assert page.locator(".feed-item .meta").first.inner_text().strip() == (
        f"{published.day} {published:%b %Y}"
    )
    # The site's own CSS applies: the header is styled as on every page.
    assert page.eval_on_selector(".feed-explainer", "e => getComputedStyle(e).borderLeftStyle") == (
        "solid"
    )
    assert page.refused == []
    assert page.locator("[style]").count() == 0
    # Valid HTML, and nothing to scroll sideways on a phone.
    made = tmp_path / "feed.html"
    made.write_text(page.content())
    assert checker_messages([made]) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()


HOSTILE_HEADLINE = '<script>alert("headline")</script> \u202eevil\u202c שלום 👩🏽‍🚀'


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_hostile_corrections_read_as_text_in_the_browser(chromium, live_server, db, ext):
    article = ArticleFactory(headline=HOSTILE_HEADLINE)
    CorrectionFactory(article=article, text='<img src=x onerror="alert(1)"> \x0b fixed 🚀')

    page = open_feed(chromium, live_server, reverse(f"feeds:corrections-{ext}"))
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())

    # The headline as an editor typed it, marks and all, as the link's text.
    link = page.locator(".feed-item a")
    assert link.inner_text() == f"Correction: {HOSTILE_HEADLINE}"
    assert link.get_attribute("href").endswith(f"#correction-{article.corrections.get().pk}")
    assert page.locator("main script").count() == 0
    assert dialogs == []
    assert page.refused == []
    page.context.close()


def test_the_corrections_page_keeps_the_policy_and_fits_a_phone(chromium, live_server, demo):
    context = chromium.new_context(bypass_csp=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused.append(message.text),
    )

    response = page.goto(live_server.url + reverse("articles:corrections"))

    assert response.status == 200
    correction = page.locator(".correction-entry a").first
    assert correction.inner_text() == "The new space race is a race to film first"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert refused == []
    context.close()
