"""Text typed by editors: normalised on save, and Markdown turned into HTML safe to show readers."""

import functools
import html as html_lib
import re
import unicodedata
from urllib.parse import urljoin

import nh3
from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from taggit.utils import _parse_tags

# Raw HTML in Markdown is escaped, not passed through: editors write text, not markup.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
_markdown.enable(["table", "strikethrough", "replacements", "smartquotes"])
# Without it "[^1]: note" is a link definition and "text[^1]" a link to the address "note".
_markdown.use(footnote_plugin)

# The library's picture 12, as a writer types it: ![alt, or nothing for the library's](image:12)
IMAGE_REFERENCE = re.compile(r"image:([1-9][0-9]{0,17})")
# Body images fill the text's column, as the lead image does.
BODY_IMAGE_SIZES = "(min-width: 48em) 46rem, 100vw"


def _referenced_id(token):
    if token.type != "image":
        return None
    reference = IMAGE_REFERENCE.fullmatch(token.attrGet("src") or "")
    return int(reference[1]) if reference else None


def _alone_in_paragraph(tokens, index):
    """The image reference that is the whole of the paragraph opening at `index`, or None."""
    if index + 2 >= len(tokens) or tokens[index].type != "paragraph_open":
        return None
    inline, closing = tokens[index + 1], tokens[index + 2]
    if inline.type != "inline" or closing.type != "paragraph_close":
        return None
    shown = [child for child in inline.children or [] if child.type != "softbreak"]
    shown = [child for child in shown if not (child.type == "text" and not child.content.strip())]
    if len(shown) == 1 and _referenced_id(shown[0]) is not None:
        return shown[0]
    return None


def _body_picture(image, alt):
    from .images import StoredImage, renditions

    sizes = renditions(StoredImage(image["file"], image["file_width"], image["file_height"]))
    if not sizes:
        return ""
    srcset = ", ".join(f"{url} {width}w" for url, width, _ in sizes)
    src = sizes[min(1, len(sizes) - 1)][0]
    width, height = sizes[-1][1:]
    return (
        f'<img src="{escape(src)}" srcset="{escape(srcset)}" sizes="{BODY_IMAGE_SIZES}" '
        f'width="{width}" height="{height}" alt="{escape(alt or image["alt"])}" loading="lazy" '
        'decoding="async">'
    )


def _body_figure(image, alt):
    picture = _body_picture(image, alt)
    if not picture:
        return ""
    caption = escape(image["caption"])
    if image["credit"]:
        caption += f' <span class="credit">Image: {escape(image["credit"])}</span>'
    caption = f"<figcaption>{caption.strip()}</figcaption>" if caption else ""
    return f'<figure class="body-image">{picture}{caption}</figure>\n'


def _library_images(state):
    """Turn references to the image library into pictures: a reference alone in its
    paragraph is a <figure> with caption and credit, one among words a picture in the line.
    A reference to an image the library does not have shows nothing (the desk's checklist
    names it)."""
    find = (state.env or {}).get("library_images")
    tokens = state.tokens
    references = [
        child
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if _referenced_id(child) is not None
    ]
    if not references:
        return
    images = find({_referenced_id(child) for child in references}) if find else {}
    render_alt = state.md.renderer.renderInlineAsText
    result = []
    index = 0
    while index < len(tokens):
        alone = _alone_in_paragraph(tokens, index)
        if alone is not None:
            image = images.get(_referenced_id(alone))
            alt = render_alt(alone.children or [], state.md.options, state.env)
            figure = Token("html_block", "", 0)
            figure.content = _body_figure(image, alt) if image else ""
            result.append(figure)
            index += 3
            continue
        token = tokens[index]
        if token.type == "inline" and token.children:
            children = []
            for child in token.children:
                number = _referenced_id(child)
                if number is None:
                    children.append(child)
                    continue
                picture = Token("html_inline", "", 0)
                image = images.get(number)
                alt = render_alt(child.children or [], state.md.options, state.env)
                picture.content = _body_picture(image, alt) if image else ""
                children.append(picture)
            token.children = children
        result.append(token)
        index += 1
    state.tokens = result


