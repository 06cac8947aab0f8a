"""gunicorn settings for `make run` and production; each can be overridden from the environment."""

import gc
import multiprocessing
import os

host = os.environ.get("HOST", "127.0.0.1")
bind = os.environ.get("BIND", f"{host}:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
# Loading the app before forking shares its memory between workers and fails fast on bad settings.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = 50
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Access log to stdout by default; an empty GUNICORN_ACCESS_LOG turns it off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "spacecinema"
# One control socket per user by default: several servers on one box (app servers, the
# benchmark, tests) would fight over it. GUNICORN_CONTROL_SOCKET turns it on at a path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def pre_fork(server, worker):
    # What the master loaded lives as long as each worker: frozen, a worker's full garbage
    # collection walks only its own objects, not the whole app (a pause in the slowest
    # requests), and never writes to those shared pages, which would copy them per worker.
    gc.freeze()
