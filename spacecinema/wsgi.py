import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spacecinema.settings")

# Settings are loaded by now: the page cache can be imported.
from spacecinema.cache import CachedPageApplication  # noqa: E402

application = CachedPageApplication(get_wsgi_application())
