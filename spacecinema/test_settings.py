"""Test settings: production settings with a throwaway secret and no HTTPS redirect."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The address tests assert, whatever PORT the shell running them has (SITE_URL follows it).
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from spacecinema.settings import *  # noqa: E402, F403

# Static files straight from the app folders: no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# One test process needs no cache shared between processes, unless Redis is what is tested.
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Pages are rendered afresh in tests, so a test that counts a page's queries or reads it twice
# sees the page itself; the page cache's own tests (spacecinema/tests/test_cache.py) switch it on.
PAGE_CACHE_SECONDS = 0
