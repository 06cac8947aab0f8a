import functools
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from newsroom.dependencies import NEWS, PINS, TODAY, depends_on, row_key
from newsroom.images import share_image_url
from newsroom.links import absolute_url
from newsroom.rendering import url
from projects.models import Project
from tags.public import busiest_tags

from .home import LATEST_COUNT, stories


class HomeView(TemplateView):
    """The front page: the lead story, the featured stories, the latest news, the race box and
    the busiest tags."""

    template_name = "home.html"
    latest_count = LATEST_COUNT
    busiest_tag_count = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lead, featured, latest = stories()
        rivals = Project.objects.for_race_box()
        shown = [lead, *featured, *latest] if lead else [*featured, *latest]
        depends_on(
            self.request,
            NEWS,
            PINS,
            *(key for card in shown for key in card.keys),
            "race",
            *(row_key("project", rival.pk) for rival in rivals),
            # The race box's "next planned" turns with the date.
            TODAY,
            "tags",
        )
        context.update(
            lead=lead,
            lead_share_image=share_image_url(lead.image) if lead else "",
            featured=featured,
            latest=latest,
            rivals=rivals,
            busiest_tags=busiest_tags(self.busiest_tag_count),
            structured_data={
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": settings.SITE_NAME,
                "url": absolute_url(url("home")),
            },
        )
        return context


@require_safe
def healthz(request):
    """For load balancers and Varnish's probes: ok while this server can reach its database,
    an error otherwise, so a server that cannot build pages is taken out of rotation."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


@require_safe
def robots_txt(request):
    sitemap_url = absolute_url(reverse("sitemap"), request)
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@functools.cache
def favicon_bytes():
    return Path(finders.find("favicon.ico")).read_bytes()


@require_safe
def favicon_ico(request):
    """Browsers and feed readers ask /favicon.ico for the icon, whatever a page links."""
    # Kept a week, as HTTP_CACHE_POLICIES["file"] says: long, but a new icon reaches everyone.
    return HttpResponse(favicon_bytes(), content_type="image/x-icon")
