"""Production settings plus the render mark (bench/renders.py), for the newsroom-at-work run."""

from spacecinema.settings import *  # noqa: F403

MIDDLEWARE = [*MIDDLEWARE, "bench.renders.RenderMarkMiddleware"]  # noqa: F405
