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


class HostPortMiddleware:
    """Answers 400 to a Host header whose port no server could listen on.

    Django checks the host name against ALLOWED_HOSTS but not the port, and code that builds
    absolute URLs from the request (feeds resolving relative links) chokes on "host:99999999".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.META.get("HTTP_HOST", "")
        _, _, port = host.rpartition(":") if not host.endswith("]") else ("", "", "")
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            return HttpResponseBadRequest("Bad Request: invalid port in the Host header")
        return self.get_response(request)
