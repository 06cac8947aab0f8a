"""Read a rendered page the way a crawler or a reader's browser would, for the page tests."""

import json
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.elements = []  # (tag, attributes)
        self.text_of = {}  # tag -> list of texts (h1, title, script)
        self._open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in {"h1", "title", "script", "a"}:
            self._open.append([tag, dict(attrs), ""])

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            name, attrs, text = self._open.pop()
            self.text_of.setdefault(name, []).append((attrs, text.strip()))

    def handle_data(self, data):
        for open_element in self._open:
            open_element[2] += data

    def all(self, tag, **attributes):
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and all(attrs.get(key) == value for key, value in attributes.items())
        ]

    def meta(self, key):
        values = [
            attrs.get("content")
            for attrs in self.all("meta")
            if key in (attrs.get("property"), attrs.get("name"))
        ]
        return values[0] if values else None

    @property
    def h1s(self):
        return [text for _, text in self.text_of.get("h1", [])]

    @property
    def links(self):
        return {attrs.get("href") for attrs in self.all("a")}

    @property
    def structured_data(self):
        return [
            json.loads(text)
            for attrs, text in self.text_of.get("script", [])
            if attrs.get("type") == "application/ld+json"
        ]

    def schema(self, kind):
        (found,) = [data for data in self.structured_data if data["@type"] == kind]
        return found


def page(response):
    return Page(response.content.decode())


def assert_well_formed(response, schema_type=None):
    """What every public page promises: a title, a description, a canonical link, OpenGraph and
    Twitter tags, one h1, alt text on every image, no inline style, JSON-LD where it applies."""
    assert response.status_code == 200
    html = response.content.decode()
    read = page(response)
    assert read.text_of["title"][0][1]
    assert read.meta("description")
    assert read.all("link", rel="canonical")[0]["href"].startswith("http")
    for key in ("og:title", "og:description", "og:url", "og:type", "twitter:card"):
        assert read.meta(key), key
    assert len(read.h1s) == 1
    assert all(attrs.get("alt") for attrs in read.all("img"))
    assert "style=" not in html
    scripts = read.all("script")
    assert scripts
    assert all(attrs.get("type") == "application/ld+json" for attrs in scripts)
    types = [data["@type"] for data in read.structured_data]
    assert "BreadcrumbList" in types
    if schema_type:
        assert schema_type in types
    return read


def html_of(client, url):
    """The HTML of a page that must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html, heading_id):
    """The HTML of the section labelled by `heading_id`."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]
