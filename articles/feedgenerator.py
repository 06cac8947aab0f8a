"""Feed writers: RSS 2.0 and Atom 1.0 carrying full content, and JSON Feed 1.1.

The XML is what Django's feed generators write through its SimplerXMLGenerator, byte for
byte: attributes sorted by name, an element without text closed short, text and attribute
values escaped as xml.sax.saxutils escapes them. It is written here as strings, a few per
element, because the generator's handler calls and dictionaries per item cost more than
reading the items.

Each entry carries `content_html` (the article's sanitised HTML), `summary` (the standfirst
as plain text) and `authors` ((name, url) pairs). Relative URLs in content, enclosures and
author links are resolved against the item's own absolute link: a feed reader has no page
to resolve them against. No text, feed-wide or per item, keeps what XML 1.0 cannot carry:
text saved before it was normalised on save would fail every feed it is in.
"""

import datetime
import json
from dataclasses import dataclass
from json.encoder import encode_basestring
from urllib.parse import urljoin
from xml.sax.saxutils import quoteattr

from django.utils.feedgenerator import Enclosure, Stylesheet, rfc2822_date, rfc3339_date

from newsroom.text import sanitise_on, xml_safe


@dataclass(slots=True)
class Channel:
    """What a feed says of itself; `link` and `feed_url` are absolute. `stylesheet` is the
    address of the XSLT stylesheet a browser shows an XML feed with (feed readers ignore it)."""

    title: str
    link: str
    description: str
    feed_url: str
    language: str
    author_name: str
    stylesheet: str = ""

    def __post_init__(self):
        for name in self.__slots__:
            setattr(self, name, xml_safe(getattr(self, name)))


def whole_content(content_html, link, origin):
    """An item's content as a feed carries it: safe, its addresses resolved against the item's
    absolute `link` on `origin`."""
    return xml_safe(sanitise_on(content_html, link, origin))


@dataclass(slots=True)
class Entry:
    """One item as every format writes it; `link` is absolute, the rest as read."""

    title: str
    link: str
    description: str
    guid: str
    pubdate: datetime.datetime | None
    updateddate: datetime.datetime | None
    categories: list
    enclosure: Enclosure | None
    content_html: str
    summary: str
    authors: list  # [(name, absolute url)]

    @classmethod
    def of(
        cls,
        *,
        title,
        link,
        description,
        guid,
        pubdate,
        updateddate,
        categories,
        enclosure,
        content_html,
        summary,
        authors,
        origin,
    ):
        """An entry with its text made safe for XML and its content's URLs made whole;
        `origin` ("https://host") makes the site's own paths (the authors') whole."""
        link = xml_safe(link)
        if enclosure is not None:
            url = urljoin(link, enclosure.url)
            enclosure = Enclosure(url, enclosure.length, enclosure.mime_type)
        return cls(
            title=xml_safe(title),
            link=link,
            description=xml_safe(description),
            guid=xml_safe(guid),
            pubdate=pubdate,
            updateddate=updateddate,
            categories=[xml_safe(name) for name in categories],
            enclosure=enclosure,
            content_html=whole_content(content_html, link, origin),
            summary=xml_safe(summary),
            authors=[(xml_safe(name), origin + url) for name, url in authors],
        )

    @property
    def author_name(self):
        return ", ".join(name for name, _ in self.authors)


def _text(value):
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _element(name, text, attributes=""):
    """An element with text, or closed short without: `attributes` are written as given."""
    if text:
        return f"<{name}{attributes}>{_text(text)}</{name}>"
    return f"<{name}{attributes}/>"


def last_change(moments):
    """The latest of the items' publications and corrections (now, without any)."""
    return max(filter(None, moments), default=None) or datetime.datetime.now(tz=datetime.UTC)


XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def xml_prolog(channel):
    """The XML declaration, then the stylesheet's processing instruction as Django's
    generators write it (`Feed.stylesheets`), if the channel has one."""
    if not channel.stylesheet:
        return XML_DECLARATION
    return f"{XML_DECLARATION}<?xml-stylesheet {Stylesheet(channel.stylesheet)}?>"


class RssFeed:
    """RSS 2.0: the standfirst in <description>, the whole article in <content:encoded>.

    RSS has no element for a later update, so a corrected item carries Atom's <updated>.
    """

    content_type = "application/rss+xml; charset=utf-8"
    # Whether a browser shows the feed through the channel's stylesheet.
    stylesheet = True

    @staticmethod
    def item_parts(entry):
        """(what comes before the content, what comes after) of the entry's <item>."""
        parts = [
            "<item>",
            _element("title", entry.title),
            _element("link", entry.link),
            _element("description", entry.description),
        ]
        if entry.author_name:
            parts.append(
                _element(
                    "dc:creator", entry.author_name, ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
                )
            )
        if entry.pubdate is not None:
            parts.append(_element("pubDate", rfc2822_date(entry.pubdate)))
        parts.append(_element("guid", entry.guid, ' isPermaLink="false"'))
        if entry.enclosure is not None:
            enclosure = entry.enclosure
            parts.append(
                f"<enclosure length={quoteattr(enclosure.length)} "
                f"type={quoteattr(enclosure.mime_type)} url={quoteattr(enclosure.url)}/>"
            )
        parts += [_element("category", name) for name in entry.categories]
        if entry.updateddate is not None:
            parts.append(_element("atom:updated", rfc3339_date(entry.updateddate)))
        return "".join(parts), "</item>"

    @staticmethod
    def item(before, content_html, after):
        return f"{before}{_element('content:encoded', content_html)}{after}"

    @staticmethod
    def document(channel, last_change, items):
        """The feed around its items' text; `last_change` dates the channel."""
        return "".join(
            [
                xml_prolog(channel),
                '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
                _element("title", channel.title),
                _element("link", channel.link),
                _element("description", channel.description),
                f'<atom:link href={quoteattr(channel.feed_url)} rel="self"/>',
                _element("language", channel.language),
                _element("lastBuildDate", rfc2822_date(last_change)),
                *items,
                "</channel></rss>",
            ]
        )


