from newsroom.tests.fixtures import newsroom  # noqa: F401
