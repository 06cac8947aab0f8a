from django.contrib.sitemaps import Sitemap

from .models import Organisation, Person


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Person.objects.only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at


class OrganisationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Organisation.objects.only("slug", "updated_at")

    def lastmod(self, organisation):
        return organisation.updated_at
