from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from .models import Article, Author

# Small pages keep every sitemap response quick to build, however large the archive grows.
URLS_PER_PAGE = 5000


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = URLS_PER_PAGE

    def items(self):
        return Article.objects.published().only("slug", "published_at", "corrected_at")

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
        return (
            Author.objects.filter(articles__in=Article.objects.published())
            .annotate(latest_article=Max("articles__published_at"))
            .order_by("name")
        )

    def lastmod(self, author):
        return author.latest_article

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]


class SectionSitemap(Sitemap):
    """The site's fixed pages: front page, lists and the race."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "newsroom:home",
            "articles:list",
            "projects:race",
            "projects:list",
            "people:list",
            "people:organisation-list",
            "newsroom:tags",
        ]

    def location(self, name):
        return reverse(name)
