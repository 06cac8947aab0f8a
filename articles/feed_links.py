"""The <link rel="alternate"> elements by which a page announces the feeds that follow it."""

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.html import format_html_join

from articles.feeds import FORMATS
from newsroom.rendering import url

# Pages about one followed thing, by URL name: the feed that follows it.
FEED_FOR_PAGE = {
    "tags:detail": "tag",
    "people:detail": "person",
    "people:organisation-detail": "organisation",
    "projects:detail": "project",
    "articles:author": "author",
}


def feeds_for(match, page_object):
    """[(feed name, URL args, title)] for a page: its own feed, if any, then all news."""
    feeds = []
    if match is not None:
        if match.view_name == "projects:race":
            feeds.append(("race", (), "the race to film in orbit"))
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
        for ext, (feed_type, label) in FORMATS.items():
            try:
                address = url(f"feeds:{name}-{ext}", *args)
            except NoReverseMatch:
                # A page may accept a slug its feed's URL does not; the page must still render.
                continue
            mime_type = feed_type.content_type.split(";")[0]
            links.append((mime_type, f"{settings.SITE_NAME}: {title} ({label})", address))
    return format_html_join("\n  ", '<link rel="alternate" type="{}" title="{}" href="{}">', links)
