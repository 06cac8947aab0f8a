"""The news: the article page, /news/ with its year and month archives, a byline's page, and
the newsroom's preview, and that preview at a link shared with someone outside.

Pages read the fields they show as rows, each relation in one query, and lists read their
articles as cards (articles/cards.py). What is kept at write time (list counts, the months
with news, related articles) is read through articles/tallies.py. Each page records the
dependency keys of what it shows.
"""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.dependencies import NEWS, articles_key, depends_on, row_key, translations_key
from newsroom.images import StoredImage, share_image_url
from newsroom.links import absolute_url
from newsroom.prepared import PreparedQuery
from newsroom.redirects import FollowsFormerSlugsMixin
from newsroom.rendering import day, iso, truncated, url, url_pattern

from . import page, preview_links, sharing, tallies
from .cards import Byline, stored_cards
from .models import Article, Author, correction_anchor
from .sharing import ShareCard


class Withdrawn(Exception):
    """The article at this address has expired: readers are told it is gone, not missing."""

    def __init__(self, pk):
        super().__init__(pk)
        self.pk = pk


def news_crumb():
    return Crumb("News", url("articles:list"))


def year_crumb(year):
    return Crumb(str(year), url("articles:archive-year", year))


def month_name(month_start):
    return month_start.strftime("%B %Y")


class CardListMixin(BreadcrumbsMixin):
    """A page of published articles as cards, newest first.

    The list is articles/lists.py's: its count is kept at write time (no COUNT(*) per read),
    and a page of it is one prepared query.
    """

    paginate_by = 20
    # The heading level of each card's headline.
    card_level = 2

    def list_key(self):
        """The dependency key of the list this page shows a page of."""
        raise NotImplementedError

    def list_keys(self):
        """The dependency keys of the lists whose membership or order the page shows."""
        return [self.list_key()]

    def get_queryset(self):
        return Article.objects.published_list(self.list_key())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cards = context["page_obj"].object_list
        depends_on(self.request, *self.list_keys(), *(key for card in cards for key in card.keys))
        return {**context, "cards": cards, "card_level": self.card_level}


class ArticleListView(CardListMixin, ListView):
    """/news/: every published article, newest first, and the years of the archive."""

    template_name = "articles/article_list.html"

    def list_key(self):
        return NEWS

    def get_breadcrumbs(self):
        return [news_crumb()]

    def get_context_data(self, **kwargs):
        years = [year for year, _ in reversed(tallies.years_with_news())]
        archive = [(url("articles:archive-year", year), year) for year in years]
        return super().get_context_data(archive=archive, **kwargs)


class ArchivePageMixin(CardListMixin):
    """A year's or a month's news. A period with nothing public in it does not exist, rather
    than being an empty page; which periods have news comes from tallies, not from probes."""

    template_name = "articles/article_archive.html"

    def get_queryset(self):
        self.months = [month for month, _ in tallies.months_with_news()]
        self.find_period()
        return super().get_queryset()

    def find_period(self):
        """Which period the address names; 404 if it has no news."""
        raise NotImplementedError

    def list_keys(self):
        # The neighbouring periods and the year's months change with any article published.
        return [NEWS, self.list_key()]

    def get_context_data(self, **kwargs):
        title = f"News from {self.period_name()}"
        description = (
            f"Everything {settings.SITE_NAME} published in {self.period_name()} about films "
            "shot in space."
        )
        return super().get_context_data(
            archive_title=title, archive_description=description, **kwargs
        )


class ArticleYearArchiveView(FollowsFormerSlugsMixin, ArchivePageMixin, ListView):
    def find_period(self):
        self.year = self.kwargs["year"]
        if not any(month.year == self.year for month in self.months):
            raise Http404("No news was published then.")

    def former_slug(self, kwargs):
        # Before slugs of digits were refused, an article headlined "1984" had this address.
        return str(kwargs["year"])

    def get_renamed_queryset(self):
        return Article.objects.published()

    def list_key(self):
        return tallies.month_key(self.year)

    def period_name(self):
        return str(self.year)

    def get_breadcrumbs(self):
        return [news_crumb(), year_crumb(self.year)]

    def get_context_data(self, **kwargs):
        years = sorted({month.year for month in self.months})
        earlier = [year for year in years if year < self.year]
        later = [year for year in years if year > self.year]
        steps = []
        if earlier:
            steps.append((url("articles:archive-year", earlier[-1]), str(earlier[-1]), "prev"))
        if later:
            steps.append((url("articles:archive-year", later[0]), str(later[0]), "next"))
        months = [
            (url("articles:archive-month", month.year, month.month), month.strftime("%B"))
            for month in self.months
            if month.year == self.year
        ]
        return super().get_context_data(year=self.year, steps=steps, months=months, **kwargs)


