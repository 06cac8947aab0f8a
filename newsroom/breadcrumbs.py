from typing import NamedTuple

from .rendering import url


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
