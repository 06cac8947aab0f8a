"""make bench-newsroom: a newsroom at work, its page cache judged by what readers get.

    .venv/bin/python -m bench.newsroom

On a copy of the `make bench` newsroom (BENCH_ARTICLES), served by gunicorn.conf.py with the
page cache on (BENCH_NEWSROOM_CACHE_SECONDS, the production default unless set), readers ask
for BENCH_NEWSROOM_URLS public pages for BENCH_NEWSROOM_SECONDS, at BENCH_NEWSROOM_RATE requests
a second arriving at random (an open loop: a slow answer does not slow the next reader), each
choosing a page by Zipf's law over the pages ranked newest first (BENCH_NEWSROOM_ZIPF is the
exponent). Meanwhile an editor, in its own process and through the ORM, edits a published
headline or publishes a new article every BENCH_NEWSROOM_INTERVAL seconds, in turn.

Reported: the page-cache hit ratio, counted with bench/renders.py's mark (the only change to
production settings); p50 and p99 latency; and stale responses, each response checked against
what the editor had committed before the request started (StalenessChecker). Prints one table
and writes it to docs/benchmarks.md under "Newsroom at work".
"""

import http.client
import itertools
import json
import math
import os
import queue
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, namedtuple
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from html import escape

ARTICLES_RANKED = 560  # the newest articles among the reader's pages, at least
NEWS_PAGES = 60  # /news/?page=2 and on
SUBJECT_QUOTAS = {"tag": 150, "person": 100, "organisation": 40, "project": 40, "author": 40}
MONTHS = 6
DESK_SIZE = 30  # the newest published articles the editor may edit
NEW_ARTICLE_TAGS = 2

# `waited`: from the moment the reader arrived to the last byte, in ms (an open loop's
# latency: time spent waiting for a free connection counts); `service`: from connecting.
Response = namedtuple(
    "Response", ["path", "started", "finished", "waited", "service", "status", "mark", "body"]
)


# --- Django side: run in a subprocess with settings loaded (or by the tests) -------------------


def top_paths():
    """The pages always among the newest: the home page, /news/, the news feeds, the race."""
    from django.urls import reverse

    paths = [reverse("home"), reverse("articles:list")]
    paths += [reverse(f"feeds:news-{ext}") for ext in ("rss", "atom", "json")]
    return [*paths, reverse("projects:race")]


def reader_paths(limit=1000):
    """Public pages readers ask for, ranked newest first: top_paths(), then articles, pages of
    /news/, month archives and subjects (tags, people, organisations, productions, authors)
    by the date of the newest article each shows. Returns the paths and the slugs of the
    tags among them."""
    from django.db.models import Max
    from django.urls import reverse
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, Author
    from people.models import Organisation, Person
    from projects.models import Project

    now = timezone.now()
    published = Article.objects.published().order_by("-published_at", "-pk")
    ranked = []
    tag_slugs = {}
    dates = list(published.values_list("published_at", flat=True)[: (NEWS_PAGES + 1) * 20])
    for page in range(2, NEWS_PAGES + 2):
        if (page - 1) * 20 < len(dates):
            ranked.append((dates[(page - 1) * 20], f"{reverse('articles:list')}?page={page}"))
    for month in published.dates("published_at", "month", order="DESC")[:MONTHS]:
        newest = published.filter(
            published_at__year=month.year, published_at__month=month.month
        ).values_list("published_at", flat=True)[:1]
        path = reverse("articles:archive-month", kwargs={"year": month.year, "month": month.month})
        ranked.append((newest[0], path))
    subjects = {
        "tag": (Tag.objects, "articles_taggedarticle_items__content_object"),
        "person": (Person.objects, "articles"),
        "organisation": (Organisation.objects, "articles"),
        "project": (Project.objects, "articles"),
        "author": (Author.objects, "articles"),
    }
    for kind, (manager, relation) in subjects.items():
        rows = (
            manager.filter(
                **{
                    f"{relation}__status": Article.Status.PUBLISHED,
                    f"{relation}__published_at__lte": now,
                }
            )
            .annotate(latest=Max(f"{relation}__published_at"))
            .order_by("-latest", "pk")[: SUBJECT_QUOTAS[kind]]
        )
        for row in rows:
            if kind == "tag":
                path = reverse("tags:detail", kwargs={"slug": row.slug})
                tag_slugs[path] = row.slug
            else:
                path = row.get_absolute_url()
            ranked.append((row.latest, path))
    top = top_paths()
    # Articles fill what the other pages leave of `limit` (a newsroom may have few tags).
    articles = max(ARTICLES_RANKED, limit - len(top) - len(ranked))
    for slug, at in published.values_list("slug", "published_at")[:articles]:
        ranked.append((at, reverse("articles:detail", kwargs={"slug": slug})))
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    paths = [*top, *(path for _, path in ranked)][:limit]
    return paths, [tag_slugs[path] for path in paths if path in tag_slugs]


