"""What the home page's stories read, in two prepared queries (newsroom/prepared.py): the
lead story and the latest news as card rows, then their bylines.

The home page is read on every visit: both queries are built and compiled once per process.
Which articles they are is decided in SQL on each run (`published()` compares with the
database's clock), so a scheduled article leads or joins the latest at its time.
"""

import functools
import operator

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q

from articles.cards import CARD_FIELDS, Byline, card_from_row
from articles.models import Article
from newsroom.prepared import PreparedQuery
from newsroom.rendering import url_pattern

LATEST_COUNT = 10


def _stories():
    """(the lead story's id, the latest news's ids), as subqueries: the lead is the newest
    published article with a picture; the latest are the newest others."""
    published = Article.objects.published().order_by("-published_at", "-pk")
    lead = published.illustrated().values("pk")[:1]
    latest = published.exclude(pk__in=lead).values("pk")[:LATEST_COUNT]
    return lead, latest


def _story_rows():
    lead, latest = _stories()
    return (
        Article.objects.filter(Q(pk__in=lead) | Q(pk__in=latest))
        .annotate(is_lead=ExpressionWrapper(Q(pk__in=lead), output_field=BooleanField()))
        .order_by("-published_at", "-pk")
        .values(*CARD_FIELDS, "is_lead")
    )


# The bylines are read by the stories' ids, one slot for each story the page may show: the
# subqueries that find the stories are not run again for them.
STORY_SLOTS = [f"article_{number}" for number in range(1 + LATEST_COUNT)]


def _byline_rows(**articles):
    return (
        Article.authors.through.objects.filter(
            functools.reduce(operator.or_, (Q(article_id=slot) for slot in articles.values()))
        )
        .order_by("author__name", "author_id")
        .values("article_id", "author_id", "author__name", "author__slug")
    )


story_rows = PreparedQuery(_story_rows)
byline_rows = PreparedQuery(
    _byline_rows, **{slot: models.BigIntegerField() for slot in STORY_SLOTS}
)


def stories():
    """(the lead story's card or None, the latest news's cards), newest first."""
    article_url = url_pattern("articles:detail")
    author_url = url_pattern("articles:author")
    lead, latest, by_pk = None, [], {}
    for row in story_rows():
        card = by_pk[row["pk"]] = card_from_row(row, article_url)
        if row["is_lead"]:
            lead = card
        else:
            latest.append(card)
    if by_pk:
        # Slots beyond the stories read the first story's bylines again, which nothing takes.
        ids = [*by_pk, *[next(iter(by_pk))] * len(STORY_SLOTS)]
        for row in byline_rows(**dict(zip(STORY_SLOTS, ids, strict=False))):
            by_pk[row["article_id"]].bylines.append(
                Byline(row["author_id"], row["author__name"], author_url(row["author__slug"]))
            )
    return lead, latest
