"""The sitemap's article sections, read as rows: a page of 5,000 URLs builds no model instance
and reverses no URL per row.

Each section names the dependency keys of what it lists (`dependencies`); the index gives
their sizes and latest changes from `tallies.sitemap_tallies()`, not by listing them.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest

from newsroom.dependencies import NEWS
from newsroom.pagination import ArticlePaginator
from newsroom.rendering import url_pattern

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

    def items(self):
        # The later of publication and correction, as the database compares them: one date a
        # row to read instead of two.
        changed = Greatest("published_at", Coalesce("corrected_at", "published_at"))
        return Article.objects.published().values("pk", "slug", changed_at=changed)

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
