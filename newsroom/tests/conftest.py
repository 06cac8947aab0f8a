import pytest

from newsroom.tests import servers


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """The static files the scale-out tests' app servers serve, collected once."""
    return servers.collect_static(tmp_path_factory.mktemp("static"))
