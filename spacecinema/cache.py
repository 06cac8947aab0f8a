"""Whole-page cache for anonymous readers, never stale, evicting only what a change shows.

A page is stored under a key made of the request (scheme, host, path and query), with the
change sequence read when its request began and the dependency keys its view recorded
(newsroom/dependencies.py; "site", which every public change changes, if it recorded none). It
is served while none of those keys has changed since that sequence, as this worker's change
log (newsroom/changes.py) knows once caught up with the shared one: one shared-cache read.

A scheduled article's time coming is a change like the others, found with no job: the next
publication time is kept in the shared cache with the sequence it was worked out at; the first
request past it records what became visible (once, whichever worker comes first) and works out
the next one. No stored page is served until that is done.

PAGE_CACHE_SECONDS is how long a page nobody asks for stays in the shared cache: a page served
past half of it is kept that long again, so a page that is read stays warm while it is fresh.

docs/operations.md explains the choice.
"""

import datetime
import functools
import hashlib
import threading
import time
from collections import OrderedDict, namedtuple
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

from newsroom.changes import ENTRY_SECONDS, SCHEDULE, SITE, ChangeLog, record
from newsroom.dependencies import TODAY
from newsroom.links import without_tracking

from . import http_cache
from .conditional import set_response_etag

# A request with one of these goes to Django: ConditionalGetMiddleware answers it.
CONDITIONAL_HEADERS = frozenset(
    ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
)
# What the cache holds for a page: the change sequence its request began at and the keys it
# recorded (fresh while none changed after it), when its time in the shared cache was last
# renewed (a POSIX time), its status and cache policy (http_cache.py), and its variants:
# {coding: (headers, content)}, "" for the bytes as made and "br", "gzip" compressed once, here,
# each with its own Content-Length and ETag. Cache-Control is added as it is served: its
# lifetimes end at the next scheduled publication. ConditionalGetMiddleware compares the ETag
# and Last-Modified of the variant served.
StoredPage = namedtuple(
    "StoredPage", ["sequence", "keys", "renewed", "status", "policy", "variants", "size"]
)
# In every page key, and changed with StoredPage's fields: a page the previous release stored
# in the shared cache is never read back into the new shape.
STORED_PAGE_FORMAT = 4
# (change sequence, POSIX time of the next scheduled publication or midnight if sooner, the
# date then): true while nothing was scheduled or unscheduled after that sequence.
NEXT_PUBLICATION = "newsroom:next-time"
# Held by the worker recording a publication whose time has come; should it fail, another
# takes over once this has passed.
PUBLISHING_SECONDS = 30


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
            without_tracking(environ.get("QUERY_STRING", "")),
            # A browser opening a feed gets it as XML, to show with its stylesheet; a feed
            # reader, as a feed (articles/feeds.py content_type; the response varies by Accept).
            "page" if "text/html" in environ.get("HTTP_ACCEPT", "") else "",
        ]
    )
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"newsroom:page:{STORED_PAGE_FORMAT}:{digest}"


