"""Allowances of requests per client or per address, counted in the shared cache so that every
app server counts the same: password resets, API requests, requests to follow by email."""

import time

from django.core.cache import cache


def counted_within(name, limit, window_seconds):
    """Counts one more use of the allowance `name` and says whether it is still within `limit`
    for the current window of `window_seconds`.

    A fixed window named by the site's clock (not the cache server's): one increment per use,
    and each window's count expires on its own once the window has passed."""
    key = f"{name}:{int(time.time() // window_seconds)}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
