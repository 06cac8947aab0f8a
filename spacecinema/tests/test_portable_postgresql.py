"""Moving a newsroom between SQLite and PostgreSQL through an archive, and back.

Needs PostgreSQL: marked `scaleout`, so .ci/run's second pass (scripts/with-servers) runs it.
This process works on the PostgreSQL test database; a manage.py subprocess works on a SQLite
file beside it.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from .lived import can_sign_in, live_a_day, state
from .test_portable import empty_the_newsroom, export, members, restore

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]


def on_sqlite(tmp_path, *arguments):
    environment = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL"}} | {
        "DJANGO_SETTINGS_MODULE": "spacecinema.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'newsroom.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "sqlite-media"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


def test_a_newsroom_moves_from_sqlite_to_postgresql_and_back_unchanged(demo, client, tmp_path):
    assert connection.vendor == "postgresql", (
        "this test needs DATABASE_URL pointing at PostgreSQL (.ci/run's second pass)"
    )
    people = live_a_day(client)
    before = state()
    from_postgresql = tmp_path / "from-postgresql.zip"
    from_sqlite = tmp_path / "from-sqlite.zip"
    back_on_postgresql = tmp_path / "back-on-postgresql.zip"
    export(from_postgresql)

    on_sqlite(tmp_path, "migrate", "--no-input", "--verbosity", "0")
    on_sqlite(tmp_path, "import_content", str(from_postgresql))
    on_sqlite(tmp_path, "export_content", str(from_sqlite))
    assert members(from_sqlite) == members(from_postgresql)

    empty_the_newsroom()
    restore(from_sqlite)
    assert state() == before
    export(back_on_postgresql)
    assert back_on_postgresql.read_bytes() == from_postgresql.read_bytes()
    for user in people:
        assert can_sign_in(client, user)
