"""Whole-page cache for anonymous readers, never stale.

A cached page is stored under a key made of the request (scheme, host, path and query),
the content generation and the next scheduled publication time:

- the generation is a number in the shared cache, bumped once a transaction that saved,
  deleted or re-linked any content row has committed, so every page ever cached stops
  being found the moment anything a reader could see changes;
- the next scheduled publication time changes by itself when a scheduled article's
  time arrives, so the pages cached before it are not found after it.

docs/operations.md explains the choice.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import set_response_etag
from django.utils.http import http_date

GENERATION_KEY = "newsroom:generation"
CONTENT_APPS = {"articles", "people", "projects", "taggit"}
CACHEABLE_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
    "text/plain",
)


def generation():
    current = cache.get(GENERATION_KEY)
    if current is None:
        # Start from the clock, not from 1: a generation evicted from the cache must never
        # come back as a number that older cached pages were stored under.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed():
    """Forget every cached page once the current transaction commits."""
    transaction.on_commit(bump_generation)


def next_publication(current_generation):
    """When the next scheduled article appears (a POSIX timestamp), or 0 if none is scheduled."""
    from articles.models import Article

    key = f"newsroom:next-publication:{current_generation}"
    now = timezone.now()
    upcoming = cache.get(key)
    if upcoming is None or (upcoming and upcoming <= now.timestamp()):
        earliest = Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now
        ).aggregate(earliest=Min("published_at"))["earliest"]
        upcoming = earliest.timestamp() if earliest else 0
        cache.set(key, upcoming, settings.PAGE_CACHE_SECONDS)
    return upcoming


def page_key(request):
    current = generation()
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"newsroom:page:{current}:{next_publication(current)}:{digest}"


def _on_content_saved(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        content_changed()


post_save.connect(_on_content_saved, dispatch_uid="newsroom.cache.saved")
post_delete.connect(_on_content_saved, dispatch_uid="newsroom.cache.deleted")
m2m_changed.connect(_on_content_saved, dispatch_uid="newsroom.cache.relinked")


def private_prefixes():
    """The admin, uploads and static files: never stored as pages."""
    return (
        reverse("admin:index"),
        "/" + settings.MEDIA_URL.lstrip("/"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )


class PageCacheMiddleware:
    """Serves anonymous GET/HEAD requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if request.method == "GET" and self.cacheable_response(response):
            if not response.has_header("Last-Modified"):
                # Any change after this moment makes a new page, with a later date.
                response["Last-Modified"] = http_date()
            if not response.has_header("ETag"):
                # Hashed once here rather than by ConditionalGetMiddleware on every hit.
                set_response_etag(response)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    def cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(private_prefixes())
            # A signed-in editor may see drafts and edit links: their pages are never shared.
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def cacheable_response(self, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and content_type in CACHEABLE_TYPES
            and "private" not in cache_control
            and "no-store" not in cache_control
        )
