"""A fixed corpus of hostile requests over every URL pattern: each one must be answered
below 500 (a 404, a 400, a redirect, a form error), never with a server error."""

import random
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

pytestmark = pytest.mark.django_db

SEED = 20211005  # Soyuz MS-19's launch: the same corpus every run
REQUESTS = 900

VALUES = {
    "int": ["0", "2021", "13", "99999999999999999999999999", "000000000000000000007"],
    "slug": ["challenge", "yulia-peresild", "a" * 400, "-", "_", "soyuz--ms-19", "0"],
    "str": ["%00", "%ff%fe", "%3Cscript%3E", "%D0%92%D1%8B%D0%B7%D0%BE%D0%B2", "..", "a" * 3000],
    "path": ["..%2f..%2fetc%2fpasswd", "%00.jpg", "renditions/x.webp", "a/" * 200, "%ff"],
}
SEGMENTS = [
    "%00",
    "%ff",
    "..%2f",
    "%2e%2e",
    "<script>alert(1)<%2fscript>",
    "%D0%92%D1%8B%D0%B7%D0%BE%D0%B2",
    "%F0%9F%9A%80",
    "'%20OR%201=1--",
    "x" * 5000,
    "%25%25",
    "index.php",
    ";jsessionid=1",
]
QUERIES = [
    "",
    "page=-1",
    "page=0",
    "page=abc",
    "page=99999999999999999999",
    "page=last",
    "page=1e9",
    "page=2&page=3",
    "q=%3Cscript%3Ealert(1)%3C/script%3E",
    "q=%00",
    "q=" + "x" * 5000,
    "q=%D0%92%D1%8B%D0%B7%D0%BE%D0%B2",
    "q=%27%20OR%201=1%20--",
    "q=%ff%fe",
    "q[]=1&q[]=2",
    "year=0&month=13",
    "o=-99&p=abc",
    "%ff=%fe",
    "&&&==&",
    "_changelist_filters=%ff",
    "&".join(f"field{n}=1" for n in range(1500)),
]
HEADERS = [
    {},
    {"HTTP_HOST": "evil.example"},
    {"HTTP_HOST": "127.0.0.1:99999999"},
    {"HTTP_ACCEPT_LANGUAGE": "xx-" * 300},
    {"HTTP_IF_MODIFIED_SINCE": "yesterday, probably"},
    {"HTTP_IF_NONE_MATCH": '"' * 60},
    {"HTTP_IF_MATCH": "*, W/"},
    {"HTTP_COOKIE": "sessionid=forged; csrftoken=%00%ff"},
    {"HTTP_X_FORWARDED_FOR": "not-an-address, 999.1.1.1"},
    {"HTTP_X_FORWARDED_PROTO": "gopher"},
    {"HTTP_RANGE": "bytes=9999-1"},
    {"HTTP_USER_AGENT": "A" * 10000},
    {"HTTP_ACCEPT": "application/json;q=abc"},
    {"HTTP_REFERER": "javascript:alert(1)"},
]
METHODS = ["GET"] * 6 + ["HEAD", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"]
BODIES = [None, "", "a=1", "%ff%fe", "{" * 1000, "csrfmiddlewaretoken=forged&q=1"]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """Hostile requests go through the page cache too, as in production."""
    settings.PAGE_CACHE_SECONDS = 600


def every_route(patterns=None, prefix=""):
    """Each URL pattern as a template: the literal route with `{converter}` placeholders."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if isinstance(entry.pattern, RegexPattern):
            route = re.sub(r"\(\?P<\w+>[^)]*\)", "{str}", route.strip("^$"))
            route = route.replace("\\", "")
        route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: "{" + (m.group(1) or "str") + "}", route)
        if isinstance(entry, URLResolver):
            yield from every_route(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def fill(route, rng):
    return "/" + re.sub(
        r"\{(\w+)\}", lambda m: rng.choice(VALUES.get(m.group(1), VALUES["str"])), route
    )


def corpus():
    rng = random.Random(SEED)
    routes = sorted(set(every_route()))
    requests = []
    # Every pattern at least once with plausible values, then random hostile combinations.
    for route in routes:
        requests.append(("GET", fill(route, rng), "", {}, None))
        # PostgreSQL refuses NUL in any query: every view must cope with it in parameters.
        requests.append(("GET", fill(route, rng), "q=%00&page=%00&o=%00", {}, None))
    while len(requests) < REQUESTS:
        path = fill(rng.choice(routes), rng)
        if rng.random() < 0.25:
            path = path.rstrip("/") + "/" + rng.choice(SEGMENTS) + rng.choice(["", "/"])
        requests.append(
            (
                rng.choice(METHODS),
                path,
                rng.choice(QUERIES),
                rng.choice(HEADERS),
                rng.choice(BODIES),
            )
        )
    return routes, requests


def sweep(client, requests):
    failures = []
    for method, path, query, headers, body in requests:
        target = f"{path}?{query}" if query else path
        extra = dict(headers)
        if body is not None:
            extra["content_type"] = "application/x-www-form-urlencoded"
        response = client.generic(method, target, body or "", **extra)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {method} {target[:160]} {headers}")
    return failures


def test_the_corpus_covers_every_url_pattern():
    routes, requests = corpus()
    assert len(requests) >= 500
    assert {"news/{slug}/", "admin/", "tags/{str}/", "race/", "media/{str}"} <= set(routes)


def test_hostile_requests_from_a_reader_never_cause_a_server_error(demo):
    _, requests = corpus()
    failures = sweep(Client(raise_request_exception=False), requests)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])


def test_hostile_requests_from_a_signed_in_editor_never_cause_a_server_error(demo, admin_user):
    routes, requests = corpus()
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    admin_requests = [request for request in requests if request[1].startswith("/admin/")]
    assert len(admin_requests) >= 100
    failures = sweep(client, admin_requests)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])
