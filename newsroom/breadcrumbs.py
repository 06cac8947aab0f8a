from typing import NamedTuple

from markupsafe import Markup, escape

from .rendering import breadcrumb_list, jsonld, url


class Crumb(NamedTuple):
    name: str
    url: str


class BreadcrumbsMixin:
    """Puts the trail from the home page to this page in the context; base.html draws it.

    Views return the steps after "Home" from `get_breadcrumbs()`, ending with the page itself.
    """

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trail = self.get_breadcrumbs()
        if trail:
            context["breadcrumbs"] = [Crumb("Home", url("home")), *trail]
        return context


# The page's own link in the trail.
CURRENT = ' aria-current="page"'


def trail_html(crumbs):
    """The trail as base.html draws it: its links, the last the page itself, then the trail as
    schema.org's BreadcrumbList. Written as a string, each value escaped once: nearly every
    page draws one."""
    last = len(crumbs) - 1
    links = "".join(
        f'\n      <li><a href="{escape(crumb.url)}"{CURRENT if position == last else ""}>'
        f"{escape(crumb.name)}</a></li>\n      "
        for position, crumb in enumerate(crumbs)
    )
    return Markup(
        '<nav class="breadcrumbs" aria-label="Breadcrumb">\n    <ol>\n      '
        f"{links}\n    </ol>\n  </nav>\n"
        f'  <script type="application/ld+json">{jsonld(breadcrumb_list(crumbs))}</script>'
    )
