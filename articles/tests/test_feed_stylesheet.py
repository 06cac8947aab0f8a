"""Feeds a person can read: opened in a browser, an RSS or Atom feed shows a page that says
what a feed is and how to follow it, through an XSLT stylesheet from the site's static files;
feed readers, which ignore it, read the same feed as before."""

import json
import re

import feedparser
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from newsroom.rendering import static

pytestmark = pytest.mark.django_db

# Every feed with an address of its own, in the formats that carry a stylesheet.
FEEDS = [
    ("news", {}),
    ("race", {}),
    ("tag", {"slug": "tom-cruise"}),
    ("person", {"slug": "tom-cruise"}),
    ("organisation", {"slug": "nasa"}),
    ("project", {"slug": "tom-cruise-space-film"}),
    ("author", {"slug": "dana-whitfield"}),
]
PROCESSING_INSTRUCTION = re.compile(
    r"<\?xml-stylesheet href=\"([^\"]+)\" media=\"screen\" type=\"text/xsl\"\?>"
)


@pytest.mark.parametrize(("name", "kwargs"), FEEDS, ids=[name for name, _ in FEEDS])
@pytest.mark.parametrize(
    ("ext", "version", "content_type"),
    [("rss", "rss20", "application/rss+xml"), ("atom", "atom10", "application/atom+xml")],
)
def test_xml_feeds_name_the_stylesheet_and_stay_feeds(
    client, demo, name, kwargs, ext, version, content_type
):
    response = client.get(reverse(f"feeds:{name}-{ext}", kwargs=kwargs))

    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    # Before the root element, right after the declaration: where XML allows it.
    declaration, prolog_end = '<?xml version="1.0" encoding="utf-8"?>\n', text.index("<", 40)
    assert text.startswith(declaration)
    found = PROCESSING_INSTRUCTION.match(text, len(declaration))
    assert found, text[:200]
    assert found.end() == prolog_end
    assert found[1] == static("feeds/feed.xsl")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.entries


# What Chromium sends when a reader opens an address.
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
# What feed readers send.
READERS = ["*/*", "application/rss+xml, application/atom+xml, application/xml;q=0.9", ""]


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_a_browser_gets_the_feed_as_xml_to_show_and_readers_as_a_feed(client, demo, ext):
    url = reverse(f"feeds:news-{ext}")

    opened = client.get(url, headers={"Accept": BROWSER})

    # Chromium shows RSS and Atom types as plain text, stylesheet and all.
    assert opened["Content-Type"] == "application/xml; charset=utf-8"
    assert "Accept" in opened["Vary"]
    for accept in READERS:
        read = client.get(url, headers={"Accept": accept} if accept else {})
        assert read["Content-Type"] == f"application/{ext}+xml; charset=utf-8", accept
        assert "Accept" in read["Vary"]
        assert read.content == opened.content
    # A 304 says so too, for a cache that keeps it for one kind of reader.
    again = client.get(url, headers={"Accept": BROWSER, "If-None-Match": opened["ETag"]})
    assert again.status_code == 304
    assert "Accept" in again["Vary"]


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_the_page_cache_keeps_the_browsers_and_the_readers_feed_apart(client, demo, settings, ext):
    settings.PAGE_CACHE_SECONDS = 600
    url = reverse(f"feeds:news-{ext}")

    for _ in range(2):
        assert client.get(url, headers={"Accept": BROWSER})["Content-Type"].startswith(
            "application/xml"
        )
        assert client.get(url, headers={"Accept": "*/*"})["Content-Type"].startswith(
            f"application/{ext}+xml"
        )


def test_json_feed_has_no_stylesheet(client, demo):
    response = client.get(reverse("feeds:news-json"))

    assert "xml-stylesheet" not in response.content.decode()
    assert json.loads(response.content)["items"]


def test_the_stylesheet_and_its_css_are_served_as_static_files(client, demo):
    xsl = client.get(static("feeds/feed.xsl"))

    assert xsl.status_code == 200
    text = b"".join(xsl.streaming_content).decode() if xsl.streaming else xsl.content.decode()
    assert "http://www.w3.org/1999/XSL/Transform" in text
    # The page it makes keeps the Content Security Policy: no inline script or style.
    assert "<script" not in text
    assert "<style" not in text
    assert "style=" not in text
    for path in re.findall(r'href="/static/([^"]+)"', text):
        assert finders.find(path), path
    assert "css/feed.css" in text
