"""Every correction the newsroom has made to what readers can see, newest first: as a feed
(RSS, Atom, JSON Feed) and as a page.

Both read their rows in one query: the corrections of the articles readers may see now
(`Correction.objects.published()`, so an unpublished, scheduled or expired article's
corrections are not listed), with the headline and address of the article each corrects.
Each links to the correction on its article's page.
"""

import html
import uuid

from django.conf import settings
from django.contrib.syndication.views import add_domain
from django.db.models import F
from django.http import HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.views.decorators.http import condition
from django.views.generic import ListView
from markupsafe import Markup

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.dependencies import CORRECTIONS, NEWS, depends_on, row_key
from newsroom.pagination import ArticlePaginator
from newsroom.prepared import PreparedQuery
from newsroom.rendering import day, iso, static, url, url_pattern

from .feedgenerator import Channel, Entry, last_change
from .feeds import STYLESHEET, ArticleFeed, content_type, freshness, varies_by_accept
from .models import Correction, correction_anchor

TITLE = "Corrections"
DESCRIPTION = (
    "Every correction we have made to an article, newest first: what was wrong, what is right, "
    "and a link to the article as it reads now."
)


def rows():
    """The corrections readers may see, newest first, as rows with their article's headline,
    slug and GUID."""
    return (
        Correction.objects.published()
        .order_by("-made_at", "-pk")
        .values(
            "pk",
            "made_at",
            "text_html",
            "article_id",
            headline=F("article__headline"),
            slug=F("article__slug"),
            article_guid=F("article__guid"),
        )
    )


def correction_guid(article_guid, pk):
    """A correction's id in the feeds: the same whatever the article's headline or address."""
    return uuid.uuid5(article_guid, f"correction-{pk}").urn


def as_text(text_html):
    """A correction's words without their markup, as a summary shows them."""
    return html.unescape(strip_tags(text_html)).strip()


def keys(rows):
    """What a list of correction `rows` shows: which corrections (any publication, withdrawal
    or expiry of an article may add or take away some), and each article's headline."""
    return [NEWS, CORRECTIONS, *{row_key("article", row["article_id"]) for row in rows}]


# The newest corrections, as the feeds carry them.
newest = PreparedQuery(lambda: rows()[: ArticleFeed.item_limit])


class CorrectionsFeed:
    """The corrections feed in one format (`feed_type`, feedgenerator.py): one item per
    correction, titled by the article it corrects, its words as the content."""

    def __init__(self, feed_type):
        self.feed_type = feed_type

    def __call__(self, request):
        found = newest()
        depends_on(request, *keys(found))
        last_changed, etag = freshness([(row["pk"], row["made_at"]) for row in found])

        @condition(etag_func=lambda request: etag, last_modified_func=lambda request: last_changed)
        def build(request):
            return HttpResponse(
                self.write(request, found), content_type=content_type(request, self.feed_type)
            )

        response = build(request)
        response.cache_policy = "feed"
        return varies_by_accept(response, self.feed_type)

    def write(self, request, found):
        secure, host = request.is_secure(), request.get_host()
        origin = ArticleFeed.origin(request)
        channel = Channel(
            title=f"{settings.SITE_NAME}: corrections",
            link=iri_to_uri(add_domain(host, url("articles:corrections"), secure)),
            description=DESCRIPTION,
            feed_url=iri_to_uri(add_domain(host, request.path, secure)),
            language=get_language(),
            author_name=settings.SITE_NAME,
            stylesheet=static(STYLESHEET),
        )
        article_url = url_pattern("articles:detail")
        items = []
        for row in found:
            words = as_text(row["text_html"])
            entry = Entry.of(
                title=f"Correction: {row['headline']}",
                link=f"{origin}{article_url(row['slug'])}#{correction_anchor(row['pk'])}",
                # Readers treat RSS descriptions and Atom html summaries as markup.
                description=html.escape(words, quote=False),
                guid=correction_guid(row["article_guid"], row["pk"]),
                pubdate=row["made_at"],
                updateddate=None,
                categories=[],
                enclosure=None,
                content_html=row["text_html"],
                summary=words,
                authors=[],
                origin=origin,
            )
            before, after = self.feed_type.item_parts(entry)
            items.append(self.feed_type.item(before, entry.content_html, after))
        return self.feed_type.document(
            channel, last_change([row["made_at"] for row in found]), items
        )


class CorrectionListView(BreadcrumbsMixin, ListView):
    """/corrections/: every correction readers may see, newest first, twenty to a page, each
    with its date and a link to it on its article's page."""

    template_name = "articles/corrections.html"
    paginate_by = 20
    paginator_class = ArticlePaginator

    def get_queryset(self):
        return rows()

    def get_breadcrumbs(self):
        return [Crumb(TITLE, url("articles:corrections"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = list(context["page_obj"].object_list)
        depends_on(self.request, *keys(found))
        article_url = url_pattern("articles:detail")
        corrections = [
            {
                "headline": row["headline"],
                "url": f"{article_url(row['slug'])}#{correction_anchor(row['pk'])}",
                "iso": iso(row["made_at"]),
                "day": day(row["made_at"]),
                # Sanitised when the correction was saved, as the article's page shows it.
                "text_html": Markup(row["text_html"]),
            }
            for row in found
        ]
        return {
            **context,
            "corrections": corrections,
            "description": DESCRIPTION,
            "feed_title": "corrections",
        }