def scheme(environ):
    """`request.scheme`, from the environ alone."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


class RecentPages:
    """The pages this worker stored or served last, up to a size: a hit needs no file or network
    read, no unpickling. Each is checked against the change log like a page from the cache."""

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
        """Keep `stored` under `key`, replacing the copy held there (stale, or older)."""
        with self.lock:
            replaced = self.pages.pop(key, None)
            if replaced is not None:
                self.size -= replaced.size
            self.pages[key] = stored
            self.size += stored.size
            while self.size > self.max_bytes:
                _, oldest = self.pages.popitem(last=False)
                self.size -= oldest.size


class Worker:
    """What one worker process knows: its view of the change log, its recent pages, and the
    next scheduled publication as last seen."""

    def __init__(self):
        self.log = ChangeLog()
        self.pages = RecentPages(max_bytes=16 * 1024 * 1024)
        self.publication = None


# This process's; tests put another in its place to play a second worker.
worker = Worker()


def upcoming_publication():
    """When the next scheduled article appears or the date turns, whichever is sooner (a POSIX
    time), if known to be current at the sequence the log was last caught up with; None if
    not."""
    log = worker.log
    for read in (lambda: worker.publication, lambda: cache.get(NEXT_PUBLICATION)):
        known = read()
        if known is not None and log.unchanged_since(known[0], {SCHEDULE}):
            worker.publication = known
            return known[1]
    return None


def work_out_next_publication():
    """Find when the next scheduled article appears, or the next midnight if sooner (TODAY
    changes then), and share it; returns the POSIX time."""
    from articles.changes import next_publication_after

    # Read before the database: a schedule changed after it is a later change.
    sequence = worker.log.sync()
    now = timezone.now()
    today = timezone.localdate(now)
    upcoming = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    scheduled = next_publication_after(now)
    if scheduled and scheduled < upcoming:
        upcoming = scheduled
    known = (sequence, upcoming.timestamp(), today.isoformat())
    cache.set(NEXT_PUBLICATION, known, ENTRY_SECONDS)
    worker.publication = known
    return known[1]


def publication_settled():
    """Whether the stored pages are as the schedule leaves them: works out the next publication
    time if unknown, and records a publication whose time has come as a change, once however
    many workers see it. False while another worker is recording one."""
    from articles.changes import published_between
    from articles.tallies import settle_expiries

    upcoming = upcoming_publication()
    if upcoming is None:
        upcoming = work_out_next_publication()
    if not upcoming or upcoming > time.time():
        return True
    if not cache.add(f"{NEXT_PUBLICATION}:{upcoming}", True, PUBLISHING_SECONDS):
        return False
    due = datetime.datetime.fromtimestamp(upcoming, datetime.UTC)
    now = timezone.now()
    # Nothing to commit: the database holds the article already, and only time has passed.
    keys = {SCHEDULE, *published_between(due, now)}
    if worker.publication[2] != timezone.localdate(now).isoformat():
        keys.add(TODAY)
    record(keys | {SITE} if keys != {SCHEDULE} else keys)
    # Expiries that have passed leave the stored lists now, once, so reads stop taking them
    # off one by one (they are exact either way).
    settle_expiries()
    work_out_next_publication()
    return True


@functools.cache
def private_prefixes():
    """The admin, previews shared by link, uploads and static files: never stored as pages."""
    from articles import preview_links

    return (reverse("admin:index"), preview_links.address_prefix(), *file_prefixes())


@functools.cache
def file_prefixes():
    """Uploads and static files: the same for everyone, with cache headers of their own."""
    return ("/" + settings.MEDIA_URL.lstrip("/"), "/" + settings.STATIC_URL.lstrip("/"))


def seconds_to_publication():
    """Seconds until the next scheduled publication or midnight, as last worked out; None if
    unknown."""
    upcoming = upcoming_publication()
    return upcoming - time.time() if upcoming else None


def vary_on_encoding(response):
    """Say the response differs by Accept-Encoding (without parsing a Vary it lacks)."""
    if response.has_header("Vary"):
        patch_vary_headers(response, ("Accept-Encoding",))
    else:
        response["Vary"] = "Accept-Encoding"


def served(stored, environ, seconds_left):
    """(headers, content) of the variant of `stored` the request accepts."""
    coding = http_cache.accepted_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
    headers, content = stored.variants.get(coding) or stored.variants[""]
    return [*headers, ("Cache-Control", http_cache.cache_control(stored.policy, seconds_left))], (
        content
    )


class PageCacheMiddleware:
    """Serves anonymous GET/HEAD requests for public pages from the cache, and says what
    browsers and shared caches may keep of every response (http_cache.py).

    It sits outside every middleware but the request checks, so a stored page carries the
    security and CSP headers it was made with, and a hit costs one shared-cache read (the
    change sequence), one for the page unless this worker holds it, and no other work. A stored
    page keeps its ETag and Last-Modified: ConditionalGetMiddleware, outside this one, answers
    conditional requests for it as for every other page.

    Every public page's response carries the keys it depends on as `dependency_keys`, and names
    them in its surrogate keys.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.public_request(request):
            return self.private(request, self.get_response(request))
        if not self.served_host(request):
            # Django's own answer (400) is made inside; no cache may keep it.
            response = self.get_response(request)
            response["Cache-Control"] = http_cache.UNCACHEABLE
            return response
        if settings.PAGE_CACHE_SECONDS <= 0:
            response = self.get_response(request)
            return self.finish(request, response, self.describe(request, response), None)
        key = page_key(request.META)
        worker.log.sync()
        settled = publication_settled()
        # What the page is made from is at least as new as this: read before it is made.
        sequence = worker.log.seen
        stored = stored_page(key) if settled else None
        if stored is not None:
            return self.respond(request, stored)
        response = self.get_response(request)
        policy = self.describe(request, response)
        if policy and self.made_stale(sequence, response.dependency_keys):
            policy = None
        elif policy and request.method == "GET" and self.cacheable_response(response):
            return self.respond(request, self.store(key, response, sequence, policy))
        return self.finish(request, response, policy, seconds_to_publication())

    def served_host(self, request):
        """Whether the request's host is one the site serves (ALLOWED_HOSTS): checked before
        anything is looked up or stored for it."""
        try:
            request.get_host()
        except DisallowedHost:
            return False
        return True

    def respond(self, request, stored):
        headers, content = served(stored, request.META, seconds_to_publication())
        response = HttpResponse(content, status=stored.status, headers=dict(headers))
        response.dependency_keys = stored.keys
        return response

    def describe(self, request, response):
        """Record the keys the view recorded ("site", every public change, if none) on the
        response and in its surrogate keys; returns its cache policy, None if no shared cache
        may keep it."""
        keys = frozenset(getattr(request, "dependencies", ()) or {SITE})
        response.dependency_keys = keys
        cache_control = response.get("Cache-Control", "")
        if response.cookies or "private" in cache_control or "no-store" in cache_control:
            return None
        policy = http_cache.policy_name(response)
        if policy is not None:
            for name, value in http_cache.surrogate_headers(keys).items():
                response[name] = value
        return policy

    def finish(self, request, response, policy, seconds_left):
        """Cache-Control for a response not stored, compressed if the reader accepts it."""
        if response.cookies:
            response["Cache-Control"] = http_cache.PRIVATE
        elif policy is not None:
            response["Cache-Control"] = http_cache.cache_control(policy, seconds_left)
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = http_cache.UNCACHEABLE
        if http_cache.compressible(response):
            vary_on_encoding(response)
            coding = http_cache.accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
            if coding:
                content = http_cache.encode(response.content, coding)
                if len(content) < len(response.content):
                    response.content = content
                    response["Content-Encoding"] = coding
                    response["Content-Length"] = str(len(content))
                    if response.has_header("ETag"):
                        response["ETag"] = http_cache.encoded_etag(response["ETag"], coding)
        return response

    def private(self, request, response):
        """A signed-in editor's page, the admin, a POST: no cache may keep or share it."""
        if not request.path.startswith(file_prefixes()):
            cache_control = response.get("Cache-Control", "")
            if "private" not in cache_control or "no-store" not in cache_control:
                response["Cache-Control"] = http_cache.PRIVATE
        return response

    def made_stale(self, sequence, keys):
        """Whether what the page shows changed while it was made. Its purge has gone out, or is
        on its way: an HTTP cache in front must not keep the page made before it. Only asked
        with purging on (it costs a shared-cache read)."""
        if not settings.HTTP_CACHE_PURGE_URLS:
            return False
        worker.log.sync()
        return not worker.log.unchanged_since(sequence, keys)

    def store(self, key, response, sequence, policy):
        if not response.has_header("Last-Modified"):
            # Any change after this moment makes a new page, with a later date.
            response["Last-Modified"] = http_date()
        if not response.has_header("ETag"):
            # Hashed once here rather than by ConditionalGetMiddleware on every hit.
            set_response_etag(response)
        content = response.content
        compressible = http_cache.compressible(response)
        if compressible:
            vary_on_encoding(response)
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in {"cache-control", "content-length"}
        ]
        variants = {"": (tuple(headers + [("Content-Length", str(len(content)))]), content)}
        if compressible:
            etag = response["ETag"]
            without_etag = [(name, value) for name, value in headers if name.lower() != "etag"]
            for coding in http_cache.ENCODINGS:
                encoded = http_cache.encode(content, coding)
                if len(encoded) < len(content):
                    variants[coding] = (
                        (
                            *without_etag,
                            ("ETag", http_cache.encoded_etag(etag, coding)),
                            ("Content-Encoding", coding),
                            ("Content-Length", str(len(encoded))),
                        ),
                        encoded,
                    )
        stored = StoredPage(
            sequence=sequence,
            keys=frozenset(response.dependency_keys),
            renewed=time.time(),
            status=response.status_code,
            policy=policy,
            variants=variants,
            size=sum(len(body) for _, body in variants.values()),
        )
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        worker.pages.put(key, stored)
        return stored

    def public_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(private_prefixes())
            # A signed-in editor may see drafts and edit links: their pages are never shared.
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def cacheable_response(self, response):
        return (
            response.status_code == 200
            and not response.streaming
            and http_cache.content_type(response) in http_cache.PAGE_TYPES
        )


