"""The <link rel="alternate"> elements by which a page announces the feeds that follow it."""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch
from django.utils.safestring import mark_safe

from articles.feeds import FORMATS
from newsroom.rendering import attribute, url

# Pages about one followed thing, by URL name: the feed that follows it.
FEED_FOR_PAGE = {
    "tags:detail": "tag",
    "people:detail": "person",
    "people:organisation-detail": "organisation",
    "projects:detail": "project",
    "articles:author": "author",
}

# (extension, MIME type, label) of each format a feed is offered in.
FEED_TYPES = [
    (ext, feed_type.content_type.split(";")[0], label)
    for ext, (feed_type, label) in FORMATS.items()
]


def feeds_for(match, page_object):
    """[(feed name, URL args, title)] for a page: its own feed, if any, then all news."""
    feeds = []
    if match is not None:
        if match.view_name == "projects:race":
            feeds.append(("race", (), "the race to film in orbit"))
        elif match.view_name == "articles:corrections":
            feeds.append(("corrections", (), "corrections"))
        elif match.view_name in FEED_FOR_PAGE and "slug" in match.kwargs:
            slug = match.kwargs["slug"]
            feeds.append((FEED_FOR_PAGE[match.view_name], (slug,), page_object or slug))
    feeds.append(("news", (), "all news"))
    return feeds


def feed_links(request, page_object=None):
    """<link rel="alternate"> in RSS, Atom and JSON for the feeds that follow what this page shows.

    Reads only the URL and the name of what the page is about: no queries.
    """
    match = getattr(request, "resolver_match", None)
    links = []
    for name, args, title in feeds_for(match, page_object):
        # A feed of the whole site (all news, the race) is announced alike on every page.
        links += _site_feed_links(name, title) if not args else _links(name, args, title)
    return mark_safe("\n  ".join(links))


def _links(name, args, title):
    links = []
    for ext, mime_type, label in FEED_TYPES:
        try:
            address = url(f"feeds:{name}-{ext}", *args)
        except NoReverseMatch:
            # A page may accept a slug its feed's URL does not; the page must still render.
            continue
        title_attribute = attribute(f"{settings.SITE_NAME}: {title} ({label})")
        links.append(
            f'<link rel="alternate" type="{attribute(mime_type)}" '
            f'title="{title_attribute}" href="{attribute(address)}">'
        )
    return links


@functools.lru_cache(maxsize=16)
def _site_feed_links(name, title):
    return tuple(_links(name, (), title))


@receiver(setting_changed)
def _forget_site_feed_links(setting, **kwargs):
    if setting in ("SITE_NAME", "ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _site_feed_links.cache_clear()
