"""The Jinja2 environment public pages render with (the admin keeps Django's templates).

Templates get what they need as plain functions and filters from newsroom/rendering.py; a
view hands them rows whose URLs and dates are already made.
"""

from django.conf import settings
from jinja2 import Environment

from articles.feed_links import feed_links
from newsroom import rendering


def environment(**options):
    env = Environment(**options)
    env.globals.update(
        SITE_NAME=settings.SITE_NAME,
        static=rendering.static,
        url=rendering.url,
        picture=rendering.picture,
        feed_links=feed_links,
        social_meta=rendering.social_meta,
    )
    env.filters.update(
        absolute=rendering.absolute_url,
        iso=rendering.iso,
        day=rendering.day,
        short_day=rendering.short_day,
        jsonld=rendering.jsonld,
        breadcrumb_list=rendering.breadcrumb_list,
        plural=rendering.plural,
    )
    return env