class AtomFeed:
    """Atom 1.0: one <author> per byline, <content> in full, and <updated> on every entry."""

    content_type = "application/atom+xml; charset=utf-8"
    stylesheet = True

    @staticmethod
    def item_parts(entry):
        parts = [
            "<entry>",
            _element("title", entry.title),
            f'<link href={quoteattr(entry.link)} rel="alternate"/>',
        ]
        if entry.pubdate is not None:
            parts.append(_element("published", rfc3339_date(entry.pubdate)))
        if entry.updateddate is not None:
            parts.append(_element("updated", rfc3339_date(entry.updateddate)))
        parts += [
            _element("id", entry.guid),
            _element("summary", entry.description, ' type="html"'),
        ]
        if entry.enclosure is not None:
            enclosure = entry.enclosure
            parts.append(
                f"<link href={quoteattr(enclosure.url)} "
                f'length={quoteattr(enclosure.length)} rel="enclosure" '
                f"type={quoteattr(enclosure.mime_type)}/>"
            )
        parts += [f"<category term={quoteattr(name)}/>" for name in entry.categories]
        if entry.updateddate is None and entry.pubdate is not None:
            # Atom requires <updated>; an uncorrected article was last updated when published.
            parts.append(_element("updated", rfc3339_date(entry.pubdate)))
        parts += [
            f"<author>{_element('name', name)}{_element('uri', url)}</author>"
            for name, url in entry.authors
        ]
        return "".join(parts), "</entry>"

    @staticmethod
    def item(before, content_html, after):
        return f"{before}{_element('content', content_html, ' type="html"')}{after}"

    @staticmethod
    def document(channel, last_change, items):
        return "".join(
            [
                xml_prolog(channel),
                f'<feed xml:lang={quoteattr(channel.language)} xmlns="http://www.w3.org/2005/Atom">',
                _element("title", channel.title),
                f'<link href={quoteattr(channel.link)} rel="alternate"/>',
                f'<link href={quoteattr(channel.feed_url)} rel="self"/>',
                _element("id", channel.link),
                _element("updated", rfc3339_date(last_change)),
                f"<author>{_element('name', channel.author_name)}</author>",
                _element("subtitle", channel.description),
                *items,
                "</feed>",
            ]
        )


# Stands for an item's content while its JSON is written; XML text, and so every value an
# Entry holds, never carries it.
_CONTENT = "\uffff"
# An item as json.dumps(indent=2) writes it in the feed's "items" list: two levels in.
_ITEM_INDENT = "    "
_NO_ITEMS = "[]\n}"


class JSONFeed:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), as json.dumps(indent=2) writes
    it."""

    content_type = "application/feed+json; charset=utf-8"
    stylesheet = False
    version = "https://jsonfeed.org/version/1.1"

    @classmethod
    def item_parts(cls, entry):
        text = json.dumps(cls.item_as_dict(entry, _CONTENT), ensure_ascii=False, indent=2).replace(
            "\n", "\n" + _ITEM_INDENT
        )
        before, after = text.split(json.dumps(_CONTENT, ensure_ascii=False))
        return _ITEM_INDENT + before, after

    @staticmethod
    def item(before, content_html, after):
        return f"{before}{encode_basestring(content_html)}{after}"

    @classmethod
    def document(cls, channel, last_change, items):
        data = _without_empty(
            {
                "version": cls.version,
                "title": channel.title,
                "home_page_url": channel.link,
                "feed_url": channel.feed_url,
                "description": channel.description,
                "language": channel.language,
                "authors": [{"name": channel.author_name}] if channel.author_name else [],
                "items": [],
            },
            keep={"items"},
        )
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if not items:
            return text
        # "items" is the last member: its empty list ends the text.
        return "".join([text.removesuffix(_NO_ITEMS), "[\n", ",\n".join(items), "\n  ]\n}"])

    @staticmethod
    def item_as_dict(entry, content_html):
        enclosure = entry.enclosure
        return _without_empty(
            {
                "id": entry.guid,
                "url": entry.link,
                "title": entry.title,
                "content_html": content_html,
                "summary": entry.summary,
                "image": enclosure.url if enclosure else None,
                "date_published": entry.pubdate and rfc3339_date(entry.pubdate),
                "date_modified": entry.updateddate and rfc3339_date(entry.updateddate),
                "authors": [{"name": name, "url": url} for name, url in entry.authors],
                "tags": entry.categories,
                "attachments": [
                    {
                        "url": enclosure.url,
                        "mime_type": enclosure.mime_type,
                        "size_in_bytes": int(enclosure.length),
                    }
                ]
                if enclosure
                else [],
            },
            # An item needs content_html or content_text, even when the body is empty.
            keep={"id", "content_html"},
        )


def _without_empty(data, keep=()):
    """JSON Feed leaves out what is unknown rather than sending nulls or empty lists."""
    return {key: value for key, value in data.items() if value or key in keep}
