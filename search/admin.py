from django.db.models import Q

from . import index


def picking(request):
    """Whether `request` is a form's autocomplete picker asking for choices."""
    return request.resolver_match is not None and request.resolver_match.url_name == "autocomplete"


class IndexedSearchMixin:
    """The admin's search box through the site's search index: accents, Cyrillic and aliases
    find what readers would find, drafts included, without LIKE scans of every body. A picker
    offers the best named first (search.index.name_rank()), then in the list's order."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        found = Q(pk__in=index.matching(self.model, search_term))
        if (also := self.also_found(request, search_term)) is not None:
            found |= also
        queryset = queryset.filter(found)
        if picking(request):
            ordering = self.get_ordering(request) or self.model._meta.ordering
            queryset = queryset.annotate(
                search_rank=index.name_rank(self.model, search_term)
            ).order_by("search_rank", *ordering, "pk")
        return queryset, False

    def also_found(self, request, search_term):
        """A Q for what else `search_term` finds beside what the index holds, or None."""
        return None
