"""Markdown typed by editors, turned into HTML that is safe to show readers."""

import nh3
from markdown_it import MarkdownIt

# Raw HTML in Markdown is escaped, not passed through: editors write text, not markup.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
_markdown.enable(["table", "strikethrough", "replacements", "smartquotes"])

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"style"},
    "td": {"style"},
    "abbr": {"title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html, base_url=None):
    """Strip anything that could run script: tags, attributes and URL schemes not on the list.

    With `base_url`, relative links and image sources are resolved against it, for HTML
    read away from the site (feed readers have no page to resolve them against).
    """
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        filter_style_properties={"text-align"},
        url_relative=("rewrite_with_base", base_url) if base_url else "pass_through",
    )


def render_markdown(text):
    if not text:
        return ""
    return sanitise(_markdown.render(text))