def stored_page(key):
    """The page stored under `key`, if none of its keys changed since it was made, from this
    worker's copies or the cache. Call it after catching up with the change log."""
    log = worker.log
    stored = worker.pages.get(key)
    if stored is None or not log.unchanged_since(stored.sequence, stored.keys):
        # This worker's copy may be stale while another worker stored the page afresh.
        stored = cache.get(key)
        if stored is None or not log.unchanged_since(stored.sequence, stored.keys):
            return None
        worker.pages.put(key, stored)
    if time.time() - stored.renewed > settings.PAGE_CACHE_SECONDS / 2:
        # Still asked for: kept in the shared cache for another lifetime.
        stored = stored._replace(renewed=time.time())
        if not cache.touch(key, settings.PAGE_CACHE_SECONDS):
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        worker.pages.put(key, stored)
    return stored


class CachedPageApplication:
    """Wraps the WSGI application: a plain GET for a stored page is answered before Django.

    A hit through PageCacheMiddleware still pays for Django's request: building it, the
    request signals (which check the database connections), and the middleware calls. Here a
    hit costs the change sequence's read and a lookup. Anything this layer is not sure of
    (HEAD, conditional requests, a session cookie or Authorization header, a page not stored,
    a scheduled publication due or not known) goes to Django, where PageCacheMiddleware
    decides as before; it stores every page, so what is found here was made by Django for the
    same host, path and query.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        stored, upcoming = self.lookup(environ)
        if stored is None:
            return self.application(environ, start_response)
        headers, content = served(stored, environ, upcoming - time.time() if upcoming else None)
        start_response(f"{stored.status} {HTTPStatus(stored.status).phrase}", headers)
        return [content]

    def lookup(self, environ):
        """The stored page answering `environ`, if sure, with the time of the next scheduled
        publication; (None, None) if not."""
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
            return None, None
        worker.log.sync()
        upcoming = upcoming_publication()
        if upcoming is None or 0 < upcoming <= time.time():
            # Recorded in Django's request cycle, by PageCacheMiddleware.
            return None, None
        return stored_page(page_key(environ)), upcoming
