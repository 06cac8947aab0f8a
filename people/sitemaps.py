from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max

from newsroom.rendering import url_pattern
from newsroom.sitemaps import image_entries, largest_rendition

from .models import Organisation, Person


class UpdatedAtSitemap(Sitemap):
    """A directory's pages, each dated by its last edit and naming its picture, read as rows."""

    changefreq = "weekly"
    priority = 0.5
    limit = 5000
    model = None
    # The URL of one page by slug, and the dependency key of the directory listed.
    view_name = ""
    dependencies = ()
    # The image field of the picture a page shows (a photo, a logo, a poster).
    picture = ""

    def items(self):
        picture = self.picture
        return self.model.objects.values(
            "slug", "updated_at", picture, f"{picture}_width", f"{picture}_height"
        )

    def location(self, row):
        return url_pattern(self.view_name)(row["slug"])

    def lastmod(self, row):
        return row["updated_at"]

    def extensions(self, rows, origin):
        """Each row's picture, as Google's image extension names it."""
        name, width, height = self.picture, f"{self.picture}_width", f"{self.picture}_height"
        return [
            image_entries(origin, [largest_rendition(row[name], row[width], row[height])])
            for row in rows
        ]

    def summary(self):
        """(size, latest change) for the sitemap index: one query."""
        totals = self.model.objects.aggregate(size=Count("pk"), latest=Max("updated_at"))
        return totals["size"], totals["latest"]


class PersonSitemap(UpdatedAtSitemap):
    model = Person
    view_name = "people:detail"
    dependencies = ("people",)
    picture = "photo"


class OrganisationSitemap(UpdatedAtSitemap):
    model = Organisation
    view_name = "people:organisation-detail"
    dependencies = ("organisations",)
    picture = "logo"
