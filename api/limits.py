"""How many API requests one client may make a minute, counted in the shared cache (every app
server's count is the same), by the client's address as the sign-in lockout works it out behind
the trusted proxy (AXES_CLIENT_IP_CALLABLE, spacecinema.security.client_address)."""

import time

from django.conf import settings
from django.utils.module_loading import import_string
from ninja.throttling import BaseThrottle

from newsroom.allowances import counted_within

WINDOW_SECONDS = 60


class PerClientLimit(BaseThrottle):
    """API_RATE_LIMIT_PER_MINUTE requests per clock minute from one address; 0 is no limit.

    A fixed window named by the minute, as password resets count theirs by the hour: one
    increment per request, and each count expires on its own."""

    def allow_request(self, request):
        limit = settings.API_RATE_LIMIT_PER_MINUTE
        if limit <= 0:
            return True
        client = import_string(settings.AXES_CLIENT_IP_CALLABLE)(request)
        return counted_within(f"api-requests:{client}", limit, WINDOW_SECONDS)

    def wait(self):
        # From the clock, not from allow_request(): one instance serves every thread.
        return WINDOW_SECONDS - time.time() % WINDOW_SECONDS
