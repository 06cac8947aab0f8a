"""A bench-only mark on every response Django renders, to count page-cache hits from outside.

Innermost in the middleware chain (bench/settings.py puts it there), so it runs only when a
request reaches the views: each response it sees gets an id no other response gets. A page the
cache stores keeps the headers it was made with, so a hit replays the id of the render it
stored; a client that remembers the ids it has seen knows each response for a render (an id
new to it) or a hit (an id seen before, or no id at all). Production settings never load it.
"""

import itertools
import os

HEADER = "X-Bench-Render"


class RenderMarkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.renders = itertools.count(1)

    def __call__(self, request):
        response = self.get_response(request)
        # The process id after the fork: gunicorn builds this instance once, before its workers.
        response[HEADER] = f"{os.getpid()}-{next(self.renders)}"
        return response
