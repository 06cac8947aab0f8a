"""Feed writers: RSS 2.0 and Atom 1.0 carrying full content, and JSON Feed 1.1.

Besides Django's item fields, each item takes `content_html` (the article's sanitised HTML),
`summary` (the standfirst as plain text) and `authors` ((name, url) pairs). Relative URLs in
content, enclosures and author links are resolved against the item's own absolute link:
a feed reader has no page to resolve them against.
"""

import json
from urllib.parse import urljoin

from django.utils import feedgenerator
from django.utils.feedgenerator import rfc3339_date

from newsroom.text import sanitise, xml_safe


def _xml_safe(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(part) for part in value)
    return value


class FullContentMixin:
    """Full content per item, and no text, feed-wide or per item, with what XML 1.0 cannot
    carry: text saved before it was normalised on save would fail every feed it is in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}

    def add_item(self, *args, content_html="", summary="", authors=(), **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = {key: _xml_safe(value) for key, value in self.items[-1].items()}
        item = self.items[-1]
        base = item["link"]
        item["content_html"] = xml_safe(sanitise(content_html, base_url=base))
        item["summary"] = xml_safe(summary)
        item["authors"] = [(xml_safe(name), urljoin(base, url)) for name, url in authors]
        item["enclosures"] = [
            feedgenerator.Enclosure(
                urljoin(base, enclosure.url), enclosure.length, enclosure.mime_type
            )
            for enclosure in item["enclosures"]
        ]


class RssFeed(FullContentMixin, feedgenerator.Rss201rev2Feed):
    """RSS 2.0: the standfirst in <description>, the whole article in <content:encoded>.

    RSS has no element for a later update, so a corrected item carries Atom's <updated>.
    """

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(FullContentMixin, feedgenerator.Atom1Feed):
    """Atom 1.0: one <author> per byline, <content> in full, and <updated> on every entry."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "author_name": None})
        if item["updateddate"] is None and item["pubdate"] is not None:
            # Atom requires <updated>; an uncorrected article was last updated when published.
            handler.addQuickElement("updated", rfc3339_date(item["pubdate"]))
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JSONFeed(FullContentMixin, feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

    content_type = "application/feed+json; charset=utf-8"
    version = "https://jsonfeed.org/version/1.1"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.as_dict(), ensure_ascii=False, indent=2))

    def as_dict(self):
        feed = self.feed
        return _without_empty(
            {
                "version": self.version,
                "title": feed["title"],
                "home_page_url": feed["link"],
                "feed_url": feed["feed_url"],
                "description": feed["description"],
                "language": feed["language"],
                "authors": [{"name": feed["author_name"]}] if feed["author_name"] else [],
                "items": [self.item_as_dict(item) for item in self.items],
            },
            keep={"items"},
        )

    def item_as_dict(self, item):
        enclosures = list(item["enclosures"])
        return _without_empty(
            {
                "id": item["unique_id"],
                "url": item["link"],
                "title": item["title"],
                "content_html": item["content_html"],
                "summary": item["summary"],
                "image": enclosures[0].url if enclosures else None,
                "date_published": item["pubdate"] and rfc3339_date(item["pubdate"]),
                "date_modified": item["updateddate"] and rfc3339_date(item["updateddate"]),
                "authors": [{"name": name, "url": url} for name, url in item["authors"]],
                "tags": list(item["categories"]),
                "attachments": [
                    {
                        "url": enclosure.url,
                        "mime_type": enclosure.mime_type,
                        "size_in_bytes": int(enclosure.length),
                    }
                    for enclosure in enclosures
                ],
            },
            # An item needs content_html or content_text, even when the body is empty.
            keep={"id", "content_html"},
        )


def _without_empty(data, keep=()):
    """JSON Feed leaves out what is unknown rather than sending nulls or empty lists."""
    return {key: value for key, value in data.items() if value or key in keep}
