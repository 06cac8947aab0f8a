"""Two app servers, one PostgreSQL database and one Redis cache, as in a scaled-out deployment."""

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from articles import cards
from articles.models import Article

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment():
    database = connection.settings_dict
    assert database["ENGINE"] == "django.db.backends.postgresql", (
        "the scale-out test needs DATABASE_URL pointing at PostgreSQL (.ci/run's second pass)"
    )
    assert os.environ.get("REDIS_URL"), "the scale-out test needs REDIS_URL (.ci/run's second pass)"
    # The servers must read and write the test database this process has just created.
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}"
        f"@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    environment = dict(os.environ)
    environment.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="spacecinema.settings",
        SECRET_KEY="scale-out-test-only-not-secret",
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1",
        WEB_CONCURRENCY="2",
        GUNICORN_ACCESS_LOG="",
        LOG_LEVEL="ERROR",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    return environment


@pytest.fixture
def app_servers(tmp_path):
    environment = server_environment()
    environment["STATIC_ROOT"] = str(tmp_path / "static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        timeout=300,
    )
    servers = []
    for name in ("first", "second"):
        port = free_port()
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 (closed below)
        process = subprocess.Popen(
            # `timeout` stops the server by itself should this test never reach its clean-up.
            ["timeout", "300", sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{port}", "spacecinema.wsgi"],
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append((f"http://127.0.0.1:{port}", process, log))
    try:
        for (url, process, _), name in zip(servers, ("first", "second"), strict=True):
            wait_until_serving(url, process, tmp_path / f"{name}.log")
        yield [url for url, _, _ in servers]
    finally:
        for (_, process, log), name in zip(servers, ("first", "second"), strict=True):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
            # Shown by pytest only when the test fails.
            print(f"--- the {name} server's log ---\n{(tmp_path / f'{name}.log').read_text()}")


def wait_until_serving(url, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the app server stopped while starting:\n{log.read_text()}"
        try:
            address = urllib.parse.urlsplit(url)
            with socket.create_connection((address.hostname, address.port)):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not start within a minute")


def read(url, opener=None):
    with (opener or urllib.request.build_opener()).open(url, timeout=30) as response:
        return response.read().decode()


class Browser:
    """An editor's browser: keeps cookies, sends the CSRF token with forms."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        return read(self.base + path, self.opener)

    def post(self, path, fields):
        """Submits the form on `path` as a browser would: its hidden fields, then `fields`."""
        page = self.get(path)
        hidden = {}
        for tag in re.findall(r"<input[^>]*>", page):
            name = re.search(r'name="([^"]+)"', tag)
            if 'type="hidden"' in tag and name:
                value = re.search(r'value="([^"]*)"', tag)
                hidden[name.group(1)] = html.unescape(value.group(1)) if value else ""
        body = urllib.parse.urlencode({**hidden, **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()


def test_an_article_published_on_one_server_is_on_the_other_at_once(app_servers):
    first, second = app_servers
    get_user_model().objects.create_superuser("editor", password="correct horse battery")
    Article.objects.create(headline="Training begins", status=Article.Status.PUBLISHED)

    assert "Training begins" in read(second + "/news/")
    # The second server now serves its page from the shared cache: a change made without
    # telling the cache stays invisible there (a write past save(), then its card rendered
    # again as `refresh_tallies` would, neither of which evicts a page)...
    Article.objects.update(headline="Training begins in Star City")
    cards.rebuild()
    assert "Star City" not in read(second + "/news/")

    editor = Browser(first)
    landed, _ = editor.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "correct horse battery", "next": "/admin/"},
    )
    assert landed.endswith("/admin/")
    editor.post(
        "/admin/articles/article/add/",
        {
            "headline": "Crew lands safely",
            "slug": "",
            "standfirst": "",
            "body": "The Soyuz capsule landed in Kazakhstan.",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "lead_image_alt": "",
            "lead_image_caption": "",
            "lead_image_credit": "",
            "tags": "",
            "sources-TOTAL_FORMS": "0",
            "sources-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "_publish": "Publish",
        },
    )
    assert Article.objects.published().filter(headline="Crew lands safely").exists()

    # ...while publishing through the first server reaches the second one's cache at once.
    page = read(second + "/news/")
    assert "Crew lands safely" in page
    assert "Training begins in Star City" in page
    article = Article.objects.get(headline="Crew lands safely")
    assert "The Soyuz capsule landed in Kazakhstan." in read(second + article.get_absolute_url())
