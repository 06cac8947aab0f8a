"""The outbox worker as a process: `manage.py outbox_worker` sends what is due and stops cleanly
on SIGTERM or Ctrl-C, and scripts/serve (what `make run` and `make serve-prod` exec) runs it
beside gunicorn, both stopping together with nothing left behind. Each process runs against a
throwaway SQLite database migrated once for the module, and stops by itself (`timeout`) should
a test never reach its clean-up."""

import http.client
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from newsroom.tests.servers import free_port

BASE_DIR = Path(settings.BASE_DIR)
TIME_LIMIT_SECONDS = 120


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("worker")
    database = folder / "newsroom.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "HTTP_CACHE_PURGE_URLS"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="spacecinema.settings",
        SECRET_KEY="worker-test-only-not-secret",
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1",
        CACHE_DIR=str(folder / "cache"),
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="",
        PYTHONUNBUFFERED="1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=TIME_LIMIT_SECONDS,
    )
    return env, database


def enqueue_raw(database, key):
    """A message as a committed change leaves it: an announcement of an article that is no
    longer there, which the worker completes without sending anything anywhere."""
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO newsroom_outboxmessage (kind, key, payload, status, attempts, due_at, "
            "created_at, last_error) VALUES ('article.event', ?, ?, 'pending', 0, "
            "strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now'), '')",
            (key, '{"article": 999999, "event": "unpublished", "correction": null, "key": "x"}'),
        )


def status_of(database, key):
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT status, attempts FROM newsroom_outboxmessage WHERE key = ?", (key,)
        ).fetchone()


def start(command, env, **options):
    return subprocess.Popen(
        ["timeout", str(TIME_LIMIT_SECONDS), *command],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **options,
    )


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def descendants(pid):
    """The process ids below `pid`, read from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_worker_sends_what_is_due_and_stops_on_a_signal(environment, signum):
    env, database = environment
    key = f"process-test-{signum}"
    enqueue_raw(database, key)
    worker = start(
        [sys.executable, "manage.py", "outbox_worker", "--interval", "0.2"],
        env,
    )
    try:
        assert wait_for(lambda: status_of(database, key) == ("sent", 1))
        # To the worker itself, below timeout(1): a service manager's stop, or Ctrl-C.
        for pid in descendants(worker.pid):
            os.kill(pid, signum)
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "Outbox worker started" in output
    assert "Sent 1, to be retried 0, failed 0." in output
    assert output.rstrip().endswith("Outbox worker stopped.")


def served(port):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/robots.txt")
        return connection.getresponse().status == 200
    except OSError:
        return False


@pytest.mark.parametrize(
    "how", ["SIGTERM to the script", "Ctrl-C to the terminal's group", "gunicorn ends"]
)
def test_make_run_serves_with_the_worker_beside_gunicorn_and_stops_both(environment, how):
    env, database = environment
    port = free_port()
    key = f"serve-test-{port}"
    enqueue_raw(database, key)
    serve = start(["scripts/serve"], {**env, "PORT": str(port)}, start_new_session=True)
    try:
        assert wait_for(lambda: served(port), seconds=60)
        assert wait_for(lambda: status_of(database, key) == ("sent", 1))
        below = descendants(serve.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in below]
        assert any(b"outbox_worker" in command for command in commands)
        assert any(b"gunicorn" in command for command in commands)

        if how == "SIGTERM to the script":
            script = next(
                pid for pid, c in zip(below, commands, strict=True) if b"scripts/serve" in c
            )
            os.kill(script, signal.SIGTERM)
        else:
            os.killpg(serve.pid, signal.SIGINT)
        output, _ = serve.communicate(timeout=30)
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
    assert "Outbox worker stopped." in output
    assert not [pid for pid in below if alive(pid)], output
    assert not served(port)


@pytest.mark.parametrize("target", ["run", "serve-prod"])
def test_make_run_and_serve_prod_serve_through_scripts_serve(target):
    plan = subprocess.run(
        # Under `make test` this make is a sub-make, which would name its directory last.
        ["make", "--dry-run", "--always-make", "--no-print-directory", target],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert plan.rstrip().endswith("exec scripts/serve")
    assert "gunicorn" not in plan
