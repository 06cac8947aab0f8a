"""The demo newsroom in tests, for every app's tests (the root conftest loads this plugin).

`demo` loads it for one test; `newsroom` once per test module, rolled back after it (loading
the demo makes its artwork and renditions, which takes a while; tests that only read share
one copy, and each still runs in its own savepoint, so writes stay private to it);
`newsroom_at_scale` the same, then ten times as much; `grow_demo` grows it inside a test.
"""

import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from .growth import grow_demo as _grow_demo


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    """The demo's pictures, drawn once a session and copied into each test's media folder."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def demo(db, settings, demo_media):
    """The demo newsroom, as `make run` shows it."""
    shutil.copytree(demo_media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    shutil.copytree(settings.MEDIA_ROOT, demo_media, dirs_exist_ok=True)


@pytest.fixture
def grow_demo():
    """`grow_demo(times)` adds `times` more of the demo's content (see demo/tests/growth.py)."""
    return _grow_demo


def _loaded_newsroom(django_db_blocker, demo_media, media_root, factor):
    # Reuse the pictures the session has already drawn (see `demo`).
    shutil.copytree(demo_media, media_root, dirs_exist_ok=True)
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        shutil.copytree(media_root, demo_media, dirs_exist_ok=True)
        if factor > 1:
            _grow_demo(factor - 1)
        yield factor
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker, demo_media, tmp_path_factory):
    """The demo newsroom, shared by the tests of one module."""
    media_root = tmp_path_factory.mktemp("media")
    yield from _loaded_newsroom(django_db_blocker, demo_media, media_root, 1)


@pytest.fixture(scope="module", params=[1, 10], ids=["demo", "demo-x10"])
def newsroom_at_scale(request, django_db_setup, django_db_blocker, demo_media, tmp_path_factory):
    """The demo newsroom, then ten times as much of everything a page lists."""
    media_root = tmp_path_factory.mktemp("media")
    yield from _loaded_newsroom(django_db_blocker, demo_media, media_root, request.param)
