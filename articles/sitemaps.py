from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce, Greatest

from newsroom.pagination import ArticlePaginator

from .models import Article, Author

# Small pages keep every sitemap response quick to build, however large the archive grows.
URLS_PER_PAGE = 5000


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = URLS_PER_PAGE

    def items(self):
        return Article.objects.published().only("slug", "published_at", "corrected_at")

    @property
    def paginator(self):
        # Sitemap pages are 5,000 articles deep: without it page 19 reads 90,000 to skip them.
        return ArticlePaginator(self.items(), self.limit)

    def lastmod(self, article):
        return max(filter(None, [article.published_at, article.corrected_at]))

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(
            latest=Max(Greatest("published_at", Coalesce("corrected_at", "published_at")))
        )["latest"]


class AuthorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.3
    limit = URLS_PER_PAGE

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
            .only("name", "slug")
            .order_by("name")
        )
        for author in authors:
            author.latest_article = newest.get(author.pk)
        return authors

    def lastmod(self, author):
        return author.latest_article

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]
