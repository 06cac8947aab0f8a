"""The site's lists of published articles, newest first, read a page of cards at a time: the
news, a year's or a month's news, and each subject's (a tag's, a byline's, a person's...).

A list is named by its dependency key, as its count in tallies.py is. A page of it is one
prepared query (newsroom/prepared.py): a subquery picks the page's ids from an index, and the
query reads those articles' stored cards (cards.py), newest first.

The ids are picked from the nearer end of the list: a page in its older half reads the list
oldest first, skipping the fewer entries, so the last page costs what the first does. A
subject's ids are one range of its list entries (ListEntry, kept at write time), by
publication time: no sorting of every article the subject has, nor a walk over the news.
"""

import datetime

from django.db import models
from django.db.models.functions import Now

from newsroom.prepared import PreparedQuery, Rows

from . import tallies
from .cards import STORED_FIELDS, stored_cards

# A period's pages name its first and last moments (see ArticleQuerySet.published_within).
FIELDS = {"period": {"first": models.DateTimeField(), "last": models.DateTimeField()}}

NEWEST_FIRST = ("-published_at", "-pk")


def _page_query(shape, newest_first):
    """The prepared page of a list of `shape` (tallies.list_shape), its ids picked in the
    list's order or the reverse."""
    from .models import Article, ListEntry, unsettled_expired_ids

    def build(rows, **values):
        published = Article.objects.published()
        if shape in {"news", "period"}:
            if shape == "period":
                published = Article.objects.published_within(values["first"], values["last"])
            ids = _ordered(published, newest_first, "pk").values("pk")[rows]
            return Article.objects.filter(pk__in=ids).order_by(*NEWEST_FIRST).values(*STORED_FIELDS)
        # Entries of scheduled articles wait in the list for their time; those of expired ones
        # stay, passed over, until their expiry settles and takes them out.
        entries = ListEntry.objects.filter(
            kind=shape, subject=values["subject"], published_at__lte=Now()
        ).exclude(article_id__in=unsettled_expired_ids())
        ids = _ordered(entries, newest_first, "article_id").values("article_id")[rows]
        return published.filter(pk__in=ids).order_by(*NEWEST_FIRST).values(*STORED_FIELDS)

    return PreparedQuery(build, rows=Rows(), **FIELDS.get(shape, tallies.SHAPE_FIELDS[shape]))


def _ordered(rows, newest_first, article):
    """`rows` by publication time, then `article` (the column holding the article's id), in
    the list's order or the reverse."""
    if newest_first:
        return rows.order_by("-published_at", f"-{article}")
    return rows.order_by("published_at", article)


_pages = {}


def _page(shape, newest_first):
    key = (shape, newest_first)
    if key not in _pages:
        _pages[key] = _page_query(shape, newest_first)
    return _pages[key]


class PublishedList:
    """The published articles of the list `key` names, as a sequence of cards a paginator
    pages through: its length is the list's count (one query, kept at write time), and a
    slice of it is a page of cards (one query)."""

    def __init__(self, key):
        self.key = key
        self.shape, self.values = tallies.list_shape(key)
        if self.shape == "period":
            start, end = self.values["start"], self.values["end"]
            self.values = {"first": start, "last": end - datetime.timedelta(microseconds=1)}
        self._count = None

    def count(self):
        if self._count is None:
            self._count = tallies.published_count(self.key)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("A list of articles is read a page (a slice) at a time.")
        count = self.count()
        start, stop = window.start or 0, min(window.stop, count)
        if start >= stop:
            return []
        newest_first = start <= count - stop
        rows = slice(start, stop) if newest_first else slice(count - stop, count - start)
        page = _page(self.shape, newest_first)
        return stored_cards(page(rows=rows, **self.values))