def desk_headline(original, number):
    """A headline no other article has, in letters, digits and spaces only (so it reads the same
    escaped or not), ending in its own number: the staleness checker looks for it verbatim, and
    no headline the desk gives contains another."""
    words = re.sub(r" \(desk \d+\)$", "", original)
    words = re.sub(r"[^A-Za-z0-9 ]+", "", words).strip() or "Update"
    return f"{words[:200]} (desk {number})"


def prepare_desk(size=DESK_SIZE):
    """Give the newest published articles headlines of their own; returns their ids."""
    from django.db import transaction

    from articles.models import Article

    desk = list(Article.objects.published().order_by("-published_at", "-pk")[:size])
    with transaction.atomic():
        for number, article in enumerate(desk, start=1):
            article.headline = desk_headline(article.headline, number)
            article.save()
    return [article.pk for article in desk]


def committed(change):
    """Run `change()` in a transaction; returns its result, the moment the database committed
    (before any other on-commit work, such as the cache's) and the moment the save returned."""
    from django.db import transaction

    moments = []
    with transaction.atomic():
        # Registered first, so it runs first once the transaction commits.
        transaction.on_commit(lambda: moments.append(time.time()))
        result = change()
    return result, moments[0], time.time()


def edit_headline(article_id, number):
    """An editor's correction of a published headline: the event the checker reads."""
    from articles.models import Article

    article = Article.objects.get(pk=article_id)
    old = article.headline

    new = desk_headline(old, number)
    # The checker takes the old headline anywhere in a page for a stale page.
    assert old not in new, f"{old!r} is part of {new!r}"

    def change():
        article.headline = new
        article.save()

    _, at, settled = committed(change)
    return {
        "event": "edit",
        "article": article.pk,
        "path": article.get_absolute_url(),
        "old": old,
        "new": article.headline,
        "committed_at": at,
        "settled_at": settled,
    }


def publish_article(number, tag_slugs, rng):
    """A new article, published now with two of the readers' tags: the event the checker reads,
    with the pages that must list it (the home page, /news/, the news feeds, its tags' pages)
    and how many articles each lists."""
    from django.urls import reverse
    from taggit.models import Tag

    from articles.feeds import NewsFeed
    from articles.models import Article, Author
    from articles.views import ArticleListView
    from spacecinema.views import HomeView
    from tags.views import TagDetailView

    tags = list(
        Tag.objects.filter(slug__in=rng.sample(tag_slugs, min(NEW_ARTICLE_TAGS, len(tag_slugs))))
    )
    author = Author.objects.order_by("pk").first()
    headline = desk_headline("Newsroom at work from the launch site", number)

    def change():
        article = Article.objects.create(
            headline=headline,
            standfirst="Filed while readers were reading.",
            body="The crew rehearsed the docking scene again.\n\nFilming resumes tomorrow.",
            status=Article.Status.PUBLISHED,
        )
        if author:
            article.authors.add(author)
        article.tags.add(*tags)
        return article

    article, at, settled = committed(change)
    # The sizes the views show today; the fallbacks if a view names them otherwise.
    must_list = {
        reverse("home"): getattr(HomeView, "latest_count", 10),
        reverse("articles:list"): getattr(ArticleListView, "paginate_by", 20),
    }
    for ext in ("rss", "atom", "json"):
        must_list[reverse(f"feeds:news-{ext}")] = getattr(NewsFeed, "item_limit", 30)
    for tag in tags:
        path = reverse("tags:detail", kwargs={"slug": tag.slug})
        must_list[path] = getattr(TagDetailView, "paginate_by", 20)
    return {
        "event": "publish",
        "article": article.pk,
        "path": article.get_absolute_url(),
        "headline": headline,
        "must_list": must_list,
        "committed_at": at,
        "settled_at": settled,
    }


