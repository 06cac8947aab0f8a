from itertools import groupby
from urllib.parse import urlencode

from django.views.generic import ListView
from markupsafe import Markup

from newsroom.dependencies import depends_on
from newsroom.rendering import text, truncated

from . import index
from .documents import DOCUMENTS
from .models import SearchEntry
from .text import Query

MAX_PAGE = 10_000

# The parts of one result of a group's list, written out as strings rather than by a template
# loop, with the template's whitespace.
ITEM = '\n              <li class="search-result search-result-'
TITLE = '">\n                <h3><a href="'
DATE = '</a></h3>\n                <p class="search-result-date"><time datetime="'
NO_DATE = "</a></h3>\n                "
EXCERPT = '\n                <p class="search-excerpt">'
ARTICLES = '\n                <p class="search-result-articles"><a href="'
END = "\n              </li>\n            "


def results_html(hits):
    """The list items of `hits`, escaped as the template would: titles and excerpts come
    marked up and escaped, addresses are escaped here; kinds and dates are the site's own
    letters and digits."""
    parts = []
    for hit in hits:
        parts += (ITEM, hit.kind, TITLE, text(hit.url), '">', hit.title)
        if hit.date_iso:
            parts += (DATE, hit.date_iso, '">', hit.date_day, "</time></p>")
        else:
            parts.append(NO_DATE)
        if hit.excerpt:
            parts += (EXCERPT, hit.excerpt, "</p>")
        else:
            parts.append("\n                ")
        # A person, organisation or production is sought for what we wrote about it.
        if offer := DOCUMENTS[hit.kind].articles_of(hit.url):
            name = text(hit.name)
            parts += (
                ARTICLES,
                text(offer[0]),
                f'">Articles about {name}</a> · <a href="',
                text(offer[1]),
                f'" aria-label="RSS feed of articles about {name}">RSS</a></p>',
            )
        parts.append(END)
    return Markup("".join(parts))


class SearchView(ListView):
    """GET /search/?q=…[&kind=person][&sort=newest]: the form alone when nothing was typed,
    else results, best first, or with sort=newest every matching article newest first."""

    template_name = "search/results.html"
    context_object_name = "hits"
    paginate_by = 20

    def get_queryset(self):
        depends_on(self.request, "search")
        self.query = Query(self.request.GET.get("q", ""))
        kind = self.request.GET.get("kind", "")
        self.kind = kind if kind in SearchEntry.Kind.values else ""
        newest = self.request.GET.get("sort") == index.NEWEST
        self.order = index.NEWEST if newest else index.RELEVANCE
        self.results = index.search(
            self.query, kinds=[self.kind] if self.kind else None, order=self.order
        )
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
        results = self.results
        more = results.more_articles_than_counted
        # Every link keeps the query, and the order the reader chose.
        query = urlencode({"q": self.query.text})
        narrowed = f"&kind={self.kind}" if self.kind else ""
        sort = "&sort=newest" if self.order == index.NEWEST else ""
        context.update(
            query=self.query,
            query_in_title=truncated(self.query.text, 60),
            kind=self.kind,
            groups=[
                (SearchEntry.Kind(kind).label, results_html(kind_hits))
                for kind, kind_hits in groupby(hits, key=lambda hit: hit.kind)
            ],
            kinds=[
                (
                    SearchEntry.Kind(kind).label,
                    f"more than {results.article_matches:,}"
                    if kind == SearchEntry.Kind.ARTICLE and more
                    else f"{count:,}",
                    f"?{query}&kind={kind}{sort}",
                )
                for kind, count in results.counts.items()
            ],
            matches=results.matches(),
            more=more and SearchEntry.Kind.ARTICLE in results.kinds,
            newest=bool(sort) and SearchEntry.Kind.ARTICLE in results.kinds,
            ranked_among=results.ranked_among,
            articles=results.article_matches,
            best_link=f"?{query}{narrowed}",
            newest_link=f"?{query}{narrowed}&sort=newest",
            all_kinds_link=f"?{query}{sort}",
            page_link=f"?{query}{narrowed}{sort}",
        )
        return context
