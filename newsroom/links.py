from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings


def absolute_url(url, request=None):
    """`url` (a path, or an address already whole, such as media on another host) made whole.

    Pages name themselves and what they link in canonical links, OpenGraph and JSON-LD at
    SITE_URL, the public address, whatever host served them. Feeds, sitemaps and robots.txt
    answer in the host the reader asked for, as Django's feed and sitemap views do: pass
    their `request`.
    """
    url = str(url)
    if not url or urlsplit(url).scheme:
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.SITE_URL + url


# Query parameters added by newsletters, ads and social sites, which no page reads: an address
# with them is the page without them (the page cache, an HTTP cache in front, redirects).
TRACKING_PARAMETERS = frozenset(
    ("fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src")
)


def is_tracking(name):
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def without_tracking(query):
    """A query string with the tracking parameters taken out, the rest in their order."""
    if not query or not any(
        marker in query for marker in ("utm_", "clid", "mc_", "_ga", "_gl", "ref_src")
    ):
        return query
    kept = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not is_tracking(name)
    ]
    return urlencode(kept)
