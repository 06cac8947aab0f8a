"""Time the all-news feed: build it N times against the current database, print the median.

    DEBUG=1 .venv/bin/python -m bench.feeds [--runs 50] [--format rss|atom|json]

Each run is a full, unconditional request: the newest articles' dates with their items as
kept at write time (articles/feed_entries.py), in one query, and the feed written from them.
Then the same request with the ETag it got back, answered 304 from that query alone.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spacecinema.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--format", choices=["rss", "atom", "json"], default="rss")
    options = parser.parse_args()

    import django

    django.setup()

    from django.conf import settings
    from django.test import RequestFactory
    from django.urls import reverse

    from articles.feeds import FORMATS, NewsFeed
    from articles.models import Article

    feed = NewsFeed(FORMATS[options.format][0])
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1"
    request = RequestFactory(HTTP_HOST=host).get(reverse(f"feeds:news-{options.format}"))
    response = feed(request)
    timings = []
    for _ in range(options.runs):
        started = time.perf_counter()
        response = feed(request)
        timings.append((time.perf_counter() - started) * 1000)

    conditional = RequestFactory(HTTP_HOST=host).get(
        request.path, headers={"If-None-Match": response["ETag"]}
    )
    not_modified = []
    for _ in range(options.runs):
        started = time.perf_counter()
        assert feed(conditional).status_code == 304
        not_modified.append((time.perf_counter() - started) * 1000)

    items = response.content.decode().count("urn:uuid:")
    published = Article.objects.published().count()
    print(
        f"news.{options.format}: {items} items of {published} published articles, "
        f"median {statistics.median(timings):.1f} ms over {options.runs} runs "
        f"({len(response.content) / 1024:.0f} KiB); 304: median "
        f"{statistics.median(not_modified):.1f} ms"
    )


if __name__ == "__main__":
    main()
