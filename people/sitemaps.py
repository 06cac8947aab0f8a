from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Organisation, Person


class UpdatedAtSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000
    model = None

    def items(self):
        return self.model.objects.only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


class PersonSitemap(UpdatedAtSitemap):
    model = Person


class OrganisationSitemap(UpdatedAtSitemap):
    model = Organisation
