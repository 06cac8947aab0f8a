"""Requests through the real WSGI entry point (`spacecinema.wsgi.application`), as gunicorn
makes them, and the workers that answer them."""

import contextlib
import io
import sys

from django.core.signals import request_started

from spacecinema import cache as page_cache
from spacecinema import wsgi


def call(path="/", method="GET", application=None, **headers):
    """One request through `application` (the site's WSGI entry point unless given)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = dict(response_headers)

    chunks = (application or wsgi.application)(environ, start_response)
    try:
        answer["raw"] = b"".join(chunks)
        # A compressed body is the test's to decompress.
        if "Content-Encoding" not in answer["headers"]:
            answer["body"] = answer["raw"].decode()
    finally:
        getattr(chunks, "close", lambda: None)()
    return answer


@contextlib.contextmanager
def requests_reaching_django():
    """The paths of the requests that reached Django's handler (the others were answered from
    stored pages before it)."""
    seen = []

    def count(sender, environ, **kwargs):
        seen.append(environ["PATH_INFO"])

    request_started.connect(count)
    try:
        yield seen
    finally:
        request_started.disconnect(count)


@contextlib.contextmanager
def as_worker(worker):
    """Requests inside are answered by `worker` (a page_cache.Worker): another gunicorn
    process, with its own view of the change log and its own recent pages, sharing the cache."""
    own = page_cache.worker
    page_cache.worker = worker
    try:
        yield worker
    finally:
        page_cache.worker = own
