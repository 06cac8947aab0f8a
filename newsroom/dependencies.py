"""Dependency keys: the names of what a public page shows, so a change evicts only the pages
that show it.

A page records, while it renders, a key for every row whose fields it shows ("article-12",
"person-5") and for every list whose membership or order it shows ("news", "tag-7-articles").
A change names the keys it affects; pages stored under one of them are no longer served.
The names are valid surrogate keys (letters, digits and hyphens), for an HTTP cache in front.
"""


def row_key(kind, pk):
    """The key of one row: "article-12", "person-5", "tag-7"."""
    return f"{kind}-{pk}"


def articles_key(kind, pk):
    """The key of the list of published articles about (or by, or tagged) one row."""
    return f"{kind}-{pk}-articles"


def translations_key(pk):
    """The key of the original article `pk` and its translations as a set: which of them are
    published, and where, shows on each one's page (links to the others, hreflang)."""
    return f"article-{pk}-translations"


def tagged_key(pk):
    """The key of the people, organisations and productions that carry tag `pk` (its page
    lists them)."""
    return f"tag-{pk}-tagged"


# The list of all published articles, newest first: home, /news/ and its archives, the news
# feeds and sitemap.
NEWS = "news"


# Every correction readers may see, newest first: the corrections feed and page.
CORRECTIONS = "corrections"
# The last two days' news, as the Google News sitemap lists it: besides every change to NEWS,
# changed when an article turns two days old, by the page cache (articles/changes.py).
LATEST_NEWS = "latest-news"


# Which articles editors pinned to the home page as its lead and featured stories.
PINS = "pins"


# What turns with the date: a promised date becoming missed, "next planned", where today falls
# on a timeline. Changed once a day, at midnight in TIME_ZONE, by the page cache.
TODAY = "today"


def depends_on(request, *keys):
    """Record that the page `request` is answered with shows what `keys` name."""
    try:
        request.dependencies.update(keys)
    except AttributeError:
        request.dependencies = set(keys)
