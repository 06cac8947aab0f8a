"""Test settings: production settings with a throwaway secret and no HTTPS redirect."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from spacecinema.settings import *  # noqa: E402, F403

# Static files straight from the app folders: no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
