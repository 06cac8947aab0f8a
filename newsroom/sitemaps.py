from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from articles.models import Article
from articles.sitemaps import ArticleSitemap, AuthorSitemap, SectionSitemap
from people.sitemaps import OrganisationSitemap, PersonSitemap
from projects.sitemaps import ProjectSitemap

from .tags import tags_in_use


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        published = Article.objects.published().values("pk")
        return tags_in_use().annotate(
            latest_article=Max(
                "articles_taggedarticle_items__content_object__published_at",
                filter=Q(articles_taggedarticle_items__content_object__in=published),
            )
        )

    def location(self, tag):
        return reverse("newsroom:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.latest_article


SITEMAPS = {
    "sections": SectionSitemap,
    "news": ArticleSitemap,
    "authors": AuthorSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "productions": ProjectSitemap,
    "tags": TagSitemap,
}
