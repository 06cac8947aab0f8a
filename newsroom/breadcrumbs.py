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


def trail_html(crumbs, lang="", page_lang=""):
    """The trail as base.html draws it: its links, the last the page itself, then the trail as
    schema.org's BreadcrumbList. Written as a string, each value escaped once: nearly every
    page draws one. A page in another language than the site's gives the trail's language
    (`lang`) and its own (`page_lang`, for its name at the end)."""
    last = len(crumbs) - 1
    own = f"{CURRENT}{_lang(page_lang)}"
    links = "".join(
        f'\n      <li><a href="{escape(crumb.url)}"{own if position == last else ""}>'
        f"{escape(crumb.name)}</a></li>\n      "
        for position, crumb in enumerate(crumbs)
    )
    return Markup(
        f'<nav class="breadcrumbs" aria-label="Breadcrumb"{_lang(lang)}>\n    <ol>\n      '
        f"{links}\n    </ol>\n  </nav>\n"
        f'  <script type="application/ld+json">{jsonld(breadcrumb_list(crumbs))}</script>'
    )


def _lang(lang):
    return f' lang="{escape(lang)}"' if lang else ""
