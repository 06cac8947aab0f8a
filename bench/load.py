"""make bench: the site under load with production settings, against a bare Django view.

    .venv/bin/python -m bench.load

Builds (once, kept in .bench/) a SQLite newsroom with the demo content plus
BENCH_ARTICLES generated articles, serves it with gunicorn.conf.py on 127.0.0.1, and
measures each page type with wrk: with the page cache off, warm, and after the pages'
cache lifetime (BENCH_EXPIRY_SECONDS) has passed once with nothing changed; then warm pages
through Varnish (bench/varnish.py). Prints the tables and writes docs/benchmarks.md, keeping
the section `make bench-newsroom` writes (bench/newsroom.py).
"""

import json
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / ".bench"
PYTHON = sys.executable
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ROTATION = int(os.environ.get("BENCH_ROTATION", "500"))  # distinct article pages cycled through
PRIMING_SECONDS = 120  # at most this long filling the cache before a warm row
# Longer than a row, so a page that expired once before its row does not expire again in it.
EXPIRY_SECONDS = int(os.environ.get("BENCH_EXPIRY_SECONDS", str(SECONDS + 5)))
DOCUMENT = BASE_DIR / "docs" / "benchmarks.md"
# Written by `make bench-newsroom`; `make bench` keeps it.
NEWSROOM_SECTION = "Newsroom at work"
DATABASE = BENCH_DIR / f"newsroom-{ARTICLES}.sqlite3"
ENVIRONMENT = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": f"sqlite:///{DATABASE}",
    "STATIC_ROOT": str(BENCH_DIR / "static"),
    "MEDIA_ROOT": str(BENCH_DIR / "media"),
    "GUNICORN_ACCESS_LOG": "",
    "LOG_LEVEL": "ERROR",
    "DJANGO_SETTINGS_MODULE": "spacecinema.settings",
    # wrk is one client: the API's per-client limit still counts every request (its cost is
    # measured), but is never reached.
    "API_RATE_LIMIT_PER_MINUTE": "1000000000",
}
ENVIRONMENT.pop("REDIS_URL", None)


def manage(*arguments):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=BASE_DIR, env=ENVIRONMENT, check=True)


def analyse_if_migrations_dropped_statistics():
    """SQLite alters a table by building it anew, which drops its statistics: without them
    the planner reads the articles by poor indexes and the pages measured are not the site's
    (the home page took seconds). The articles' indexes are the ones that matter."""
    connection = sqlite3.connect(DATABASE)
    try:
        missing = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'articles_article' AND name NOT IN "
            "(SELECT idx FROM sqlite_stat1 WHERE tbl = 'articles_article' AND idx IS NOT NULL)"
        ).fetchone()[0]
        if missing:
            print(f"Analysing the newsroom ({missing} article indexes without statistics)...")
            connection.execute("ANALYZE")
    finally:
        connection.close()


def build_newsroom():
    BENCH_DIR.mkdir(exist_ok=True)
    if DATABASE.exists():
        print(f"Using {DATABASE.relative_to(BASE_DIR)} ({ARTICLES} generated articles).")
    else:
        print(f"Building a newsroom with {ARTICLES} generated articles (once; kept in .bench/)...")
        partial = DATABASE.with_suffix(".partial")
        for leftover in [*BENCH_DIR.glob(f"{partial.name}*"), DATABASE.with_suffix(".indexed")]:
            leftover.unlink(missing_ok=True)
        ENVIRONMENT["DATABASE_URL"] = f"sqlite:///{partial}"
        manage("migrate", "--no-input", "--verbosity", "0")
        manage("load_demo")
        manage("generate_content", "--articles", str(ARTICLES), "--no-progress")
        ENVIRONMENT["DATABASE_URL"] = f"sqlite:///{DATABASE}"
        subprocess.run(
            [
                PYTHON,
                "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                "c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.execute('ANALYZE'); c.close()",
                str(partial),
            ],
            check=True,
        )
        partial.rename(DATABASE)
    manage("migrate", "--no-input", "--verbosity", "0")
    analyse_if_migrations_dropped_statistics()
    # Bulk-generated rows send no signals: the search index is built once, afterwards.
    indexed = DATABASE.with_suffix(".indexed")
    if not indexed.exists():
        print("Building the search index...")
        manage("rebuild_search_index", "--verbosity", "0")
        indexed.touch()
    manage("collectstatic", "--no-input", "--verbosity", "0")


