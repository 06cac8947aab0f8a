"""The sitemap: an index of sections, each listing one kind of public page.

Both views record the dependency keys of what they list, and render with Jinja2
(spacecinema/jinja2/sitemap*.xml) from dates written once per row. The index gives each
section's pages and latest change from values already known (articles/tallies.py) and one
aggregate per directory: listing every section to count it cost a query or more per section.
"""

import math

from django.contrib.sitemaps import Sitemap, views
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.sitemaps import ArticleSitemap, AuthorSitemap
from articles.tallies import sitemap_tallies
from newsroom.dependencies import depends_on
from newsroom.links import absolute_url
from people.sitemaps import OrganisationSitemap, PersonSitemap
from projects.sitemaps import ProjectSitemap
from tags.sitemaps import TagSitemap


class SectionSitemap(Sitemap):
    """The site's fixed pages: front page, lists and the race."""

    changefreq = "daily"
    priority = 0.6
    dependencies = ()

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

# The URL of a section's pages; Django's sitemap view is reversed by this name.
SECTION_VIEW = "django.contrib.sitemaps.views.sitemap"


def summaries():
    """{section: (number of URLs, latest change or None)}."""
    tallies = sitemap_tallies()
    return {
        "sections": (len(SectionSitemap().items()), None),
        "news": (tallies.articles, tallies.last_changed),
        "authors": (tallies.authors, tallies.last_published),
        "people": PersonSitemap().summary(),
        "organisations": OrganisationSitemap().summary(),
        "productions": ProjectSitemap().summary(),
        "tags": (TagSitemap().size(), tallies.last_published),
    }


def index(request):
    """/sitemap.xml: every page of every section, with the section's latest change."""
    depends_on(request, *(key for sitemap in SITEMAPS.values() for key in sitemap.dependencies))
    known = summaries()
    sections = []
    for name, sitemap in SITEMAPS.items():
        size, lastmod = known[name]
        url = absolute_url(reverse(SECTION_VIEW, kwargs={"section": name}), request)
        written = timezone.localtime(lastmod).isoformat() if lastmod else ""
        pages = max(1, math.ceil(size / sitemap.limit))
        sections.append((url, written))
        sections += [(f"{url}?p={page}", written) for page in range(2, pages + 1)]
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sections": sections}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def section(request, section):
    """One page of one section (Django's view), recording the keys of what it lists."""
    if section in SITEMAPS:
        depends_on(request, *SITEMAPS[section].dependencies)
    return views.sitemap(request, SITEMAPS, section=section)
