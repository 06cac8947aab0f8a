"""What public templates need from Python, computed once per value: pictures, dates as the
site writes them, structured data, URLs.

Public pages render with Jinja2 (spacecinema/jinja2.py puts these in its environment); views
prepare rows with URLs and dates already made, so a template's loops only join strings.
"""

import datetime
import functools
import html
import json
import re
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static as static_url
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from markupsafe import Markup

from .images import renditions
from .links import absolute_url


def picture(image, alt, sizes="100vw", lazy=True, css_class=""):
    """An <img> with a WebP `srcset` of the image's renditions, its intrinsic size and alt text.

    `lazy=False` for images above the fold (the lead story), so the browser fetches them at once.
    """
    sizes_available = renditions(image)
    if not sizes_available:
        return ""
    srcset = ", ".join(f"{url} {width}w" for url, width, _ in sizes_available)
    src, width, height = sizes_available[min(1, len(sizes_available) - 1)]
    largest_width, largest_height = sizes_available[-1][1:]
    loading = ' loading="lazy" decoding="async"' if lazy else ""
    css = f' class="{attribute(css_class)}"' if css_class else ""
    return mark_safe(
        f'<img src="{attribute(src)}" srcset="{attribute(srcset)}" sizes="{attribute(sizes)}" '
        f'width="{largest_width}" height="{largest_height}" alt="{attribute(alt)}"{loading}{css}>'
    )


# json.dumps() with options builds an encoder per call.
_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


def jsonld(data):
    """Serialise structured data for a <script type="application/ld+json"> block, safely."""
    text = _JSON.encode(data)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


def breadcrumb_list(crumbs):
    """schema.org BreadcrumbList for a trail of (name, url) crumbs, with absolute URLs."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute_url(url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


# The site writes dates in English: "%B" would follow the process's locale, and costs a
# strftime() per date.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_MONTHS = tuple(month[:3] for month in MONTHS)


def _site_time(value):
    """`value` in the site's time zone, which every reader's copy of a page shares: asking
    for the current zone instead would cost more than the formatting."""
    return timezone.localtime(value, timezone.get_default_timezone())


def iso(value):
    """ISO 8601 for `datetime` attributes, in whole seconds: HTML allows at most three decimals."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return _site_time(value).isoformat(timespec="seconds")
    return value.isoformat()


def day(value):
    """A date as the site writes it in text: "17 May 2021" (the site's time zone)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _site_time(value)
    return _day(value)


def _day(value):
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def iso_and_day(value):
    """iso(value) and day(value), a time taken to the site's time zone once for both."""
    if not isinstance(value, datetime.datetime):
        return iso(value), day(value)
    local = _site_time(value)
    return local.isoformat(timespec="seconds"), _day(local)


