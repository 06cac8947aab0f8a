"""The site's lists of published articles, newest first, read a page of cards at a time: the
news, a year's or a month's news, and each subject's (a tag's, a byline's, a person's...).

A list is named by its dependency key, as its count in tallies.py is. A page of it is one
prepared query (newsroom/prepared.py): a subquery picks the page's ids from an index, and the
query reads those articles' stored cards (cards.py), newest first.

The ids are picked from the nearer end of the list: a page in its older half reads the list
oldest first, skipping the fewer entries, so the last page costs what the first does. A
subject's list is read either through its links, sorting them all, or by walking the news
newest (or oldest) first and keeping the subject's articles: whichever reads fewer entries,
which the list's share of the news tells.
"""

import datetime

from django.db import models

from newsroom.prepared import PreparedQuery, Rows

from . import tallies
from .cards import STORED_FIELDS, stored_cards

# A period's pages name its first and last moments (see ArticleQuerySet.published_within).
FIELDS = {"period": {"first": models.DateTimeField(), "last": models.DateTimeField()}}

NEWEST_FIRST = ("-published_at", "-pk")
OLDEST_FIRST = ("published_at", "pk")


def _page_query(shape, newest_first, walk):
    """The prepared page of a list of `shape` (tallies.list_shape), its ids picked in the
    list's order or the reverse, by walking the news or (for a subject) through its links."""
    from .models import Article

    def build(rows, **values):
        published = Article.objects.published()
        if shape == "period":
            articles = Article.objects.published_within(values["first"], values["last"])
        elif walk or shape == "news":
            articles = tallies.members(published, shape, **values)
        else:
            articles = published.filter(**{tallies.SUBJECT_RELATIONS[shape]: values["subject"]})
        ids = articles.order_by(*(NEWEST_FIRST if newest_first else OLDEST_FIRST))
        return (
            Article.objects.filter(pk__in=ids.values("pk")[rows])
            .order_by(*NEWEST_FIRST)
            .values(*STORED_FIELDS)
        )

    return PreparedQuery(build, rows=Rows(), **FIELDS.get(shape, tallies.SHAPE_FIELDS[shape]))


_pages = {}


def _page(shape, newest_first, walk):
    key = (shape, newest_first, walk)
    if key not in _pages:
        _pages[key] = _page_query(shape, newest_first, walk)
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
        self._size = None

    def _sizes(self):
        if self._size is None:
            self._size = tallies.published_counts(self.key)
        return self._size

    def count(self):
        return self._sizes()[0]

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("A list of articles is read a page (a slice) at a time.")
        count, news = self._sizes()
        start, stop = window.start or 0, min(window.stop, count)
        if start >= stop:
            return []
        newest_first = start <= count - stop
        rows = slice(start, stop) if newest_first else slice(count - stop, count - start)
        # A walk over the news reads about news / count entries for each one of the list's it
        # passes; the links are all read and sorted.
        walk = self.shape not in {"news", "period"} and rows.stop * news < count * count
        page = _page(self.shape, newest_first, walk)
        return stored_cards(page(rows=rows, **self.values))
