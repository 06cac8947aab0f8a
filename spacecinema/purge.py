"""Purging an HTTP cache in front of the site (Varnish with the xkey module, or a CDN that takes
the same request) of exactly the keys each committed change touched.

Pages carry their dependency keys in `Surrogate-Key`; once a change is in the change log
(`newsroom.changes.recorded`), its keys are queued for every endpoint in
`settings.HTTP_CACHE_PURGE_URLS`, and a daemon thread per endpoint sends them as
`PURGE <path>` with `xkey-purge: key key ...`. The editor's request only queues them: the
network is never between a save and its answer. Keys queued while a request is on its way go
together in the next one. A failed request is retried with growing pauses, each failure logged
as a warning, and given up with an error once `HTTP_CACHE_PURGE_ATTEMPTS` have failed: pages
with those keys are then served until their `s-maxage` passes.
"""

import atexit
import http.client
import logging
import os
import threading
import time
import urllib.parse

from django.conf import settings
from django.core.signals import setting_changed

from newsroom.changes import EVERYTHING, recorded

from .http_cache import ALL

logger = logging.getLogger(__name__)

# Header values stay under what proxies accept in one header line; longer lists go in several
# requests.
MAX_HEADER_BYTES = 4000
FIRST_RETRY_SECONDS = 0.25
# A process that exits (a management command that changed content) sends what it queued, but
# is not held back for long by an endpoint that does not answer.
EXIT_WAIT_SECONDS = 5
# Answers that retrying cannot change: the cache refuses this client (not in its purge ACL) or
# does not know the method. 408 and 429 are worth another try.
REFUSED = frozenset(range(400, 500)) - {408, 429}


def header_values(keys):
    """The `xkey-purge` values that purge `keys`: space-separated, each under MAX_HEADER_BYTES."""
    names = [ALL] if EVERYTHING in keys or ALL in keys else sorted(keys)
    values, current = [], []
    length = 0
    for name in names:
        if current and length + 1 + len(name) > MAX_HEADER_BYTES:
            values.append(" ".join(current))
            current, length = [], 0
        length += len(name) + (1 if current else 0)
        current.append(name)
    if current:
        values.append(" ".join(current))
    return values


class Endpoint:
    """One purge URL: the keys waiting for it, and the thread that sends them."""

    def __init__(self, url, timeout, attempts, purger):
        parts = urllib.parse.urlsplit(url)
        self.url = url
        self.parts = parts
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.purger = purger
        self.waiting = set()
        self.busy = False
        self.thread = None

    def run(self):
        purger = self.purger
        while True:
            with purger.condition:
                while not self.waiting and not purger.stopping:
                    purger.condition.wait()
                if purger.stopping:
                    return
                keys, self.waiting = self.waiting, set()
                self.busy = True
            try:
                self.deliver(keys)
            finally:
                with purger.condition:
                    self.busy = False
                    purger.condition.notify_all()

    def deliver(self, keys):
        unsent = header_values(keys)
        pause = FIRST_RETRY_SECONDS
        for attempt in range(1, self.attempts + 1):
            failures = []
            for value in unsent:
                failure = self.send(value)
                if failure is not None:
                    failures.append((value, failure))
            if not failures:
                return
            unsent = [value for value, _failure in failures]
            count = sum(len(value.split()) for value in unsent)
            failure = failures[0][1]
            refused = isinstance(failure, int) and failure in REFUSED
            if attempt == self.attempts or refused:
                break
            logger.warning(
                "Purging %d keys at %s failed (attempt %d of %d): %s; trying again in %.2f s",
                count,
                self.url,
                attempt,
                self.attempts,
                describe(failure),
                pause,
            )
            if self.purger.stopped.wait(pause):
                return
            pause *= 2
        logger.error(
            "Gave up purging %d keys at %s after %d attempts (%s): pages with those keys may be "
            "stale in that cache until their s-maxage passes",
            count,
            self.url,
            attempt,
            describe(failure),
        )

    def send(self, value):
        """PURGE with `value` as its keys: None once the cache accepted it, else the status
        it answered or the error met on the way."""
        connection_class = (
            http.client.HTTPSConnection
            if self.parts.scheme == "https"
            else http.client.HTTPConnection
        )
        connection = connection_class(self.parts.hostname, self.parts.port, timeout=self.timeout)
        try:
            connection.request("PURGE", self.path, headers={"xkey-purge": value})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            return error
        finally:
            connection.close()
        if 200 <= response.status < 300:
            return None
        return response.status


