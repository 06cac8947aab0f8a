"""The sitemap's article sections, read as rows: a page of 5,000 URLs builds no model instance
and reverses no URL per row.

Each section names the dependency keys of what it lists (`dependencies`); the index gives
their sizes and latest changes from `tallies.sitemap_tallies()` and one aggregate, not by listing
them. An article's entry names its pictures (Google's image extension) and its versions in other
languages; the latest news section adds what Google News asks of each article.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, Max, OuterRef, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from markupsafe import escape

from newsroom.dependencies import LATEST_NEWS, NEWS
from newsroom.pagination import ArticlePaginator
from newsroom.rendering import url_pattern
from newsroom.sitemaps import body_pictures, image_entries, largest_rendition

from .models import Article, Author
from .tallies import published_count

# Small pages keep every sitemap response quick to build, however large the archive grows.
URLS_PER_PAGE = 5000

# Any edit of a public article may move the date a section gives it.
ARTICLES = "articles"


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = URLS_PER_PAGE
    dependencies = (NEWS, ARTICLES)
    # The URL of one row by its slug.
    view_name = "articles:detail"

    # What an entry shows of each row, besides its date.
    columns = ("pk", "slug", "lead_image", "lead_image_width", "lead_image_height")

    def articles(self):
        return Article.objects.published()

    def items(self):
        # The later of publication and correction, as the database compares them: one date a
        # row to read instead of two.
        changed = Greatest("published_at", Coalesce("corrected_at", "published_at"))
        # The stored body HTML of the rows that show library pictures only: most show none,
        # and a page of 5,000 whole bodies is megabytes read for nothing.
        pictures = Case(
            When(body_html__contains=' srcset="', then=F("body_html")),
            default=Value(""),
            output_field=TextField(),
        )
        return self.articles().values(*self.columns, changed_at=changed, pictures=pictures)

    def language_versions(self, rows):
        """{slug: [(hreflang, path)]} of the rows that have a published version in another
        language: every version, themselves included, and x-default the original. One query
        for a page of rows: the published translations of them or that they are, with their
        published originals."""
        ids = [row["pk"] for row in rows]
        published = Article.objects.published()
        pairs = (
            published.filter(translation_of__in=published)
            .filter(Q(pk__in=ids) | Q(translation_of__in=ids))
            .values_list(
                "translation_of",
                "language",
                "slug",
                "translation_of__language",
                "translation_of__slug",
            )
        )
        versions = {}
        for original, language, slug, original_language, original_slug in pairs:
            versions.setdefault(original, {original_language: original_slug})[language] = slug
        location = url_pattern(self.view_name)
        found = {}
        for group in versions.values():
            original_slug = next(iter(group.values()))
            links = [(language, location(slug)) for language, slug in sorted(group.items())]
            links.append(("x-default", location(original_slug)))
            found.update(dict.fromkeys(group.values(), links))
        return found

    @property
    def paginator(self):
        # Sitemap pages are 5,000 articles deep: without it page 19 reads 90,000 to skip them.
        return ArticlePaginator(self.items(), self.limit, count=published_count(NEWS))

    def location(self, row):
        return url_pattern(self.view_name)(row["slug"])

    def lastmod(self, row):
        return row["changed_at"]

    def extensions(self, rows, origin):
        """What each row's entry says besides its address and date, in the order of `rows`:
        its versions in other languages (xhtml:link) and its lead and body pictures."""
        versions = self.language_versions(rows)
        entries = []
        for row in rows:
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{hreflang}" '
                f'href="{escape(origin + path)}"/>'
                for hreflang, path in versions.get(row["slug"], ())
            )
            lead = largest_rendition(
                row["lead_image"], row["lead_image_width"], row["lead_image_height"]
            )
            pictures = image_entries(origin, [lead, *body_pictures(row["pictures"])])
            entries.append(links + pictures)
        return entries


class LatestNewsSitemap(ArticleSitemap):
    """Google News: the articles published in the last two days (`latest_news()`), each with the
    publication's name, its language, its time of publication and its headline."""

    # Google News reads at most 1,000 articles of one sitemap.
    limit = 1000
    # Besides the news: an article turning two days old leaves it (articles/changes.py).
    dependencies = (NEWS, ARTICLES, LATEST_NEWS)
    columns = (*ArticleSitemap.columns, "headline", "language", "published_at")

    def articles(self):
        return Article.objects.latest_news()

    @property
    def paginator(self):
        # A day or two of news: counting it reads no more than the page does.
        return Paginator(self.items(), self.limit)

    def extensions(self, rows, origin):
        publication = escape(settings.SITE_NAME)
        zone = timezone.get_current_timezone()
        entries = super().extensions(rows, origin)
        return [
            "<news:news><news:publication>"
            f"<news:name>{publication}</news:name>"
            f"<news:language>{row['language']}</news:language>"
            "</news:publication>"
            "<news:publication_date>"
            f"{row['published_at'].astimezone(zone).isoformat(timespec='seconds')}"
            "</news:publication_date>"
            f"<news:title>{escape(row['headline'])}</news:title>"
            f"</news:news>{entry}"
            for row, entry in zip(rows, entries, strict=True)
        ]


class AuthorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.3
    limit = URLS_PER_PAGE
    dependencies = ("authors", NEWS, ARTICLES)
    view_name = "articles:author"

    def items(self):
        """Bylines with a published article; each dated by its newest among the latest
        RECENT_ARTICLES (a byline only older news carries has no date, and lastmod is optional:
        a maximum over every article of every byline reads the whole archive)."""
        published = Article.objects.published()
        newest = dict(
            Article.authors.through.objects.filter(article__in=published.newest_ids())
            .order_by()
            .values("author")
            .annotate(latest=Max("article__published_at"))
            .values_list("author", "latest")
        )
        authors = list(
            Author.objects.filter(Exists(published.filter(authors=OuterRef("pk"))))
            .order_by("name")
            .values("pk", "slug")
        )
        for author in authors:
            author["latest_article"] = newest.get(author["pk"])
        return authors

    def location(self, row):
        return url_pattern(self.view_name)(row["slug"])

    def lastmod(self, row):
        return row["latest_article"]