_markdown.core.ruler.push("library_images", _library_images)

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "figcaption",
    "figure",
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
    "span",
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
# Editors cannot write raw HTML, so an id comes from the footnotes alone ("fn1", "fnref1"):
# the targets of their links to each other.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "li": {"id"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding"},
    # Only the library's pictures make these (editors write no HTML): the site's own classes.
    "figure": {"class"},
    "span": {"class"},
    "th": {"style"},
    "td": {"style"},
    "abbr": {"title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _options(base_url):
    return {
        "tags": ALLOWED_TAGS,
        "attributes": ALLOWED_ATTRIBUTES,
        "url_schemes": ALLOWED_URL_SCHEMES,
        "link_rel": "noopener noreferrer",
        "strip_comments": True,
        "filter_style_properties": {"text-align"},
        "url_relative": ("rewrite_with_base", base_url) if base_url else "pass_through",
    }


def sanitise(html, base_url=None):
    """Strip anything that could run script: tags, attributes and URL schemes not on the list.

    With `base_url`, relative links and image sources are resolved against it, for HTML
    read away from the site (feed readers have no page to resolve them against).
    """
    cleaned = nh3.clean(html, **_options(base_url))
    return _whole_srcsets(cleaned, base_url) if base_url else cleaned


# A srcset as the cleaner writes it: double-quoted, its candidates "address width, ...".
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')


def _whole_srcsets(html, base_url):
    """The cleaner resolves src and href against `base_url` but not srcset, whose addresses a
    feed reader would otherwise take from its own site: they are resolved alike."""

    def resolve(match):
        candidates = []
        for candidate in match[2].split(","):
            address, _, descriptor = candidate.strip().partition(" ")
            whole = urljoin(base_url, html_lib.unescape(address))
            candidates.append(f"{escape(whole)} {descriptor}".strip())
        return f"{match[1]}{', '.join(candidates)}{match[3]}"

    return _SRCSET.sub(resolve, html)


@functools.lru_cache(maxsize=16)
def _cleaner(base_url):
    # Setting a cleaner up costs several times what cleaning an article's body does.
    return nh3.Cleaner(**_options(base_url))


# An address that starts from the root ("/people/x/", "//host/x") or names a scheme, as written
# after an attribute's "=": it resolves alike against any page of a site.
_FROM_ROOT_OR_SCHEME = re.compile(r"\s*+[\"']?(?:/|[a-zA-Z][a-zA-Z0-9+.-]*:)")


def _relative_to_path(html):
    """Whether an href or src in `html` may hold an address resolved against the page's own
    path ("x/", "#note", "?q"), read as written, before any character reference: anything
    else that looks like one counts too."""
    at = html.find("=")
    while at != -1:
        name = html[max(0, at - 64) : at].rstrip()
        tail = name[-4:].lower()
        url_attribute = (not name and at >= 64) or tail == "href" or tail.endswith("src")
        if url_attribute and _FROM_ROOT_OR_SCHEME.match(html, at + 1) is None:
            return True
        at = html.find("=", at + 1)
    return False


def sanitise_on(html, base_url, origin):
    """sanitise(html, base_url) for `base_url` on `origin` ("https://host"), with one cleaner
    per origin where no address in `html` is relative to the path: addresses from the root
    ("/people/x/") or with a scheme resolve alike against any page of the origin."""
    if _relative_to_path(html):
        return sanitise(html, base_url)
    cleaned = _cleaner(f"{origin}/").clean(html)
    return _whole_srcsets(cleaned, f"{origin}/") if " srcset=" in cleaned else cleaned


def render_markdown(text, notes_id=None, library_images=None):
    """`text` as sanitised HTML; with `notes_id`, its footnotes' ids carry it ("fn-x-1"), for
    text shown on a page beside other text that has footnotes.

    With `library_images` (ids -> {id: row of the image library}), references to the library
    become pictures; without it they show nothing.
    """
    if not text:
        return ""
    env = {}
    if notes_id:
        env["docId"] = notes_id
    if library_images:
        env["library_images"] = library_images
    return sanitise(_markdown.render(text, env or None))


def image_references(text):
    """The ids of the library's images `text` refers to."""
    found = set()
    if "image:" in (text or ""):

        def note(ids):
            found.update(ids)
            return {}

        _markdown.parse(text, {"library_images": note})
    return found


# Line and paragraph breaks other than "\n" (vertical tab, form feed, the file, group and
# record separators, NEL, U+2028, U+2029): word processors put them in copied text.
_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Other C0 and C1 controls, and the two noncharacters and the surrogates no XML may carry.
_CONTROLS = "".join(
    chr(code)
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]
    if chr(code) not in _BREAKS + "\n\t"
)
_MULTI_LINE = str.maketrans({**dict.fromkeys(_BREAKS, "\n"), **dict.fromkeys(_CONTROLS)})
_SINGLE_LINE = str.maketrans({**dict.fromkeys(_BREAKS + "\n\t", " "), **dict.fromkeys(_CONTROLS)})
_NEWLINES = re.compile(r"\r\n?")


def normalise_text(text, multi_line=False):
    """Text as the newsroom keeps it: NFC, line feeds for line ends, no control characters.

    Multi-line text keeps newlines and tabs and turns other breaks into newlines; a single
    line turns every break and tab into a space. Pasted from a word processor, a vertical
    tab in a headline once made every feed carrying it fail.
    """
    text = _NEWLINES.sub("\n", text)
    return unicodedata.normalize("NFC", text.translate(_MULTI_LINE if multi_line else _SINGLE_LINE))


# What XML 1.0 forbids outright (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text):
    """`text` without the characters XML 1.0 cannot carry, for text stored before
    normalise_text() was applied on save."""
    return _NOT_XML.sub("", text)


def tags_from_string(text):
    """taggit's parsing of a tag field, after the same normalisation as any single line."""
    return _parse_tags(normalise_text(text))


# What separates words: Unicode's spaces, written out so that the desk's script, counting as the
# editor types (static/articles/admin/writing.js), splits text exactly where this does.
_WORD_BREAKS = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)
WORDS_PER_MINUTE = 230


def count_words(text):
    """Words of `text` as typed: runs between spaces with a letter or a digit in them, so
    Markdown's marks ("#", "-", "**") alone are not words."""
    return sum(1 for run in _WORD_BREAKS.split(text) if any(char.isalnum() for char in run))


def reading_minutes(words):
    """Whole minutes a reader takes over `words`, rounded up: a short piece is a minute's read."""
    return -(-words // WORDS_PER_MINUTE)
