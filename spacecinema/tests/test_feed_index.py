"""The feed index: every feed a reader can follow, with addresses to copy."""

import pytest
from django.urls import reverse

from articles.tests.test_feeds import build_more_content
from newsroom.tests.checks import axe_violations, checker_messages

pytestmark = pytest.mark.django_db

# The last character of each line an element's text takes on screen.
LINE_ENDINGS = """element => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), range = new Range();
    const endings = [];
    let top = null, previous = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getBoundingClientRect();
            if (top !== null && rect.top > top) endings.push(previous);
            top = rect.top;
            previous = node.data[i];
        }
    }
    return [...endings, previous];
}"""


def test_feed_index_lists_every_feed_with_addresses(client, demo):
    response = client.get(reverse("feeds:index"))

    # Addresses as read: the line may break after a slash (<wbr>), which copies as nothing.
    html = response.content.decode().replace("<wbr>", "")
    assert response.status_code == 200
    assert '<link rel="alternate" type="application/rss+xml"' in html
    for url in [
        "http://testserver/feeds/news.rss",
        "http://testserver/feeds/news.atom",
        "http://testserver/feeds/news.json",
        "http://testserver/feeds/race.rss",
        "http://testserver/feeds/people/&lt;slug&gt;.rss",
        "http://testserver/feeds/projects/challenge.json",
        "http://testserver/feeds/people/klim-shipenko.atom",
        "http://testserver/feeds/organisations/channel-one.rss",
        "http://testserver/feeds/tags/soyuz.rss",
        "http://testserver/feeds/authors/dana-whitfield.rss",
    ]:
        assert url in html
    # Tags only on people or organisations have no articles to follow.
    assert "/feeds/tags/space-agency." not in html


def test_feed_index_lists_the_subjects_in_the_news_not_every_one(client, demo):
    build_more_content(31)

    html = client.get(reverse("feeds:index")).content.decode().replace("<wbr>", "")

    assert "/feeds/tags/extra-0.rss" in html
    assert "/feeds/tags/extra-30.rss" not in html
    assert "http://testserver/feeds/tags/&lt;slug&gt;.rss" in html


def test_feed_index_queries_do_not_grow_with_content(client, demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("feeds:index"))

    build_more_content(10)
    with django_assert_num_queries(1):
        response = client.get(reverse("feeds:index"))

    assert "/feeds/tags/extra-9.rss" in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_feed_index_is_accessible_and_announces_feeds_in_a_browser(demo, live_server, page):
    page.goto(live_server.url + reverse("feeds:index"))

    alternates = page.locator('head link[rel="alternate"]')
    assert alternates.count() == 3
    assert alternates.first.get_attribute("href") == "/feeds/news.rss"
    page.locator("summary", has_text="people in the latest 30 articles").click()
    assert page.get_by_role("link", name="Atom feed: Yulia Peresild").is_visible()
    violations = axe_violations(page)
    assert [
        (violation["id"], violation["nodes"][0]["target"])
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ] == []


def test_feed_index_is_valid_html(demo, client, tmp_path):
    page = tmp_path / "feeds.html"
    page.write_bytes(client.get(reverse("feeds:index")).content)

    assert checker_messages([page]) == []


def test_feed_index_records_the_lists_it_shows(client, demo):
    keys = client.get(reverse("feeds:index")).wsgi_request.dependencies
    assert {"news", "projects", "people", "organisations", "tags", "authors"} <= keys


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_feed_index_fits_a_phone_with_every_address_whole(demo, live_server, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + reverse("feeds:index"))
    for summary in page.locator("summary").all():
        summary.click()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Long addresses wrap onto more lines rather than being cut: each shows all it holds.
    addresses = page.locator("main code")
    assert addresses.count() > 5
    for address in addresses.all():
        assert address.evaluate("code => code.getBoundingClientRect().right") <= 390
    # A line of an address ends after a slash, not inside a word ("ne" / "ws.rss").
    news = page.locator("dd code", has_text="news.rss")
    *line_endings, last = news.evaluate(LINE_ENDINGS)
    assert set(line_endings) == {"/"}
    assert last == "s"
    context.close()