class ArticleMonthArchiveView(ArchivePageMixin, ListView):
    def find_period(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        found = [
            number
            for number, start in enumerate(self.months)
            if (start.year, start.month) == (year, month)
        ]
        if not found:
            raise Http404("No news was published then.")
        self.position = found[0]
        self.month = self.months[self.position]

    def list_key(self):
        return tallies.month_key(self.month.year, self.month.month)

    def period_name(self):
        return month_name(self.month)

    def get_breadcrumbs(self):
        year, month = self.month.year, self.month.month
        return [
            news_crumb(),
            year_crumb(year),
            Crumb(self.month.strftime("%B"), url("articles:archive-month", year, month)),
        ]

    def get_context_data(self, **kwargs):
        neighbours = [
            (self.position - 1, "prev"),
            (self.position + 1, "next"),
        ]
        steps = [
            (
                url("articles:archive-month", self.months[at].year, self.months[at].month),
                month_name(self.months[at]),
                rel,
            )
            for at, rel in neighbours
            if 0 <= at < len(self.months)
        ]
        return super().get_context_data(steps=steps, **kwargs)


def named_rows(article_pk):
    """{kind: rows} of what the article names, each row with pk, name, url (and a person's
    description), in the page's order."""
    urls = {
        "tag": url_pattern("tags:detail"),
        "author": url_pattern("articles:author"),
        "project": url_pattern("projects:detail"),
        "person": url_pattern("people:detail"),
        "organisation": url_pattern("people:organisation-detail"),
    }
    named = {kind: [] for kind in urls}
    for row in page.names(article=article_pk):
        named[row["kind"]].append({**row, "url": urls[row["kind"]](row["slug"])})
    return named


# The page's language, as <html lang> gives it.
HTML_LANGUAGES = Article.HTML_LANGUAGES
# The link to an article's version in a language, in that language.
READ_IN = {
    Article.Language.ENGLISH: "Read in English",
    Article.Language.RUSSIAN: "Читать по-русски",
}


def versions_of(article):
    """The article's published versions (page.versions() on its row): the alternates in
    every language for <link rel="alternate" hreflang>, x-default the original, and the links
    to the others. None of them when no other version is published."""
    detail = url_pattern("articles:detail")
    published = {
        language: detail(slug)
        for language in Article.Language.values
        if (slug := article[page.version_column(language)])
    }
    if len(published) < 2:
        return {"alternates": [], "other_versions": []}
    alternates = [(language, absolute_url(path)) for language, path in published.items()]
    if article["version_original"]:
        alternates.append(("x-default", absolute_url(detail(article["version_original"]))))
    return {
        "alternates": alternates,
        "other_versions": [
            {"language": language, "url": path, "label": READ_IN[language]}
            for language, path in published.items()
            if language != article["language"]
        ],
    }


class ArticleDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Withdrawn as withdrawn:
            return self.withdrawn(withdrawn.pk)

    def get_object(self, queryset=None):
        rows = page.published_article(slug=self.kwargs["slug"])
        if not rows:
            expired = Article.objects.expired().filter(slug=self.kwargs["slug"])
            pk = expired.values_list("pk", flat=True).first()
            if pk is not None:
                raise Withdrawn(pk)
            raise Http404("No article is published at this address.")
        return rows[0]

    def withdrawn(self, pk):
        """410 Gone: the article was here and has been taken down at its expiry. Stored by
        shared caches as a missing page is, until the article's own key is purged (its expiry
        moved or removed)."""
        depends_on(self.request, row_key("article", pk))
        return TemplateResponse(self.request, "articles/article_withdrawn.html", status=410)

    def article_row(self):
        """The article's fields as page.ARTICLE_FIELDS reads them, with its pk."""
        return self.object

    def related_cards(self, article):
        """The related articles' stored cards, best first."""
        return stored_cards(page.related_cards(article=article["pk"]))

    def get_renamed_queryset(self):
        return Article.objects.published()

    # The article's primary topic among its tags (a row of named_rows()), None if it has none.
    topic = None

    def get_breadcrumbs(self):
        article = self.article_row()
        return [
            Crumb(self.topic["name"], self.topic["url"]) if self.topic else news_crumb(),
            Crumb(article["headline"], url_pattern("articles:detail")(article["slug"])),
        ]

    def get_context_data(self, **kwargs):
        article = self.article_row()
        named = named_rows(article["pk"])
        bylines = [Byline(row["pk"], row["name"], row["url"]) for row in named["author"]]
        tags = named["tag"]
        self.topic = next((tag for tag in tags if tag["pk"] == article["primary_topic"]), None)
        subjects = [
            ("project", "Productions", named["project"]),
            ("person", "People", named["person"]),
            ("organisation", "Organisations", named["organisation"]),
        ]
        related = self.related_cards(article)
        depends_on(
            self.request,
            row_key("article", article["pk"]),
            translations_key(article["translation_of"] or article["pk"]),
            *(row_key("author", byline.pk) for byline in bylines),
            *(row_key(kind, row["pk"]) for kind, _, rows in subjects for row in rows),
            *(row_key("tag", tag["pk"]) for tag in tags),
            *(key for card in related for key in card.keys),
        )
        image = StoredImage.of_row(article, "lead_image")
        share = ShareCard.of(article)
        shared_image = share.rendition
        return super().get_context_data(
            share=share,
            description=truncated(share.description, 300),
            lead_image=image,
            share_image=share.image_url,
            share_image_width=shared_image[1] if shared_image else 0,
            share_image_height=shared_image[2] if shared_image else 0,
            published_iso=iso(article["published_at"]),
            published_day=day(article["published_at"]),
            corrected_iso=iso(article["corrected_at"]),
            corrected_day=day(article["corrected_at"]),
            bylines=bylines,
            tags=tags,
            topic=self.topic,
            sources=[
                {**row, "as_of_iso": iso(row["as_of"]), "as_of_day": day(row["as_of"])}
                for row in page.sources(article=article["pk"])
            ],
            corrections=[
                {
                    "anchor": correction_anchor(row["pk"]),
                    "iso": iso(row["made_at"]),
                    "day": day(row["made_at"]),
                    "text_html": row["text_html"],
                }
                for row in page.corrections(article=article["pk"])
            ],
            subjects=[(heading, rows) for _, heading, rows in subjects if rows],
            related_articles=related,
            structured_data=self.get_structured_data(article, bylines, tags, image, share),
            html_lang=HTML_LANGUAGES[article["language"]],
            # The site's chrome stays in its English on a page in another language.
            chrome_lang=""
            if article["language"] == Article.Language.ENGLISH
            else HTML_LANGUAGES[Article.Language.ENGLISH],
            **versions_of(article),
            **kwargs,
        )

    def get_structured_data(self, article, bylines, tags, image, share):
        """schema.org NewsArticle, for search engines.

        Its headline and image are the article's own, as readers see them on the page (the
        headline search engines are asked to match against the page's); the description is
        the one the page's head gives, the desk's override if any (sharing.py).
        """
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article["headline"],
            "description": share.description,
            "mainEntityOfPage": absolute_url(url_pattern("articles:detail")(article["slug"])),
            "datePublished": article["published_at"].isoformat(),
            "dateModified": (article["corrected_at"] or article["published_at"]).isoformat(),
            "author": [
                {"@type": "Person", "name": byline.name, "url": absolute_url(byline.url)}
                for byline in bylines
            ],
            "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
            "keywords": [tag["name"] for tag in tags],
        }
        if shared := share_image_url(image):
            data["image"] = [shared]
        return data


