import functools
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.models import Article
from newsroom.links import absolute_url
from projects.models import Project
from tags.public import busiest_tags


class HomeView(TemplateView):
    template_name = "home.html"
    latest_count = 10
    busiest_tag_count = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Article.objects.published().for_list()
        lead = published.illustrated().first()
        latest = published.exclude(pk=lead.pk) if lead else published
        context.update(
            lead=lead,
            latest=latest[: self.latest_count],
            rivals=Project.objects.for_race_box(),
            busiest_tags=busiest_tags()[: self.busiest_tag_count],
            structured_data={
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": settings.SITE_NAME,
                "url": absolute_url(reverse("home")),
            },
        )
        return context


@require_safe
def robots_txt(request):
    sitemap_url = absolute_url(reverse("sitemap"), request)
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# A week: the address never changes with the icon, so a new one must reach browsers in time.
FAVICON_MAX_AGE = 7 * 24 * 60 * 60


@functools.cache
def favicon_bytes():
    return Path(finders.find("favicon.ico")).read_bytes()


@require_safe
def favicon_ico(request):
    """Browsers and feed readers ask /favicon.ico for the icon, whatever a page links."""
    response = HttpResponse(favicon_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=FAVICON_MAX_AGE)
    return response
