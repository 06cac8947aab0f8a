"""Module-wide newsroom data: loaded once per test module, rolled back after it.

Loading the demo makes its artwork and renditions, which takes seconds; tests that only read
share one copy. Each test still runs in its own savepoint, so writes stay private to it.
"""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from .scale import multiply_demo


def _loaded_newsroom(django_db_blocker, demo_media, media_root, factor):
    # Reuse the pictures the session has already drawn (see the root conftest's `demo`).
    shutil.copytree(demo_media, media_root, dirs_exist_ok=True)
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        shutil.copytree(media_root, demo_media, dirs_exist_ok=True)
        if factor > 1:
            multiply_demo(factor)
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
