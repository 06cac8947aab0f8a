import pytest
import time_machine
from django.utils import timezone

from spacecinema.tests.test_year_of_editing import DatabaseClock

from .browser import log_in
from .factories import make_editor, make_writer


@pytest.fixture
def writer():
    return make_writer()


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def desk(chromium, live_server):
    """An editor's tab at 1280 px that enforces the site's CSP, signed in; `desk.refused`
    holds what the policy refused."""
    make_editor("eddie", "Eddie Editor")
    page = log_in(chromium, live_server, "eddie")
    yield page
    page.context.close()


class Clock:
    """Python's and the database's clocks, stopped and moved together."""

    def __init__(self, traveller, database):
        self.traveller, self.database = traveller, database

    def shift(self, delta):
        self.traveller.shift(delta)
        self.database.moved()


@pytest.fixture
def clock():
    database = DatabaseClock()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        database.start()
        yield Clock(traveller, database)
        database.stop()
