from newsroom.tests.fixtures import newsroom, newsroom_at_scale  # noqa: F401
