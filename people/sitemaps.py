from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max

from newsroom.rendering import url_pattern

from .models import Organisation, Person


class UpdatedAtSitemap(Sitemap):
    """A directory's pages, each dated by its last edit, read as rows."""

    changefreq = "weekly"
    priority = 0.5
    limit = 5000
    model = None
    # The URL of one page by slug, and the dependency key of the directory listed.
    view_name = ""
    dependencies = ()

    def items(self):
        return self.model.objects.values("slug", "updated_at")

    def location(self, row):
        return url_pattern(self.view_name)(row["slug"])

    def lastmod(self, row):
        return row["updated_at"]

    def summary(self):
        """(size, latest change) for the sitemap index: one query."""
        totals = self.model.objects.aggregate(size=Count("pk"), latest=Max("updated_at"))
        return totals["size"], totals["latest"]


class PersonSitemap(UpdatedAtSitemap):
    model = Person
    view_name = "people:detail"
    dependencies = ("people",)


class OrganisationSitemap(UpdatedAtSitemap):
    model = Organisation
    view_name = "people:organisation-detail"
    dependencies = ("organisations",)