def sample_paths():
    """Paths for each row, chosen from the data (no guessing of slugs)."""
    script = r"""
import json
from django.db.models import Count
from django.urls import reverse
from articles.models import Article, Author
from people.models import Organisation, Person
from projects.models import Project
from taggit.models import Tag
published = Article.objects.published()
articles = list(published.order_by("?").values_list("slug", flat=True)[:ROTATION])
tag = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n").first()
person = Person.objects.annotate(n=Count("articles")).order_by("-n").first()
busiest = lambda model: model.objects.annotate(n=Count("articles")).order_by("-n").first()
latest = published.latest("published_at").published_at
last_page = lambda count, size: max(1, -(-count // size))
print(json.dumps({
    "articles": [reverse("articles:detail", kwargs={"slug": slug}) for slug in articles],
    "tag": reverse("tags:detail", kwargs={"slug": tag.slug}),
    "tag_last_page": last_page(published.filter(tags=tag).count(), 20),
    "news_last_page": last_page(published.count(), 20),
    "news_sitemap_last_page": last_page(published.count(), 5000),
    "person": person.get_absolute_url(),
    "author": busiest(Author).get_absolute_url(),
    "organisation": busiest(Organisation).get_absolute_url(),
    "project": busiest(Project).get_absolute_url(),
    "year": reverse("articles:archive-year", kwargs={"year": latest.year}),
    "month": reverse("articles:archive-month", kwargs={"year": latest.year, "month": latest.month}),
    "race": reverse("projects:race"),
}))
""".replace("ROTATION", str(ROTATION))
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=BASE_DIR,
        env=ENVIRONMENT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with the repository's configuration, stopped by itself after `time_limit`
    seconds (an hour unless given) at most."""

    def __init__(self, application, extra_environment=None, time_limit=3600):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = ["timeout", str(time_limit), PYTHON, "-m", "gunicorn"]
        command += ["--config", "gunicorn.conf.py"]
        command += ["--bind", f"127.0.0.1:{self.port}", application]
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env={**ENVIRONMENT, **(extra_environment or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/", timeout=10):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not start for {application}")

    def workers(self):
        """Process ids of the gunicorn workers (grandchildren of `timeout`)."""
        children = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        masters = children.get(self.process.pid, [])
        return [pid for master in masters for pid in children.get(master, [])]

    def peak_memory_mb(self):
        peaks = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks, default=0.0)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def rotation_script(paths, name="rotate.lua"):
    script = BENCH_DIR / name
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        "-- Cycles through many article pages, so no one page's row stays in a cache.\n"
        "-- The requests are formatted once, so wrk spends no more per request than on one path.\n"
        f"paths = {{\n{listed}\n}}\n"
        "requests = {}\n"
        "counter = 0\n"
        "init = function(args)\n"
        "  for i, path in ipairs(paths) do requests[i] = wrk.format(nil, path) end\n"
        "end\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        "  return requests[(counter % #requests) + 1]\n"
        "end\n"
    )
    return script


def wrk(base, path, script=None, seconds=SECONDS, headers=None):
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency"]
    command += ["--timeout", "30s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, base + path], capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"50%\s+([\d.]+\w+)", output)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output)
    if not (rate and p50 and p99):
        return {"note": "no request completed"}
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rate": float(rate.group(1)),
        "p50": milliseconds(p50.group(1)),
        "p99": milliseconds(p99.group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def milliseconds(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def feed_path(base):
    _, home = status_of(base + "/")
    match = re.search(
        r'<link[^>]+type="application/rss\+xml"[^>]+href="([^"]+)"|'
        r'<link[^>]+href="([^"]+)"[^>]+type="application/rss\+xml"',
        home,
    )
    if not match:
        return None
    href = match.group(1) or match.group(2)
    return re.sub(r"^https?://[^/]+", "", href)


def prime(base, paths):
    """Fill the page cache, in parallel and for PRIMING_SECONDS at most; returns when each
    page was stored (a time.monotonic()), by path, for the pages that were."""
    deadline = time.monotonic() + PRIMING_SECONDS

    def fetch(path):
        if time.monotonic() > deadline:
            return None
        return time.monotonic() if status_of(base + path)[0] == 200 else None

    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        stored = dict(zip(paths, pool.map(fetch, paths), strict=True))
    return {path: at for path, at in stored.items() if at is not None}


def outlive(base, stored, lifetime):
    """Let every stored page's cache lifetime pass with nothing changed, the page read once
    more on the way (at 60% of it), as readers would: returns once the last has passed, with
    how many pages were read again only after their lifetime (priming took too long)."""
    late = 0
    for path, at in sorted(stored.items(), key=lambda item: item[1]):
        time.sleep(max(0.0, at + 0.6 * lifetime - time.monotonic()))
        late += time.monotonic() > at + lifetime
        status_of(base + path)
    time.sleep(max(0.0, max(stored.values(), default=0) + lifetime + 1 - time.monotonic()))
    return late


def site_rows(paths, base):
    """The page types measured under load: (path, wrk script or None) by row name."""
    return {
        "/": ("/", None),
        "article (rotating)": (paths["articles"][0], rotation_script(paths["articles"])),
        "/news/": ("/news/", None),
        "/news/, last page": (f"/news/?page={paths['news_last_page']}", None),
        "tag page": (paths["tag"], None),
        "person page": (paths["person"], None),
        "production page": (paths["project"], None),
        "/race/": (paths["race"], None),
        "RSS feed (all news)": (feed_path(base), None),
        "/search/?q=soyuz": ("/search/?q=soyuz", None),
        "/sitemap.xml": ("/sitemap.xml", None),
        "API: article list": ("/api/v1/articles/", None),
    }


FIRST_PAGES = 10  # of a rotating row, timed one request each before wrk


def first_request(base, pages):
    """The median time of one request to each of `pages`, before any load: for a page whose
    cache lifetime has just passed, what the first reader after it waits."""
    timings = []
    for path in pages[:FIRST_PAGES]:
        started = time.perf_counter()
        status_of(base + path)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return timings[len(timings) // 2]


def measure_site(paths, mode, cache_dir):
    """Every row of site_rows() in one `mode`: "off" (PAGE_CACHE_SECONDS=0), "warm" (each
    page stored first) or "after expiry" (each page stored, then its whole cache lifetime,
    EXPIRY_SECONDS, left to pass with nothing changed; see outlive())."""
    page_cache_seconds = {"off": 0, "warm": 600, "after expiry": EXPIRY_SECONDS}[mode]
    shutil.rmtree(cache_dir, ignore_errors=True)
    server = Server(
        "spacecinema.wsgi",
        {"PAGE_CACHE_SECONDS": str(page_cache_seconds), "CACHE_DIR": str(cache_dir)},
    )
    try:
        results = {}
        for name, (path, script) in site_rows(paths, server.base).items():
            if path is None:
                results[name] = {"note": "no RSS link on /"}
                continue
            status, _ = status_of(server.base + path)
            if status != 200:
                results[name] = {"note": f"HTTP {status}"}
                continue
            pages = paths["articles"] if script else [path]
            if page_cache_seconds:
                stored = prime(server.base, pages)
                if len(stored) < len(pages):
                    name = f"{name}, {len(stored)} of {len(pages)} cached"
                if mode == "after expiry" and (
                    late := outlive(server.base, stored, EXPIRY_SECONDS)
                ):
                    name = f"{name}, {late} read again too late (raise BENCH_EXPIRY_SECONDS)"
            first = first_request(server.base, pages)
            results[name] = {"path": path, "first": first, **wrk(server.base, path, script)}
            print(f"  {name:40} {results[name].get('rate', 0):9.1f} req/s", flush=True)
        return results, server.peak_memory_mb()
    finally:
        server.stop()


def sweep_paths(paths, feed):
    """One of every kind of public page, the deepest list pages too: what a crawler asks for."""
    return {
        "/": "/",
        "article": paths["articles"][0],
        "/news/": "/news/",
        "/news/, last page": f"/news/?page={paths['news_last_page']}",
        "year archive": paths["year"],
        "month archive": paths["month"],
        "busiest author": paths["author"],
        "/tags/": "/tags/",
        "busiest tag": paths["tag"],
        "busiest tag, last page": f"{paths['tag']}?page={paths['tag_last_page']}",
        "/people/": "/people/",
        "busiest person": paths["person"],
        "/organisations/": "/organisations/",
        "busiest organisation": paths["organisation"],
        "/projects/": "/projects/",
        "busiest production": paths["project"],
        "/race/": paths["race"],
        "/feeds/": "/feeds/",
        "RSS feed (all news)": feed,
        "/search/?q=soyuz": "/search/?q=soyuz",
        "/search/?q=cosmonaut": "/search/?q=cosmonaut",
        "/sitemap.xml": "/sitemap.xml",
        "news sitemap, last page": f"/sitemap-news.xml?p={paths['news_sitemap_last_page']}",
        "/sitemap-tags.xml": "/sitemap-tags.xml",
        "/sitemap-authors.xml": "/sitemap-authors.xml",
    }


def sweep(paths, cache_dir):
    """Each page type alone, page cache off: the median and slowest of 5 sequential requests."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    server = Server("spacecinema.wsgi", {"PAGE_CACHE_SECONDS": "0", "CACHE_DIR": str(cache_dir)})
    lines = [
        "| page | path | status | median ms | slowest ms |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    try:
        for name, path in sweep_paths(paths, feed_path(server.base)).items():
            status, _ = status_of(server.base + path)
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                status, _ = status_of(server.base + path)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            lines.append(f"| {name} | `{path}` | {status} | {timings[2]:.1f} | {timings[-1]:.1f} |")
            print(f"  {name:40} {timings[2]:9.1f} ms", flush=True)
    finally:
        server.stop()
    return "\n".join(lines)


def measure_reference():
    server = Server("bench.reference:application")
    try:
        result = {"path": "/", **wrk(server.base, "/")}
        return result, server.peak_memory_mb()
    finally:
        server.stop()


def rate_text(rate):
    return f"{rate:.0f}" if rate >= 10 else f"{rate:.1f}"


def table(reference, runs):
    lines = [
        "| page | page cache | req/s | p50 ms | p99 ms | ratio to reference | first request ms "
        "| non-2xx |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| bare Django view (reference) | n/a | {rate_text(reference['rate'])} | "
        f"{reference['p50']:.1f} | {reference['p99']:.1f} | 1.00 | | {reference['errors']} |",
    ]
    for mode, (results, _) in runs.items():
        for name, result in results.items():
            if "note" in result:
                lines.append(f"| {name} | {mode} | {result['note']} | | | | | |")
                continue
            lines.append(
                f"| {name} | {mode} | {rate_text(result['rate'])} | {result['p50']:.1f} | "
                f"{result['p99']:.1f} | {result['rate'] / reference['rate']:.2f} | "
                f"{result['first']:.1f} | {result['errors']} |"
            )
    return "\n".join(lines)


def write_section(heading, body, document=DOCUMENT):
    """Replace the `## heading` section of the benchmarks page with `body`, or add it at the
    end, keeping the rest of the page."""
    text = document.read_text() if document.exists() else "# Benchmarks\n"
    parts = re.split(r"(?m)^(?=## )", text)
    title = f"## {heading}\n"
    section = f"{title}\n{body.strip()}\n"
    for index, part in enumerate(parts):
        if part.startswith(title):
            parts[index] = section
            break
    else:
        parts.append(section)
    document.parent.mkdir(exist_ok=True)
    document.write_text("\n".join(part.strip("\n") + "\n" for part in parts))


def kept_section(heading, document=DOCUMENT):
    """The `## heading` section of the benchmarks page as it stands, or an empty string."""
    if not document.exists():
        return ""
    title = f"## {heading}\n"
    for part in re.split(r"(?m)^(?=## )", document.read_text()):
        if part.startswith(title):
            return part.strip("\n") + "\n"
    return ""


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: run scripts/server-deps (or apt-get install wrk).")
    build_newsroom()
    paths = sample_paths()
    workers = os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() * 2 + 1))
    print(
        f"{ARTICLES} articles, {SECONDS} s a row, {CONNECTIONS} connections, "
        f"{workers} gunicorn workers, {os.cpu_count()} CPUs."
    )
    print("Reference (bare Django view)...", flush=True)
    before, reference_memory = measure_reference()
    runs = {}
    print("Site, page cache off...", flush=True)
    runs["off"] = measure_site(paths, "off", BENCH_DIR / "cache-off")
    print("Site, page cache warm...", flush=True)
    runs["warm"] = measure_site(paths, "warm", BENCH_DIR / "cache-warm")
    print(f"Site, after a cache lifetime of {EXPIRY_SECONDS} s has passed...", flush=True)
    runs["after expiry"] = measure_site(paths, "after expiry", BENCH_DIR / "cache-expiry")
    print("Reference again...", flush=True)
    after, _ = measure_reference()
    # A shared machine's speed drifts: the faster of the two measurements is the yardstick,
    # so drift can only lower the ratios.
    reference = max(before, after, key=lambda measured: measured["rate"])
    print("Every page type, one request at a time, page cache off...", flush=True)
    sweep_table = sweep(paths, BENCH_DIR / "cache-off")
    # bench.varnish builds on this module.
    from bench import varnish

    print("Warm pages through Varnish, against a static file of the same size...", flush=True)
    through_varnish = varnish.section(varnish.measure(paths))

    result = table(reference, runs)
    memory = (
        f"Peak resident memory of one gunicorn worker: site {runs['off'][1]:.0f} MB with the "
        f"page cache off, {runs['warm'][1]:.0f} MB warm, {runs['after expiry'][1]:.0f} MB "
        f"after expiry; reference {reference_memory:.0f} MB."
    )
    print()
    print(result)
    print()
    print(memory)
    print()
    print(sweep_table)
    print()
    print(through_varnish)
    newsroom = kept_section(NEWSROOM_SECTION)
    DOCUMENT.parent.mkdir(exist_ok=True)
    DOCUMENT.write_text(
        "# Benchmarks\n\n"
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: "
        f"{ARTICLES:,} generated articles plus the demo newsroom on SQLite, production settings, "
        f"gunicorn from `gunicorn.conf.py` ({workers} sync workers) on 127.0.0.1, "
        f"wrk with 2 threads and {CONNECTIONS} connections for {SECONDS} s a row, "
        f"on {os.cpu_count()} CPUs ({cpu_model()}), shared with whatever else the machine runs. "
        "The reference is a bare Django view (no middleware, database or template) on the same "
        "gunicorn configuration, measured before the site's rows and again after them "
        f"({before['rate']:.0f} and {after['rate']:.0f} req/s); the ratio is the page's "
        "requests/s over the faster of the two. "
        "Article pages rotate over "
        f'{len(paths["articles"])} different articles. "warm" means the page cache '
        '(`spacecinema/cache.py`) already holds each page; "off" is `PAGE_CACHE_SECONDS=0`; '
        f'"after expiry" means each page was stored with `PAGE_CACHE_SECONDS={EXPIRY_SECONDS}`, '
        "read once more at 60% of that time, and its row measured once the whole time had "
        "passed with nothing changed. "
        '"first request" is one request to the page before the load (the median over the first '
        f"{FIRST_PAGES} articles of the rotation): after expiry, what the first reader waits. "
        "The last page of /news/ is the deepest a crawler reaches.\n\n"
        f"{result}\n\n{memory}\n\n"
        "## Every page type at this size\n\n"
        "One request at a time to the same server with the page cache off, the deepest "
        "list pages included (a crawler asks for those too): the median and the slowest of 5 "
        "requests after one unmeasured request, including the HTTP round trip.\n\n"
        f"{sweep_table}\n\n"
        f"## {varnish.SECTION}\n\n{through_varnish}" + (f"\n{newsroom}" if newsroom else "")
    )
    print(f"\nWritten to {DOCUMENT.relative_to(BASE_DIR)}.")


if __name__ == "__main__":
    main()
