from django.conf import settings
from django.http import HttpResponseBadRequest


def client_address(request):
    """The reader's address: behind a trusted proxy, the one the proxy saw, else the peer's."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy appends the address it saw; anything before it the client could have forged.
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


class MalformedRequestMiddleware:
    """Answers 400 to requests no page could answer, before any view sees them.

    - A Host header whose port no server could listen on: Django checks the host name against
      ALLOWED_HOSTS but not the port, and code that builds absolute URLs from the request
      (feeds resolving relative links) fails on "host:99999999".
    - A NUL character in the path: PostgreSQL refuses it in any query, and a slug or a file
      name never holds one. (Query strings are the views' to judge: search answers "\\x00".)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.META.get("HTTP_HOST", "")
        _, _, port = ("", "", "") if host.endswith("]") else host.rpartition(":")
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            return HttpResponseBadRequest("Bad Request: invalid port in the Host header")
        if "\x00" in request.path:
            return HttpResponseBadRequest("Bad Request: NUL character in the address")
        return self.get_response(request)
