"""The benchmark's yardstick: one Django view returning a short page, no database, no templates,
served by the same gunicorn configuration as the site."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("SECRET_KEY", "reference-only"),
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)


def hello(request):
    return HttpResponse("<!doctype html><title>Reference</title><p>Hello from orbit.</p>")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
