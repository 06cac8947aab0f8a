"""Finding articles by their bylines, and bylines by name, folded as the search index folds
words: "ZOE MARCH" finds Zoë Marchetti and what she wrote.

Bylines are not in the index (readers search what articles say, not who signed them), and they
are the desk's writers and wire services, few enough to read every name in one query.
"""

from django.db.models import Case, Q, When

from search.admin import IndexedSearchMixin, picking
from search.text import Query, fold, name_rank

from ..models import Article, Author


def bylines_named(search_term):
    """{author pk: search.text.name_rank()} of the bylines whose name answers `search_term`,
    best first, then by name."""
    query = Query(search_term)
    if not query:
        return {}
    ranks = {
        pk: (rank, fold(name))
        for pk, name in Author.objects.values_list("pk", "name")
        if (rank := name_rank(query, name)) is not None
    }
    return {pk: rank for pk, (rank, _name) in sorted(ranks.items(), key=lambda row: row[1])}


class BylineSearchMixin:
    """The byline list's search box and picker: names folded, the best named first."""

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL refuses a NUL in any text, and no name or username holds one.
        search_term = search_term.replace("\x00", "")
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        named = bylines_named(search_term)
        by_login, _duplicates = super().get_search_results(request, queryset, search_term)
        queryset = queryset.filter(Q(pk__in=list(named)) | Q(pk__in=by_login.values("pk")))
        if picking(request) and named:
            order = [When(pk=pk, then=place) for place, pk in enumerate(named)]
            queryset = queryset.order_by(Case(*order, default=len(named)), "name", "pk")
        return queryset, False


class ArticleSearchMixin(IndexedSearchMixin):
    """The article list's search box: the index, and the bylines (drafts included)."""

    def also_found(self, request, search_term):
        named = bylines_named(search_term)
        if not named:
            return None
        signed = Article.authors.through.objects.filter(author_id__in=list(named))
        return Q(pk__in=signed.values("article_id"))
