"""Whole-page cache for anonymous readers, never stale.

A cached page is stored under a key made of the request (scheme, host, path and query)
and the content generation, for no longer than until the next scheduled publication:

- the generation (newsroom/generation.py) is a number in the shared cache, bumped once a
  transaction that saved, deleted or re-linked any content row has committed, so every page
  ever cached stops being found the moment anything a reader could see changes;
- a page expires no later than the next scheduled article's time, so the pages cached
  before it are not served after it.

docs/operations.md explains the choice.
"""

import functools
import hashlib
import math
import threading
import time
from collections import OrderedDict, namedtuple
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import set_response_etag
from django.utils.http import http_date

from newsroom.generation import generation

# A request with one of these goes to Django: ConditionalGetMiddleware answers it.
CONDITIONAL_HEADERS = frozenset(
    ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
)
# What the cache holds for a page: `expires` is a POSIX time; the headers carry its ETag and
# Last-Modified, which ConditionalGetMiddleware compares.
StoredPage = namedtuple("StoredPage", ["expires", "status", "headers", "content"])
# In every page key, and changed with StoredPage's fields: a page the previous release stored
# in the shared cache is never read back into the new shape.
STORED_PAGE_FORMAT = 2
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


def page_key(environ):
    """The cache key of the page a request asks for, from its WSGI environ (`request.META`).

    Made from the raw environ, so CachedPageApplication can find a page before Django has built
    a request. The host in it is the raw header: a page is only ever stored after Django has
    checked that host against ALLOWED_HOSTS, so an unknown host finds nothing.
    """
    server = f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    address = "|".join(
        [
            scheme(environ),
            environ.get("HTTP_HOST") or server,
            environ.get("HTTP_X_FORWARDED_HOST", ""),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        ]
    )
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"newsroom:page:{STORED_PAGE_FORMAT}:{generation()}:{digest}"


def scheme(environ):
    """`request.scheme`, from the environ alone."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def page_lifetime():
    """Seconds a page made now may be served: never past the next scheduled publication."""
    lifetime = settings.PAGE_CACHE_SECONDS
    upcoming = next_publication(generation())
    if upcoming:
        lifetime = min(lifetime, math.floor(upcoming - time.time()))
    return lifetime


@functools.cache
def private_prefixes():
    """The admin, uploads and static files: never stored as pages."""
    return (
        reverse("admin:index"),
        "/" + settings.MEDIA_URL.lstrip("/"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )


class RecentPages:
    """The pages this worker stored or served last, up to a size: a hit needs no file or network
    read, no unpickling. Keys hold the generation, so a change is seen as soon as in the cache."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.pages = OrderedDict()
        self.size = 0
        # gunicorn's threaded workers share one instance.
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            stored = self.pages.get(key)
            if stored is not None:
                self.pages.move_to_end(key)
            return stored

    def put(self, key, stored):
        """Keep `stored` under `key`, replacing the copy held there (expired, or older)."""
        with self.lock:
            replaced = self.pages.pop(key, None)
            if replaced is not None:
                self.size -= len(replaced.content)
            self.pages[key] = stored
            self.size += len(stored.content)
            while self.size > self.max_bytes:
                _, oldest = self.pages.popitem(last=False)
                self.size -= len(oldest.content)

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.size = 0


recent_pages = RecentPages(max_bytes=16 * 1024 * 1024)


class PageCacheMiddleware:
    """Serves anonymous GET/HEAD requests for public pages from the cache.

    It sits outside every middleware but the request checks, so a stored page carries the
    security and CSP headers it was made with, and a hit costs one shared-cache read (the
    generation), one for the page unless this worker holds it, and no other work. A stored
    page keeps its ETag and Last-Modified: ConditionalGetMiddleware, outside this one, answers
    conditional requests for it as for every other page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        # Checks the host against ALLOWED_HOSTS before anything is looked up or stored for it.
        request.get_host()
        key = page_key(request.META)
        stored = stored_page(key)
        if stored is not None:
            return HttpResponse(stored.content, status=stored.status, headers=stored.headers)
        response = self.get_response(request)
        if request.method == "GET" and self.cacheable_response(response):
            self.store(key, response)
        return response

    def store(self, key, response):
        lifetime = page_lifetime()
        if lifetime < 1:
            return
        if not response.has_header("Last-Modified"):
            # Any change after this moment makes a new page, with a later date.
            response["Last-Modified"] = http_date()
        if not response.has_header("ETag"):
            # Hashed once here rather than by ConditionalGetMiddleware on every hit.
            set_response_etag(response)
        # One chunk: a feed is written in hundreds of small pieces, each a send() if served as is.
        response.content = response.content
        stored = StoredPage(
            expires=time.time() + lifetime,
            status=response.status_code,
            headers=dict(response.headers.items()),
            content=response.content,
        )
        cache.set(key, stored, lifetime)
        recent_pages.put(key, stored)

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


def stored_page(key):
    """The page stored under `key` and still fresh, from this worker's copies or the cache."""
    now = time.time()
    stored = recent_pages.get(key)
    if stored is not None and stored.expires > now:
        return stored
    # This worker's copy may have expired while another worker stored the page afresh.
    stored = cache.get(key)
    if stored is None or stored.expires <= now:
        return None
    recent_pages.put(key, stored)
    return stored


class CachedPageApplication:
    """Wraps the WSGI application: a plain GET for a stored page is answered before Django.

    A hit through PageCacheMiddleware still pays for Django's request: building it, the
    request signals (which check the database connections), and the middleware calls. Here a
    hit costs the generation read and a lookup. Anything this layer is not sure of (HEAD,
    conditional requests, a session cookie or Authorization header, a page not stored) goes
    to Django, where PageCacheMiddleware decides as before; it stores every page, so what is
    found here was made by Django for the same host, path and query.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        stored = self.lookup(environ)
        if stored is None:
            return self.application(environ, start_response)
        status = f"{stored.status} {HTTPStatus(stored.status).phrase}"
        start_response(status, list(stored.headers.items()))
        return [stored.content]

    def lookup(self, environ):
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or environ.get("REQUEST_METHOD") != "GET"
            # Never stored, and static files are most of a page view's requests.
            or environ.get("PATH_INFO", "").startswith(private_prefixes())
            or "HTTP_AUTHORIZATION" in environ
            or not CONDITIONAL_HEADERS.isdisjoint(environ)
            # Any mention of the session cookie's name sends the request to Django, which
            # reads the cookies properly: erring this way only costs a hit.
            or settings.SESSION_COOKIE_NAME in environ.get("HTTP_COOKIE", "")
        ):
            return None
        return stored_page(page_key(environ))