def short_day(value):
    """A date in tables and boxes: "17 May 2021" with the month shortened, "17 May 2021"."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _site_time(value)
    return f"{value.day} {SHORT_MONTHS[value.month - 1]} {value.year}"


def plural(count, singular="", plural_suffix="s"):
    """The suffix for `count` things: plural(1) is "", plural(2) is "s"."""
    return singular if count == 1 else plural_suffix


@functools.lru_cache(maxsize=4096)
def url(view_name, *args):
    """reverse(), remembered: the URLconf does not change while the site runs, and templates
    ask for the same few addresses on every page."""
    return reverse(view_name, args=args)


def url_pattern(view_name):
    """A function making `view_name`'s URL from its one argument by string formatting: one
    reverse() per process, however many rows a page links."""
    return _url_pattern(view_name)


# What quote() leaves as it is: a slug or a number needs no quoting, nor quote()'s time.
_unreserved = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch


@functools.lru_cache(maxsize=256)
def _url_pattern(view_name):
    marker = "0slot0"
    prefix, _, suffix = reverse(view_name, args=[marker]).partition(marker)

    def address(value):
        value = str(value)
        if not _unreserved(value):
            value = quote(value, safe="-_.~")
        return f"{prefix}{value}{suffix}"

    return address


@functools.lru_cache(maxsize=256)
def static(path):
    """The URL of a static file, remembered: the files and their manifest are fixed while the
    site runs, and every page asks for the same few."""
    return static_url(path)


@receiver(setting_changed)
def _forget_urls(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        url.cache_clear()
        _url_pattern.cache_clear()
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES", "DEBUG", "FORCE_SCRIPT_NAME"):
        static.cache_clear()


SITE_DESCRIPTION = (
    "News about films shot in space: the productions, the people who make them and the "
    "organisations that back them."
)


def truncated(text, length):
    """`Truncator(text).chars(length)`, without its per-character walk when the text is short
    enough already: it then answers the text, normalised to NFC, as it is."""
    text = unicodedata.normalize("NFC", str(text))
    if len(text) <= length:
        return text
    return Truncator(text).chars(length)


def attribute(value):
    """`value` escaped as Django's `conditional_escape` does (so pages keep their bytes), for
    the tags written here as strings rather than through `format_html`."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def text(value):
    """The string `value` escaped as a Jinja2 template writes it (markupsafe's escape: quotes as
    numeric references), as a plain string: for rows written out as one string, where a Markup
    made for each value would cost more than the escaping itself."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def social_meta(
    request,
    title="",
    description="",
    kind="website",
    image="",
    image_alt="",
    image_width=0,
    image_height=0,
):
    """OpenGraph and Twitter card tags: what a link to this page shows where it is shared.

    `image` is a model's `share_image`, the one picture a page shares; its size, when given,
    lets a site lay out the card before fetching the picture.
    """
    title = attribute(title or settings.SITE_NAME)
    description = description or SITE_DESCRIPTION
    tags = [
        f'<meta property="og:site_name" content="{attribute(settings.SITE_NAME)}">',
        '<meta property="og:locale" content="en_GB">',
        f'<meta property="og:type" content="{attribute(kind)}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:description" content="{attribute(truncated(description, 300))}">',
        f'<meta property="og:url" content="{attribute(absolute_url(request.path))}">',
        f'<meta name="twitter:title" content="{title}">',
        f'<meta name="twitter:description" content="{attribute(truncated(description, 200))}">',
    ]
    if image:
        image = attribute(image)
        image_alt = attribute(image_alt) if image_alt else ""
        tags.append(f'<meta property="og:image" content="{image}">')
        if image_width and image_height:
            tags += [
                f'<meta property="og:image:width" content="{int(image_width)}">',
                f'<meta property="og:image:height" content="{int(image_height)}">',
            ]
        if image_alt:
            tags.append(f'<meta property="og:image:alt" content="{image_alt}">')
        tags += [
            '<meta name="twitter:card" content="summary_large_image">',
            f'<meta name="twitter:image" content="{image}">',
        ]
        if image_alt:
            tags.append(f'<meta name="twitter:image:alt" content="{image_alt}">')
    else:
        tags.append('<meta name="twitter:card" content="summary">')
    return mark_safe("\n  ".join(tags))


def pagination_html(page):
    """The links between a list's pages (includes/macros.html's `pagination`), for a Django
    Page: one string, written as the macro wrote it, rather than a template call per link."""
    if not page.has_other_pages():
        return Markup("")
    previous = (
        f'\n    <li><a href="?page={page.previous_page_number()}" rel="prev">'
        '<span aria-hidden="true">←</span> Previous page</a></li>\n    '
        if page.has_previous()
        else ""
    )
    following = (
        f'\n    <li><a href="?page={page.next_page_number()}" rel="next">Next page '
        '<span aria-hidden="true">→</span></a></li>\n    '
        if page.has_next()
        else ""
    )
    return Markup(
        '\n<nav class="pagination" aria-label="Pages">\n  <ul>\n    '
        f'{previous}\n    <li><span aria-current="page">Page {page.number} of '
        f"{page.paginator.num_pages}</span></li>\n    {following}\n  </ul>\n</nav>\n"
    )


def tag_list_html(tags):
    """Rows with `name` and `url` as a list of tag links (includes/macros.html's `tag_list`),
    written as the macro wrote it."""
    if not tags:
        return Markup("")
    items = "".join(
        f'\n  <li><a href="{text(tag["url"])}" rel="tag">{text(tag["name"])}</a></li>\n  '
        for tag in tags
    )
    return Markup(f'\n<ul class="tag-list">\n  {items}\n</ul>\n')
