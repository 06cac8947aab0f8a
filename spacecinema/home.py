"""What the home page's stories read, in one prepared query (newsroom/prepared.py): the lead
story and the latest news, the lead's card fields and the latest's stored cards
(articles/cards.py).

The home page is read on every visit: the query is built and compiled once per process.
Which articles they are is decided in SQL on each run (`published()` compares with the
database's clock), so a scheduled article leads or joins the latest at its time.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q

from articles.cards import CARD_COLUMNS, CARD_FIELDS, StoredCard, card_from_row
from articles.models import Article
from newsroom.prepared import PreparedQuery

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
        .values(*CARD_FIELDS, *CARD_COLUMNS, "is_lead")
    )


story_rows = PreparedQuery(_story_rows)


def stories():
    """(the lead story's card or None, the latest news's stored cards), newest first."""
    lead, latest = None, []
    for row in story_rows():
        if row["is_lead"]:
            # The lead story has its own layout: its fields, with its bylines as stored.
            lead = card_from_row(row, row["card_bylines_html"], row["card_authors"])
        else:
            latest.append(StoredCard.of_row(row))
    return lead, latest
