from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import ArticleSitemap, AuthorSitemap
from people.sitemaps import OrganisationSitemap, PersonSitemap
from projects.sitemaps import ProjectSitemap
from tags.sitemaps import TagSitemap


class SectionSitemap(Sitemap):
    """The site's fixed pages: front page, lists and the race."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "home",
            "articles:list",
            "projects:race",
            "projects:list",
            "people:list",
            "people:organisation-list",
            "tags:list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "sections": SectionSitemap,
    "news": ArticleSitemap,
    "authors": AuthorSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "productions": ProjectSitemap,
    "tags": TagSitemap,
}
