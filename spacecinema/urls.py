from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles import feed_urls as article_feeds
from articles.admin.dashboard import index_view as desk_index
from newsroom.admin import view_on_site
from tags import feed_urls as tag_feeds

from . import accounts, sitemaps
from .feeds import FeedIndexView
from .media import serve_media
from .views import HomeView, favicon_ico, healthz, robots_txt

admin.site.site_header = "Space Cinema newsroom"
admin.site.site_title = "Space Cinema newsroom"
admin.site.index_title = "Newsroom"

# Every feed in one namespace ("feeds:news-rss", "feeds:tag-rss"), whichever app follows what.
feeds = (
    [
        path("", FeedIndexView.as_view(), name="index"),
        *article_feeds.urlpatterns,
        *tag_feeds.urlpatterns,
    ],
    "feeds",
)

urlpatterns = [
    # Ahead of the admin's own "view on site" redirect, which checks no permission.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    *accounts.urlpatterns,
    # The admin's own index, with the desk on it; reversed as "admin:index" as before.
    path("admin/", desk_index(admin.site)),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name=sitemaps.SECTION_VIEW),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon_ico, name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("", HomeView.as_view(), name="home"),
    path("", include("tags.urls")),
    path("feeds/", include(feeds)),
    path("", include("articles.urls")),
    path("", include("people.urls")),
    path("", include("projects.urls")),
    path("", include("search.urls")),
    path("", include("alerts.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve_media,
        )
    ]
