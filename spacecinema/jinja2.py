"""The Jinja2 environment public pages render with (the admin keeps Django's templates).

Templates get what they need as plain functions and filters from newsroom/rendering.py; a
view hands them rows whose URLs and dates are already made.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from jinja2 import Environment, pass_environment
from markupsafe import Markup

from articles.cards import cards_html
from articles.feed_links import feed_links
from newsroom import rendering
from newsroom.breadcrumbs import trail_html
from people import markup as subject_markup
from projects import markup as production_markup
from tags.public import busy_tags_html

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


@pass_environment
def site_nav(env, here):
    """The sections' links, the one `here` names (a URL name) marked as the current page."""
    return _site_part(env, "includes/site_nav.html", here)


@pass_environment
def site_footer(env):
    return _site_part(env, "includes/site_footer.html", "")


# Every page shows them, and they change only with the code and the URLconf: each rendered
# once per section while the site runs.
@functools.lru_cache(maxsize=64)
def _site_part(env, template, here):
    return Markup(env.get_template(template).render(here=here))


@receiver(setting_changed)
def _forget_site_parts(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _site_part.cache_clear()


def environment(**options):
    env = PageEnvironment(**options)
    env.globals.update(
        SITE_NAME=settings.SITE_NAME,
        static=rendering.static,
        url=rendering.url,
        picture=rendering.picture,
        feed_links=feed_links,
        social_meta=rendering.social_meta,
        site_nav=site_nav,
        site_footer=site_footer,
        breadcrumb_trail=trail_html,
        cards_html=cards_html,
        busy_tags_html=busy_tags_html,
        timeline_svg=production_markup.timeline_svg,
        milestone_table_html=production_markup.milestone_table,
        race_side_html=production_markup.race_side,
        crew_html=production_markup.crew,
        backer_list_html=production_markup.backer_list,
        pagination_html=rendering.pagination_html,
        tag_list_html=rendering.tag_list_html,
        tags_section_html=subject_markup.tags_section,
        coverage_html=subject_markup.coverage,
        profile_image_html=subject_markup.profile_image,
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
