from itertools import groupby

from django.http import QueryDict
from django.utils.text import Truncator
from django.views.generic import ListView

from newsroom.dependencies import depends_on

from . import index
from .models import SearchEntry
from .text import Query

MAX_PAGE = 10_000


class SearchView(ListView):
    """GET /search/?q=…[&kind=person]: the form alone when nothing was typed, else results."""

    template_name = "search/results.html"
    context_object_name = "hits"
    paginate_by = 20

    def get_queryset(self):
        depends_on(self.request, "search")
        self.query = Query(self.request.GET.get("q", ""))
        kind = self.request.GET.get("kind", "")
        self.kind = kind if kind in SearchEntry.Kind.values else ""
        self.results = index.search(self.query, kinds=[self.kind] if self.kind else None)
        return self.results

    def paginate_queryset(self, queryset, page_size):
        # Ask for the wanted page up front, so counting and ranking share one statement.
        number = self.request.GET.get(self.page_kwarg) or "1"
        if number.isascii() and number.isdigit() and 0 < int(number) <= MAX_PAGE:
            queryset.fetch((int(number) - 1) * page_size, page_size)
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hits = context["hits"]
        context.update(
            query=self.query,
            query_in_title=Truncator(self.query.text).chars(60),
            kind=self.kind,
            groups=[
                (SearchEntry.Kind(kind).label, list(kind_hits))
                for kind, kind_hits in groupby(hits, key=lambda hit: hit.kind)
            ],
            kinds=[
                (SearchEntry.Kind(kind).label, count, self._link(kind=kind))
                for kind, count in self.results.counts.items()
            ],
            all_kinds_link=self._link(),
            page_link=self._link(kind=self.kind),
        )
        return context

    def _link(self, **params):
        query = QueryDict(mutable=True)
        query["q"] = self.query.text
        query.update({name: value for name, value in params.items() if value})
        return f"?{query.urlencode()}"