def as_if_published(article):
    # A draft has no publication time yet; show it as it would read if published now.
    if article.published_at is None:
        article.published_at = timezone.now()
    return article


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """The article page as readers will see it, for the newsroom only, whatever its status."""

    template_name = "articles/article_preview.html"

    def get_object(self, queryset=None):
        articles = Article.objects.visible_to(self.request.user).only(
            *page.ARTICLE_FIELDS, "expires_at"
        )
        return as_if_published(get_object_or_404(articles, pk=self.kwargs["pk"]))

    def article_row(self):
        # The banner asks the article itself for its status; the page reads the same row.
        article = self.object
        if "_row" not in self.__dict__:
            fields = [
                name
                for name in page.ARTICLE_FIELDS
                if name not in ("primary_topic", "translation_of")
            ]
            self._row = {
                "pk": article.pk,
                **{name: getattr(article, name) for name in fields},
                "lead_image": article.lead_image.name or "",
                # Ids, as the page reads them (the attributes would read the rows).
                "primary_topic": article.primary_topic_id,
                "translation_of": article.translation_of_id,
                **sharing.fields_of(article),
                **Article.objects.filter(pk=article.pk).values(**page.versions()).get(),
                # Linked from the other versions, and to them, as it will be once published.
                page.version_column(article.language): article.slug,
            }
            if article.translation_of_id is None:
                self._row["version_original"] = article.slug
        return self._row

    def related_cards(self, article):
        # Not yet kept at write time unless published: ranked now, as the article would be.
        ids = tallies.related_ids(self.object)
        position = {pk: number for number, pk in enumerate(ids)}
        cards = Article.objects.published().filter(pk__in=ids).cards()
        return sorted(cards, key=lambda card: position[card.pk])

    def get_context_data(self, **kwargs):
        published_at = timezone.localtime(self.object.published_at)
        expires_at = self.object.expires_at and timezone.localtime(self.object.expires_at)
        return super().get_context_data(
            scheduled_for=f"{day(published_at)}, {published_at:%H:%M}",
            expired_at=f"{day(expires_at)}, {expires_at:%H:%M}" if expires_at else "",
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response


class SharedPreviewView(ArticlePreviewView):
    """The preview at a shared link's address, for whoever holds it, login or not, while the
    link works; once the article is live, its public page instead."""

    template_name = "articles/article_shared.html"
    # The address is the key to the draft: no cache keeps the page, and no link followed from
    # it tells another site where the reader came from.
    headers = {
        "Cache-Control": "private, no-store",
        "X-Robots-Tag": "noindex",
        "Referrer-Policy": "no-referrer",
    }

    def dispatch(self, request, *args, **kwargs):
        self.link = preview_links.working_link(kwargs["signed"])
        if request.method not in ("GET", "HEAD"):
            response = self.http_method_not_allowed(request, *args, **kwargs)
        elif self.link is None:
            response = render(request, "articles/shared_preview_missing.html", status=404)
        elif self.link.article.is_published():
            preview_links.note_opened(self.link)
            response = redirect(self.link.article)
        else:
            preview_links.note_opened(self.link)
            response = super().dispatch(request, *args, **kwargs)
        for name, value in self.headers.items():
            response[name] = value
        return response

    def get_object(self, queryset=None):
        return as_if_published(self.link.article)

    def get_context_data(self, **kwargs):
        sharer = self.link.created_by
        return super().get_context_data(
            shared_by=(sharer.get_full_name() if sharer else "") or "the newsroom",
            expires=date_format(localtime(self.link.expires_at), "DATETIME_FORMAT"),
            expires_iso=iso(self.link.expires_at),
            **kwargs,
        )


author_by_slug = PreparedQuery(
    lambda slug: Author.objects.filter(slug=slug).values(
        "pk", "name", "slug", "bio", "bio_html", "photo", "photo_width", "photo_height", "photo_alt"
    ),
    slug=models.CharField(),
)


class AuthorDetailView(FollowsFormerSlugsMixin, CardListMixin, ListView):
    """A byline's page: who they are, then their published articles, newest first."""

    template_name = "articles/author_detail.html"
    card_level = 3

    def get_queryset(self):
        authors = author_by_slug(slug=self.kwargs["slug"])
        if not authors:
            raise Http404("No byline has this address.")
        image = StoredImage.of_row(authors[0], "photo")
        self.author = {**authors[0], "image": image, "share_image": share_image_url(image)}
        return super().get_queryset()

    def get_renamed_queryset(self):
        return Author.objects.all()

    def list_key(self):
        return articles_key("author", self.author["pk"])

    def get_breadcrumbs(self):
        return [
            news_crumb(),
            Crumb(self.author["name"], url_pattern("articles:author")(self.author["slug"])),
        ]

    def get_context_data(self, **kwargs):
        depends_on(self.request, row_key("author", self.author["pk"]))
        return super().get_context_data(
            author=self.author, feed_title=self.author["name"], **kwargs
        )
