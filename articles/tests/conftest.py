import pytest

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
