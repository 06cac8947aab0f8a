"""Time the search index: a full rebuild, then different queries through the same calls the
search page makes (counts, one page of 20, excerpts). Prints the median and p99.

    DEBUG=1 .venv/bin/python -m bench.search_index [--queries 100] [--seed 1] [--skip-rebuild]
"""

import argparse
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spacecinema.settings")

# What readers type: names in both scripts, aliases, topics, phrases, prefixes, operators.
TYPED = [
    "launch",
    "Вызов",
    "Peresild",
    "Пересильд",
    "Shepenko",
    "Tom Cruise",
    "soyuz",
    "ISS",
    "space station",
    "zero gravity",
    "crew dragon",
    "premiere",
    "delay",
    "orbit",
    "casting",
    "training programme",
    "Roscosmos",
    "NASA SpaceX",
    "box office",
    "documentary",
    "spacewalk",
    "launch date",
    "funding round",
    "docking sequence",
    "release window",
    "post-production",
    "camera equipment",
    "insurance",
    "parachute jumps",
    "cosmonaut centre",
    "second takes",
    "schedule crew rotation",
    "Challenge",
    "Klim Shipenko",
    "Yulia Peresild",
    "laun",
    "orbi",
    "stat",
    '"launch" AND',
    "NEAR(crew",
    "*",
    "the of and",
    "weightless scenes",
]


def main(argv=None, stdout=sys.stdout, stderr=sys.stderr):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100, help="How many different queries.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-rebuild", action="store_true", help="Time queries only.")
    parser.add_argument("--verbose", action="store_true", help="List the ten slowest queries.")
    options = parser.parse_args(argv)

    import django

    django.setup()

    from tqdm import tqdm

    from articles.models import Article
    from search import index

    if not options.skip_rebuild:
        started = time.perf_counter()
        with tqdm(unit="item", file=stderr) as progress:
            total = index.rebuild(progress=progress)
        print(
            f"index build: {time.perf_counter() - started:.1f} s for {total:,} items", file=stdout
        )

    texts = queries(options.queries, random.Random(options.seed))
    # One query first, not timed, so the first timed one is not about a cold disk cache.
    index.search("warm up").fetch(0, 20)
    timings = []
    slowest = []
    matches = 0
    for text in tqdm(texts, unit="query", file=stderr):
        started = time.perf_counter()
        # What the search page does for its first page.
        results = index.search(text)
        results.fetch(0, 20)
        matches += results.count()
        results[0:20]
        timings.append((time.perf_counter() - started) * 1000)
        slowest.append((timings[-1], text, results.count()))
    if options.verbose:
        for elapsed, text, count in sorted(slowest, reverse=True)[:10]:
            print(f"{elapsed:8.1f} ms  {count:>7,} matches  {text[:60]!r}", file=stdout)
    timings.sort()
    p99 = timings[max(0, round(0.99 * len(timings)) - 1)]
    print(
        f"{len(timings)} queries over {Article.objects.count():,} articles: "
        f"median {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms, "
        f"max {timings[-1]:.1f} ms, {matches / len(timings):,.0f} matches per query on average",
        file=stdout,
    )


def queries(count, rng):
    """Hand-typed queries first, then one to three words from random headlines."""
    from articles.models import Article
    from search.text import WORD

    texts = list(dict.fromkeys(TYPED))[:count]
    # The first headlines by primary key: the same queries for the same content and seed.
    headlines = list(Article.objects.order_by("pk").values_list("headline", flat=True)[:2000])
    attempts = 0
    while len(texts) < count and headlines and attempts < count * 20:
        attempts += 1
        words = WORD.findall(rng.choice(headlines))
        if not words:
            continue
        start = rng.randrange(len(words))
        text = " ".join(words[start : start + rng.randint(1, 3)])
        if text not in texts:
            texts.append(text)
    return texts


if __name__ == "__main__":
    main()