def scheduled_within(seconds):
    """How many scheduled articles appear within `seconds`: each would push the editor's new
    articles down the lists, which the checker does not model."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    now = timezone.now()
    return (
        Article.objects.scheduled()
        .filter(published_at__lte=now + timedelta(seconds=seconds))
        .count()
    )


def run_editor(log_path, start, seconds, interval, desk, tag_slugs, seed):
    """Edit and publish in turn every `interval` seconds from `start` until `start + seconds`,
    writing each change to `log_path` (one JSON object a line). A "begin" line goes out before
    each transaction, so a reader of the log knows when a commit may be on its way."""
    rng = random.Random(seed)
    number = itertools.count(len(desk) + 1)
    with open(log_path, "a", encoding="utf-8") as log:

        def write(event):
            log.write(json.dumps(event) + "\n")
            log.flush()

        for turn in itertools.count(1):
            due = start + turn * interval
            if due >= start + seconds:
                break
            time.sleep(max(0.0, due - time.time()))
            write({"event": "begin", "at": time.time()})
            try:
                if turn % 2:
                    event = edit_headline(rng.choice(desk), next(number))
                else:
                    event = publish_article(next(number), tag_slugs, rng)
                    desk.append(event["article"])
            except Exception as error:  # noqa: BLE001 - reported in the table, the run goes on
                write({"event": "failed", "error": repr(error), "at": time.time()})
                continue
            write(event)


# --- The harness side: no Django -------------------------------------------------------------


class Skew:
    """Chooses pages by Zipf's law over their rank: the page at rank k (from 1) is chosen in
    proportion to 1 / k ** exponent. A newly published article joins at the top, after the
    pages that are always there (`head` of them)."""

    def __init__(self, paths, exponent=1.0, head=0, seed=0):
        self.paths = list(paths)
        self.exponent = exponent
        self.head = head
        self.rng = random.Random(seed)
        self.weigh()

    def weigh(self):
        weights = (1 / rank**self.exponent for rank in range(1, len(self.paths) + 1))
        self.cumulative = list(itertools.accumulate(weights))

    def add_newest(self, path):
        self.paths.insert(self.head, path)
        self.weigh()

    def choose(self):
        return self.rng.choices(self.paths, cum_weights=self.cumulative)[0]


def spellings(text):
    """How `text` may appear in a page: as is, escaped for HTML or XML, or inside JSON."""
    return {
        text,
        escape(text),
        escape(text, quote=False),
        escape(text).replace("&#x27;", "&#39;"),
        json.dumps(text)[1:-1],
    }


class StalenessChecker:
    """Judges responses against the editor's log. A response is stale when its request started
    after a change had committed and it shows a headline that change replaced, answers a
    newly published article's own page with an error, or leaves that article off a page that
    must list it (home, /news/, the news feeds, its tags' pages) while it is still among the
    newest there."""

    def __init__(self, log_path=None):
        self.log_path = log_path
        self.offset = 0
        self.retired = []  # (committed_at, settled_at, spellings, description)
        self.published = []
        self.pending_since = None
        self.actions = Counter()
        self.failures = []

    def refresh(self):
        """Read the lines the editor has written since the last call."""
        try:
            with open(self.log_path, encoding="utf-8") as log:
                log.seek(self.offset)
                text = log.read()
        except FileNotFoundError:
            return
        complete = text[: text.rfind("\n") + 1]
        self.offset += len(complete.encode("utf-8"))
        for line in complete.splitlines():
            self.record(json.loads(line))

    def record(self, event):
        if event["event"] == "begin":
            self.pending_since = event["at"]
            return
        self.pending_since = None
        self.actions[event["event"]] += 1
        if event["event"] == "failed":
            self.failures.append(event["error"])
        elif event["event"] == "edit":
            description = f"the old headline {event['old']!r} of {event['path']}"
            self.retired.append(
                (event["committed_at"], event["settled_at"], spellings(event["old"]), description)
            )
        elif event["event"] == "publish":
            self.published.append(event)

    def abandon(self):
        """The editor is gone with a change under way: what it began never commits."""
        if self.pending_since is not None:
            self.record({"event": "failed", "error": "the editor stopped mid-change", "at": 0})

    def ready_for(self, started):
        """Whether every change committed before `started` is known: none is under way that
        began before it."""
        return self.pending_since is None or self.pending_since >= started

    def stale(self, path, started, finished, status, body):
        """Why this response is stale: a list of (reason, whether the request started before
        the editor's save had returned); empty when it is not."""
        reasons = []
        for committed_at, settled_at, texts, description in self.retired:
            if started > committed_at and any(text in body for text in texts):
                reasons.append((f"shows {description}", started < settled_at))
        for event in self.published:
            if started <= event["committed_at"]:
                continue
            early = started < event["settled_at"]
            if path == event["path"] and status != 200:
                reasons.append((f"answers the new {event['path']} with HTTP {status}", early))
            capacity = event["must_list"].get(path)
            if capacity and status == 200 and event["path"] not in body:
                newer = sum(
                    1
                    for later in self.published
                    if event["committed_at"] < later["committed_at"] < finished
                    and path in later["must_list"]
                )
                if newer < capacity:
                    reasons.append((f"does not list the new {event['path']}", early))
        return reasons


def fetch(port, path):
    """One GET as a browser without cookies makes it: (started, finished, latency, status, mark,
    body). `started` is the wall clock, to compare with the editor's commits."""
    from bench.renders import HEADER

    started = time.time()
    clock = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        status, mark = response.status, response.getheader(HEADER)
    except (OSError, http.client.HTTPException):
        # Counted as a failed request (status 0), like wrk's socket errors.
        body, status, mark = "", 0, None
    finally:
        connection.close()
    return started, time.time(), (time.perf_counter() - clock) * 1000, status, mark, body


class Readers:
    """Open-loop readers: arrivals at random (Poisson) at `rate` a second, served by up to
    `connections` at once; each response goes to the checker, its body dropped once judged."""

    def __init__(self, port, skew, checker, rate, connections, seed=0):
        self.port = port
        self.skew = skew
        self.checker = checker
        self.rate = rate
        self.connections = connections
        self.rng = random.Random(seed)
        self.jobs = queue.Queue()
        self.judging = queue.Queue()
        self.results = []  # (waited ms, service ms, status, rendered, stale reasons)
        self.seen_marks = set()
        self.stale_examples = []
        self.known_published = 0
        # Replaced by the run: whether the editor's process is still there to finish a change.
        self.editor_running = lambda: True

    def warm(self, paths, threads=4):
        """Ask for each page once, unmeasured, as a site long in service would have been."""
        with ThreadPoolExecutor(max_workers=threads) as pool:
            answers = list(pool.map(lambda path: fetch(self.port, path), paths))
        self.seen_marks.update(mark for *_, mark, _ in answers if mark)
        return Counter(status for *_, status, _, _ in answers)

    def run(self, seconds):
        workers = [threading.Thread(target=self.work) for _ in range(self.connections)]
        judge = threading.Thread(target=self.judge)
        for thread in [*workers, judge]:
            thread.start()
        end = time.perf_counter() + seconds
        arrival = time.perf_counter()
        while True:
            arrival += self.rng.expovariate(self.rate)
            if arrival >= end:
                break
            time.sleep(max(0.0, arrival - time.perf_counter()))
            self.follow_publications()
            self.jobs.put((arrival, self.skew.choose()))
        for _ in workers:
            self.jobs.put(None)
        for thread in workers:
            thread.join()
        self.judging.put(None)
        judge.join()

    def follow_publications(self):
        """Readers find a new article once it is published (the checker has read its event)."""
        published = self.checker.published
        while self.known_published < len(published):
            self.skew.add_newest(published[self.known_published]["path"])
            self.known_published += 1

    def work(self):
        while (job := self.jobs.get()) is not None:
            arrival, path = job
            started, finished, service, status, mark, body = fetch(self.port, path)
            waited = (time.perf_counter() - arrival) * 1000
            self.judging.put(Response(path, started, finished, waited, service, status, mark, body))

    def judge(self):
        while (response := self.judging.get()) is not None:
            self.checker.refresh()
            while not self.checker.ready_for(response.started):
                if not self.editor_running():
                    self.checker.refresh()
                    self.checker.abandon()
                    break
                time.sleep(0.005)
                self.checker.refresh()
            reasons = self.checker.stale(
                response.path, response.started, response.finished, response.status, response.body
            )
            rendered = response.mark is not None and response.mark not in self.seen_marks
            if response.mark:
                self.seen_marks.add(response.mark)
            if reasons and len(self.stale_examples) < 10:
                self.stale_examples.append((response.path, reasons[0][0]))
            self.results.append(
                (response.waited, response.service, response.status, rendered, reasons)
            )


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value that `fraction` of them do not exceed."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def summarise(results, seconds):
    waited = [waited for waited, *_ in results]
    service = [service for _, service, *_ in results]
    hits = [waited for waited, _, _, rendered, _ in results if not rendered]
    renders = [waited for waited, _, _, rendered, _ in results if rendered]
    stale = [reasons for *_, reasons in results if reasons]
    return {
        "requests": len(results),
        "rate": len(results) / seconds,
        "hits": len(hits),
        "hit_ratio": len(hits) / len(results) if results else 0.0,
        "p50": percentile(waited, 0.50),
        "p99": percentile(waited, 0.99),
        "service_p50": percentile(service, 0.50),
        "service_p99": percentile(service, 0.99),
        "hit_p50": percentile(hits, 0.50),
        "hit_p99": percentile(hits, 0.99),
        "render_p50": percentile(renders, 0.50),
        "render_p99": percentile(renders, 0.99),
        "non_2xx": sum(1 for _, _, status, *_ in results if not 200 <= status < 300),
        "stale": len(stale),
        "stale_while_saving": sum(1 for reasons in stale if all(early for _, early in reasons)),
    }


def table(summary, checker, memory):
    p99_over_p50 = summary["p99"] / summary["p50"] if summary["p50"] else 0.0
    actions = checker.actions
    lines = [
        "| measure | result | target |",
        "| --- | ---: | ---: |",
        f"| requests (per second) | {summary['requests']} ({summary['rate']:.0f}) | |",
        f"| page-cache hit ratio | {summary['hit_ratio']:.1%} ({summary['hits']} hits) | "
        "at least 95% |",
        f"| p50 latency | {summary['p50']:.1f} ms | |",
        f"| p99 latency | {summary['p99']:.1f} ms ({p99_over_p50:.1f} x p50) | under 4 x p50 |",
        f"| from connecting only: p50, p99 | {summary['service_p50']:.1f} ms, "
        f"{summary['service_p99']:.1f} ms | |",
        f"| hits: p50, p99 | {summary['hit_p50']:.1f} ms, {summary['hit_p99']:.1f} ms | |",
        (
            f"| renders: p50, p99 | {summary['render_p50']:.1f} ms, "
            f"{summary['render_p99']:.1f} ms | |"
            if summary["requests"] > summary["hits"]
            else "| renders: p50, p99 | none | |"
        ),
        f"| stale responses | {summary['stale']} | 0 |",
        f"| of which started before the editor's save returned | "
        f"{summary['stale_while_saving']} | |",
        f"| editor: edits, publications, failures | {actions['edit']}, {actions['publish']}, "
        f"{actions['failed']} | |",
        f"| non-2xx responses | {summary['non_2xx']} | 0 |",
        f"| peak resident memory of one worker | {memory:.0f} MB | under 150 MB |",
    ]
    return "\n".join(lines)


def copy_database(source, target):
    """A private copy for the editor to change, so the `make bench` newsroom stays as built."""
    for leftover in (target, target.with_name(target.name + "-wal")):
        leftover.unlink(missing_ok=True)
    target.with_name(target.name + "-shm").unlink(missing_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)


def django_step(environment, *arguments):
    """Run this module's Django side in a subprocess; returns what it printed, parsed."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.newsroom", *arguments],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    from bench import load

    seconds = float(os.environ.get("BENCH_NEWSROOM_SECONDS", "600"))
    rate = float(os.environ.get("BENCH_NEWSROOM_RATE", "100"))
    connections = int(os.environ.get("BENCH_NEWSROOM_CONNECTIONS", "64"))
    url_count = int(os.environ.get("BENCH_NEWSROOM_URLS", "1000"))
    interval = float(os.environ.get("BENCH_NEWSROOM_INTERVAL", "30"))
    exponent = float(os.environ.get("BENCH_NEWSROOM_ZIPF", "1.0"))
    cache_seconds = os.environ.get("BENCH_NEWSROOM_CACHE_SECONDS", "")
    seed = int(os.environ.get("BENCH_NEWSROOM_SEED", "1"))

    load.build_newsroom()
    database = load.BENCH_DIR / f"at-work-{load.ARTICLES}.sqlite3"
    print(f"Copying the newsroom to {database.relative_to(load.BASE_DIR)}...", flush=True)
    copy_database(load.DATABASE, database)
    cache_dir = load.BENCH_DIR / "cache-at-work"
    shutil.rmtree(cache_dir, ignore_errors=True)
    log_path = load.BENCH_DIR / "editor.jsonl"
    log_path.unlink(missing_ok=True)
    environment = {
        **load.ENVIRONMENT,
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_DIR": str(cache_dir),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    if cache_seconds:
        environment["PAGE_CACHE_SECONDS"] = cache_seconds
    else:
        environment.pop("PAGE_CACHE_SECONDS", None)
    prepared = django_step(environment, "prepare", str(url_count), str(seconds))
    if prepared["scheduled"]:
        print(
            f"Note: {prepared['scheduled']} scheduled articles appear during the run; the "
            "checker does not count them when it decides what the lists must show."
        )
    print(
        f"{len(prepared['paths'])} pages, {rate:g} requests/s for {seconds:g} s, "
        f"{connections} at most at once, an edit or publication every {interval:g} s.",
        flush=True,
    )
    server = load.Server("spacecinema.wsgi", environment, time_limit=int(seconds) + 1800)
    try:
        checker = StalenessChecker(log_path)
        skew = Skew(prepared["paths"], exponent, head=prepared["head"], seed=seed)
        readers = Readers(server.port, skew, checker, rate, connections, seed=seed)
        print("Warming the page cache (each page once)...", flush=True)
        warm = readers.warm(prepared["paths"])
        print(f"  statuses: {dict(warm)}", flush=True)
        start = time.time() + 2
        editor = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.newsroom",
                "editor",
                json.dumps(
                    {
                        "log": str(log_path),
                        "start": start,
                        "seconds": seconds,
                        "interval": interval,
                        "desk": prepared["desk"],
                        "tags": prepared["tags"],
                        "seed": seed,
                    }
                ),
            ],
            env=environment,
        )
        readers.editor_running = lambda: editor.poll() is None
        time.sleep(max(0.0, start - time.time()))
        print("Readers at work...", flush=True)
        readers.run(seconds)
        try:
            editor.wait(timeout=interval + 60)
        except subprocess.TimeoutExpired:
            editor.kill()
            editor.wait()
        memory = server.peak_memory_mb()
    finally:
        server.stop()
    checker.refresh()
    summary = summarise(readers.results, seconds)
    result = table(summary, checker, memory)
    print()
    print(result)
    for path, reason in readers.stale_examples:
        print(f"  stale: {path} {reason}")
    for failure in checker.failures:
        print(f"  editor failed: {failure}")
    section = (
        f"Written by `make bench-newsroom` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on a copy "
        f"of the newsroom above: {seconds:g} s of readers at {rate:g} requests/s (arrivals at "
        f"random, at most {connections} at once) over {len(prepared['paths'])} public pages "
        f"(articles, /news/ and its pages, archives, tags, people, organisations, productions, "
        f"authors, the news feeds, the race), chosen by Zipf's law (exponent {exponent:g}) over "
        "the pages ranked by their newest article, every page asked for once before; "
        f"an editor process edits a published headline or publishes a new article every "
        f"{interval:g} s, in turn, through the ORM. Page cache on "
        f"(PAGE_CACHE_SECONDS={prepared['page_cache_seconds']}), gunicorn from "
        "`gunicorn.conf.py`. A hit is a response no view rendered for it (bench/renders.py "
        "marks each render; a hit replays a stored mark). Latency is from the moment a reader "
        "arrives (its scheduled time) to the last byte, so waiting for a connection counts; "
        "the line below it counts from connecting only. A response is stale when its request "
        "started after the editor's change had committed (the database's commit, before any "
        "on-commit work) and it shows a replaced headline, answers a new article's page with "
        "an error, or leaves a new article off the home page, /news/, the news feeds or its "
        "tags' pages while it is among the newest there.\n\n"
        f"{result}\n"
    )
    load.write_section("Newsroom at work", section)
    print("\nWritten to docs/benchmarks.md.")


def django_main(arguments):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    command = arguments[0]
    if command == "prepare":
        from django.conf import settings

        limit, seconds = int(arguments[1]), float(arguments[2])
        paths, tags = reader_paths(limit)
        print(
            json.dumps(
                {
                    "paths": paths,
                    "head": len(top_paths()),
                    # The readers' tags with the newest articles, for the new ones.
                    "tags": tags[:40],
                    "desk": prepare_desk(),
                    "scheduled": scheduled_within(seconds + 120),
                    "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
                }
            )
        )
    elif command == "editor":
        options = json.loads(arguments[1])
        run_editor(
            options["log"],
            options["start"],
            options["seconds"],
            options["interval"],
            options["desk"],
            options["tags"],
            options["seed"],
        )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        django_main(sys.argv[1:])
    else:
        main()
