"""What browsers and shared caches (a CDN, Varnish) may keep of a response, what it shows, and
the encodings it is sent in.

Every public response names its policy (HTTP_CACHE_POLICIES): `max-age` for browsers, which
nobody can purge, so short; `s-maxage` for shared caches, which the site purges by surrogate
key when what a page shows changes (spacecinema/purge.py), so long; `stale-while-revalidate`
and `stale-if-error` so a shared cache answers while it fetches or while the app servers are
down. A page is never kept past the next scheduled publication or midnight (its lifetimes are
cut to end then): nothing is purged when only time passes. Pages of signed-in staff, previews
and responses that set a cookie are `private, no-store`; every other status, `no-store`.

The surrogate keys are the page's dependency keys (newsroom/dependencies.py), with `all`,
which a change to everything (an import, a restore) purges. docs/operations.md has the table.
"""

import functools
import gzip

import brotli
from django.conf import settings

PRIVATE = "private, no-store"
UNCACHEABLE = "no-store"
# On every public page: purging it empties a shared cache of the site's pages.
ALL = "all"
# Past this, a page's keys are given as "site" (purged on every change) and `all`: CDNs and
# Varnish refuse longer headers, and a page showing that much changes with most changes anyway.
MAX_KEYS_LENGTH = 4000
# What pages, feeds and sitemaps are sent as.
PAGE_TYPES = frozenset(
    (
        "text/html",
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/xml",
        "text/xml",
        "text/plain",
    )
)
COMPRESSIBLE_TYPES = PAGE_TYPES | {"text/css", "text/javascript", "image/svg+xml"}
FEED_TYPES = frozenset(("application/rss+xml", "application/atom+xml", "application/feed+json"))
SITEMAP_TYPES = frozenset(("application/xml", "text/xml"))
# Smaller bodies gain nothing from compression once its header is counted.
MIN_COMPRESSED_BYTES = 256
# Preferred first. Brotli at 5 compresses a page as well as gzip at 9 in about the time gzip
# takes at 6; higher qualities cost tens of times more for a few percent.
ENCODINGS = ("br", "gzip")
BROTLI_QUALITY = 5
GZIP_LEVEL = 6


def content_type(response):
    return response.get("Content-Type", "").split(";", 1)[0].strip()


def policy_name(response):
    """The policy of a public response: the one its view named (`response.cache_policy`), else
    by its status and type; None if shared caches must not keep it."""
    named = getattr(response, "cache_policy", None)
    if named:
        return named
    status = response.status_code
    if status in (301, 308):
        return "moved"
    if status in (404, 410):
        return "missing"
    if status != 200:
        return None
    kind = content_type(response)
    if kind in FEED_TYPES:
        return "feed"
    if kind in SITEMAP_TYPES:
        return "sitemap"
    if kind.startswith("image/") or kind == "text/plain":
        return "file"
    return "page"


def cache_control(name, seconds_left=None):
    """The Cache-Control header of policy `name`, its lifetimes cut to `seconds_left`."""
    policy = settings.HTTP_CACHE_POLICIES[name]
    max_age, s_maxage = policy["max_age"], policy["s_maxage"]
    if seconds_left is not None:
        seconds_left = max(0, int(seconds_left))
        max_age, s_maxage = min(max_age, seconds_left), min(s_maxage, seconds_left)
    return (
        f"public, max-age={max_age}, s-maxage={s_maxage}, "
        f"stale-while-revalidate={policy['stale_while_revalidate']}, "
        f"stale-if-error={policy['stale_if_error']}"
    )


def surrogate_headers(keys):
    """The `Surrogate-Key` (Fastly, Varnish's xkey) and `Cache-Tag` (Cloudflare, Akamai) headers
    naming `keys`."""
    names = sorted(keys)
    names.append(ALL)
    spaced = " ".join(names)
    if len(spaced) > MAX_KEYS_LENGTH:
        names = ["site", ALL]
        spaced = " ".join(names)
    return {"Surrogate-Key": spaced, "Cache-Tag": ",".join(names)}


def compressible(response):
    return (
        not response.streaming
        and not response.has_header("Content-Encoding")
        and content_type(response) in COMPRESSIBLE_TYPES
        and len(response.content) >= MIN_COMPRESSED_BYTES
    )


@functools.lru_cache(maxsize=256)
def accepted_encoding(accept_encoding):
    """The encoding to answer a request's `Accept-Encoding` with ("br", "gzip"), or "" for the
    bytes as they are."""
    accepted = {}
    for item in accept_encoding.lower().split(","):
        coding, _, parameters = item.partition(";")
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        accepted[coding.strip()] = quality
    for coding in ENCODINGS:
        if accepted.get(coding, accepted.get("*", 0.0)) > 0:
            return coding
    return ""


def encode(content, coding):
    if coding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    # mtime=0: the same page compresses to the same bytes, so its ETag holds across workers.
    return gzip.compress(content, GZIP_LEVEL, mtime=0)


def encoded_etag(etag, coding):
    """The ETag of an encoding of the representation whose tag is `etag`."""
    if not coding or not etag.endswith('"'):
        return etag
    return f'{etag[:-1]}-{coding}"'
