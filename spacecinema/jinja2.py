"""The Jinja2 environment public pages render with (the admin keeps Django's templates).

Templates get what they need as plain functions and filters from newsroom/rendering.py; a
view hands them rows whose URLs and dates are already made.
"""

from django.conf import settings
from jinja2 import Environment

from articles.feed_links import feed_links
from newsroom import rendering
from projects import markup as production_markup

# What `row.name` finds on a dict before its keys: only these names.
DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(Environment):
    """Jinja2's environment, reading `row.name` on a dict row from its key at once.

    Jinja2 tries the attribute first, and a dict has none of a row's names: each read would
    raise and catch an AttributeError. A name dict does have (`items`, `keys`) is looked up as
    Jinja2 does, so every template reads what it read before.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(**options):
    env = PageEnvironment(**options)
    env.globals.update(
        SITE_NAME=settings.SITE_NAME,
        static=rendering.static,
        url=rendering.url,
        picture=rendering.picture,
        feed_links=feed_links,
        social_meta=rendering.social_meta,
        timeline_svg=production_markup.timeline_svg,
        milestone_table_html=production_markup.milestone_table,
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
