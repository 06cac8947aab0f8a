"""Real servers on loopback for the scale-out tests: gunicorn app servers sharing the test's
PostgreSQL database and Redis cache, Varnish with the repository's VCL in front of them, and an
editor's browser. Each server stops by itself (`timeout`) should a test never reach its
clean-up."""

import contextlib
import html
import http.client
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.varnish import varnishd_command
from newsroom.tests.admin_forms import form_data

BASE_DIR = Path(settings.BASE_DIR)
# Longer than any scale-out test; `timeout` ends a server its test left running.
TIME_LIMIT_SECONDS = 300


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


class Process:
    """A server started under `timeout`, its output in a log file."""

    def __init__(self, name, command, log_path, **options):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            ["timeout", str(TIME_LIMIT_SECONDS), *command],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            **options,
        )

    def wait_until_listening(self, port):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (
                f"the {self.name} stopped while starting:\n{self.log_path.read_text()}"
            )
            try:
                with socket.create_connection(("127.0.0.1", port)):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"the {self.name} did not start within a minute")

    def stop(self):
        if self.log.closed:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        # Shown by pytest only when the test fails.
        print(f"--- the {self.name}'s log ---\n{self.log_path.read_text(errors='replace')}")


class AppServer(Process):
    def __init__(self, name, directory, environment):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__(
            f"{name} app server",
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{self.port}", "spacecinema.wsgi"],
            directory / f"{name}.log",
            cwd=BASE_DIR,
            env=environment,
        )


def collect_static(directory):
    """Collects the static files into `directory`, as a deployment does once per release."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "spacecinema.settings",
        "SECRET_KEY": "scale-out-test-only-not-secret",
        "DEBUG": "0",
        "STATIC_ROOT": str(directory),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        timeout=300,
    )
    return directory


@contextlib.contextmanager
def app_servers(directory, static_root, **environment):
    """Two gunicorn servers on loopback ports sharing the test's database and cache, serving the
    static files collected in `static_root`, with `environment` added to theirs; stopped on
    leaving."""
    environment = {**server_environment(), "STATIC_ROOT": str(static_root), **environment}
    servers = [AppServer(name, directory, environment) for name in ("first", "second")]
    try:
        for server in servers:
            server.wait_until_listening(server.port)
        yield servers
    finally:
        for server in servers:
            server.stop()


class Varnish(Process):
    """Varnish with the repository's VCL (deploy/varnish/run-varnishd) in front of `servers`,
    the purge ACL allowing 127.0.0.1 only, on its own working directory and port."""

    def __init__(self, directory, port, servers):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        command = varnishd_command(directory, port, [server.port for server in servers])
        self.workdir = directory / "varnish"
        super().__init__("varnish", command, directory / "varnish.log")
        self.wait_until_listening(port)

    def counter(self, name):
        """One of Varnish's counters, e.g. MAIN.cache_hit."""
        output = subprocess.run(
            [program("varnishstat"), "-n", str(self.workdir), "-1", "-f", name],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
        return int(output.split()[1])


def program(name):
    """A program of Debian's varnish package (varnishd is in /usr/sbin, off a user's PATH)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")


class Response:
    def __init__(self, status, headers, text):
        self.status = status
        self.headers = headers
        self.text = text


def request(url, method="GET", headers=None, source=None):
    """One HTTP request, on a connection of its own (from the address `source` if given);
    every status is returned as it is."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname,
        parts.port,
        timeout=30,
        source_address=(source, 0) if source else None,
    )
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path or "/", headers=headers or {})
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read().decode(errors="replace"))
    finally:
        connection.close()


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
        return self.submit(path, {**hidden, **fields})

    def edit(self, path, **changes):
        """Submits the change form on `path` with every field as it stands but `changes`."""
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.submit(path, {**form_data(page, **changes), "csrfmiddlewaretoken": token})

    def submit(self, path, fields):
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def publish(self, headline, tags=""):
        """Publishes a new article through the admin's add form, under a byline (the
        checklist refuses an article without one) and past the checklist's warnings."""
        from articles.models import Author

        byline, _ = Author.objects.get_or_create(slug="wire-desk", defaults={"name": "Wire desk"})
        return self.post(
            "/admin/articles/article/add/",
            {
                "authors": str(byline.pk),
                "publish_despite_warnings": "on",
                "headline": headline,
                "slug": "",
                "standfirst": "",
                "body": "The Soyuz capsule landed in Kazakhstan.",
                "status": "published",
                "published_at_0": "",
                "published_at_1": "",
                "lead_image_alt": "",
                "lead_image_caption": "",
                "lead_image_credit": "",
                "tags": tags,
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
                "corrections-TOTAL_FORMS": "0",
                "corrections-INITIAL_FORMS": "0",
                "_publish": "Publish",
            },
        )

    def sign_in(self, username, password):
        landed, _ = self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        assert landed.endswith("/admin/")
