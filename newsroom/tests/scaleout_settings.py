"""Production settings for the app servers the scale-out test starts, serving the test pages."""

from spacecinema.settings import *  # noqa: F403

ROOT_URLCONF = "newsroom.tests.urls"
