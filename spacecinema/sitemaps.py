"""The sitemap: an index of sections, each listing one kind of public page.

Both views record the dependency keys of what they list, and render with Jinja2
(spacecinema/jinja2/sitemap*.xml) from dates written once per row. The index gives each
section's pages and latest change from values already known (articles/tallies.py) and one
aggregate per directory: listing every section to count it cost a query or more per section.
"""

import datetime
import math
import re
from urllib.parse import quote

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Count, DateTimeField, Max, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from markupsafe import escape

from articles.models import Article
from articles.sitemaps import ArticleSitemap, AuthorSitemap, LatestNewsSitemap
from articles.tallies import sitemap_tallies
from newsroom.dependencies import depends_on
from newsroom.prepared import PreparedQuery
from newsroom.rendering import url, url_pattern
from newsroom.sitemaps import IMAGE_NAMESPACE
from people.models import Organisation, Person
from people.sitemaps import OrganisationSitemap, PersonSitemap
from projects.models import Project
from projects.sitemaps import ProjectSitemap
from tags.public import public_tags
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
    "latest-news": LatestNewsSitemap,
    "authors": AuthorSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "productions": ProjectSitemap,
    "tags": TagSitemap,
}

# The URL of a section's pages; Django's sitemap view is reversed by this name.
SECTION_VIEW = "django.contrib.sitemaps.views.sitemap"


def _directory(queryset, section, latest):
    """One row of the directory summaries: the section, its size and its latest change."""
    return (
        queryset.order_by().values(section=Value(section)).annotate(size=Count("pk"), latest=latest)
    )


# Each directory's size and latest edit, and the latest news's, in one statement compiled once
# per process.
directory_summaries = PreparedQuery(
    lambda: (
        _directory(Person.objects.all(), "people", Max("updated_at"))
        .union(
            _directory(Organisation.objects.all(), "organisations", Max("updated_at")),
            _directory(Project.objects.all(), "productions", Max("updated_at")),
            # A tag's pages are dated by the news (tallies' last publication), not by the tag.
            _directory(public_tags(), "tags", Value(None, output_field=DateTimeField())),
            # The latest news are few and change by the clock: counted as they are read.
            _directory(
                Article.objects.latest_news(),
                "latest-news",
                Max(Greatest("published_at", Coalesce("corrected_at", "published_at"))),
            ),
            all=True,
        )
        .order_by("section")
    )
)


def summaries():
    """{section: (number of URLs, latest change or None)}."""
    tallies = sitemap_tallies()
    directories = {row["section"]: (row["size"], row["latest"]) for row in directory_summaries()}
    return {
        "sections": (len(SectionSitemap().items()), None),
        "news": (tallies.articles, tallies.last_changed),
        "latest-news": directories["latest-news"],
        "authors": (tallies.authors, tallies.last_published),
        "people": directories["people"],
        "organisations": directories["organisations"],
        "productions": directories["productions"],
        "tags": (directories["tags"][0], tallies.last_published),
    }


def _origin(request):
    """ "https://host" as the reader asked for it: sitemaps name pages in the host they were
    read from, as Django's sitemap views do."""
    return f"{request.scheme}://{request.get_host()}"


def index(request):
    """/sitemap.xml: every page of every section, with the section's latest change."""
    depends_on(request, *(key for sitemap in SITEMAPS.values() for key in sitemap.dependencies))
    known = summaries()
    section_url = url_pattern(SECTION_VIEW)
    origin = request.build_absolute_uri("/").removesuffix("/")
    sections = []
    for name, sitemap in SITEMAPS.items():
        size, lastmod = known[name]
        url = f"{origin}{section_url(name)}"
        written = timezone.localtime(lastmod).isoformat() if lastmod else ""
        pages = max(1, math.ceil(size / sitemap.limit))
        sections.append((url, written))
        sections += [(f"{url}?p={page}", written) for page in range(2, pages + 1)]
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sections": sections}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


# Where a slug goes in a URL; a slug url_pattern would not quote.
SLOT = "0slot0"
_plain = re.compile(r"[-\w]+", re.ASCII).fullmatch

URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml" '
    f'xmlns:image="{IMAGE_NAMESPACE}" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
)


def section(request, section):
    """One page of one section: what Django's sitemap view writes (spacecinema/jinja2/
    sitemap.xml), a string format per URL, recording the keys of what it lists."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap available for section: {section!r}")
    sitemap = SITEMAPS[section]()
    depends_on(request, *sitemap.dependencies)
    number = request.GET.get("p", 1)
    try:
        page = sitemap.paginator.page(number)
    except EmptyPage:
        raise Http404(f"Page {number} empty") from None
    except PageNotAnInteger:
        raise Http404(f"No page '{number}'") from None
    origin = _origin(request)
    zone = timezone.get_current_timezone()
    changefreq, priority = escape(sitemap.changefreq), escape(str(sitemap.priority))
    tail = f"<changefreq>{changefreq}</changefreq><priority>{priority}</priority>"
    location = sitemap.location
    view_name = getattr(sitemap, "view_name", "")
    if view_name:
        # A row's URL around its slug, escaped once; a slug quote() would leave alone (the
        # usual kind) is not quoted, and what quote() leaves has nothing to escape.
        prefix, suffix = url(view_name, SLOT).split(SLOT)
        before, after = escape(origin + prefix), escape(suffix)

        def location(row):
            slug = row["slug"]
            return f"{before}{slug if _plain(slug) else quote(str(slug), safe='-_.~')}{after}"

    lastmod = getattr(sitemap, "lastmod", lambda item: None)
    rows = page.object_list
    # What each entry says besides its address and date, other namespaces' elements: pictures,
    # versions in other languages, Google News.
    extend = getattr(sitemap, "extensions", None)
    extensions = extend(rows, origin) if extend else [""] * len(rows)
    parts = [URLSET]
    dates = []
    for item, extra in zip(rows, extensions, strict=True):
        loc = location(item) if view_name else escape(origin + location(item))
        # The sitemap schema takes other namespaces' elements last in a <url>.
        end = f"{extra}</url>"
        moment = lastmod(item)
        if moment is None:
            parts.append(f"<url><loc>{loc}</loc>{tail}{end}")
            continue
        dates.append(moment)
        if isinstance(moment, datetime.datetime):
            moment = moment.astimezone(zone)
        parts.append(
            f"<url><loc>{loc}</loc><lastmod>{moment.isoformat()[:10]}</lastmod>{tail}{end}"
        )
    parts.append("\n</urlset>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    # Django's sitemap view dates a page only when every URL on it is dated.
    if dates and len(dates) == len(rows):
        response.headers["Last-Modified"] = http_date(max(dates).timestamp())
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
