from urllib.parse import urljoin

from django.conf import settings


def absolute_url(url):
    """`url` resolved against SITE_URL: the public address that canonical links use."""
    return urljoin(settings.SITE_URL + "/", str(url))
