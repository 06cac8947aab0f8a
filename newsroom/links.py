from urllib.parse import urlsplit

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