def describe(failure):
    if isinstance(failure, int):
        return f"status {failure}"
    return f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__


class Purger:
    """This process's endpoints, their threads (started with the first keys) and their lock."""

    def __init__(self, urls, timeout, attempts):
        self.config = (tuple(urls), timeout, attempts)
        self.condition = threading.Condition()
        self.stopping = False
        self.stopped = threading.Event()
        self.endpoints = [Endpoint(url, timeout, attempts, self) for url in urls]

    def queue(self, keys):
        with self.condition:
            if self.stopping:
                return
            for endpoint in self.endpoints:
                endpoint.waiting |= keys
                if endpoint.thread is None:
                    endpoint.thread = threading.Thread(
                        target=endpoint.run, name=f"purge {endpoint.url}", daemon=True
                    )
                    endpoint.thread.start()
            self.condition.notify_all()

    def flush(self, timeout):
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.condition:
            while not self.stopping and any(
                endpoint.waiting or endpoint.busy for endpoint in self.endpoints
            ):
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self.condition.wait(left)
            return True

    def stop(self, timeout):
        with self.condition:
            self.stopping = True
            self.stopped.set()
            self.condition.notify_all()
        for endpoint in self.endpoints:
            if endpoint.thread is not None:
                endpoint.thread.join(timeout)


_lock = threading.Lock()
_purger = None


def _current():
    """The purger for the settings now; None when purging is off."""
    global _purger
    urls = settings.HTTP_CACHE_PURGE_URLS
    if not urls:
        return None
    config = (tuple(urls), settings.HTTP_CACHE_PURGE_TIMEOUT, settings.HTTP_CACHE_PURGE_ATTEMPTS)
    with _lock:
        if _purger is None or _purger.config != config:
            if _purger is not None:
                _purger.stop(timeout=0)
            _purger = Purger(*config)
        return _purger


def purge(keys):
    """Queue `keys` (dependency keys, or the change log's EVERYTHING) to be purged from every
    endpoint; returns at once. Does nothing when HTTP_CACHE_PURGE_URLS is empty."""
    purger = _current()
    if purger is not None and keys:
        purger.queue(set(keys))


def flush(timeout=None):
    """Wait until every key queued so far has been purged or given up on; False if `timeout`
    seconds passed first."""
    purger = _purger
    return True if purger is None else purger.flush(timeout)


def stop(timeout=None):
    """Stop the threads, dropping what they still hold; the next keys start new ones."""
    global _purger
    with _lock:
        purger, _purger = _purger, None
    if purger is not None:
        purger.stop(timeout)


def purge_recorded(sender, keys, **kwargs):
    purge(keys)


def _settings_changed(setting, **kwargs):
    if setting.startswith("HTTP_CACHE_PURGE_"):
        stop(timeout=0)


def _forget_in_child():
    # A forked worker has none of its parent's threads: it starts its own with its first keys.
    global _lock, _purger
    _lock = threading.Lock()
    _purger = None


os.register_at_fork(after_in_child=_forget_in_child)
atexit.register(flush, EXIT_WAIT_SECONDS)


def connect():
    """Purge on every recorded change: called once, from the app's ready()."""
    recorded.connect(purge_recorded, dispatch_uid="spacecinema.purge")
    setting_changed.connect(_settings_changed, dispatch_uid="spacecinema.purge")
