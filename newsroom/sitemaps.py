from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from articles.models import Article
from articles.sitemaps import ArticleSitemap, AuthorSitemap, SectionSitemap
from people.sitemaps import OrganisationSitemap, PersonSitemap
from projects.sitemaps import ProjectSitemap

from .tags import tags_in_use


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def items(self):
        latest = (
            Article.objects.published()
            .filter(tags=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return tags_in_use().annotate(latest_article=Subquery(latest))

    def location(self, tag):
        return reverse("newsroom:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.latest_article

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]


SITEMAPS = {
    "sections": SectionSitemap,
    "news": ArticleSitemap,
    "authors": AuthorSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "productions": ProjectSitemap,
    "tags": TagSitemap,
}
