"""What the home page's stories read, in one prepared query (newsroom/prepared.py): the lead
story, the featured stories and the latest news, the lead's card fields and the others' stored
cards (articles/cards.py).

The home page is read on every visit: the query is built and compiled once per process.
Which articles they are is decided in SQL on each run (`published()` and the pins' ends compare
with the database's clock), so a scheduled article leads or joins the latest at its time, and a
pin stops counting when it ends.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, Q

from articles.cards import CARD_COLUMNS, CARD_FIELDS, StoredCard, card_from_row
from articles.models import Article
from newsroom.prepared import PreparedQuery

LATEST_COUNT = 10
FEATURED_COUNT = 3


def _stories():
    """(the lead story, the featured stories, the latest news) as conditions on the article's
    id: the lead is the newest lead pin, else the newest published article with a picture; the
    featured are the newest featured pins but the lead; the latest are the newest others."""
    published = Article.objects.published().order_by("-published_at", "-pk")
    pinned_lead = Article.objects.pinned(Article.Pin.LEAD).values("pk")[:1]
    newest_illustrated = published.illustrated().values("pk")[:1]
    lead = Q(pk__in=pinned_lead) | (Q(pk__in=newest_illustrated) & ~Exists(pinned_lead))
    lead_ids = Article.objects.filter(lead).values("pk")
    featured = Q(
        pk__in=Article.objects.pinned(Article.Pin.FEATURED)
        .exclude(pk__in=lead_ids)
        .values("pk")[:FEATURED_COUNT]
    )
    latest = Q(
        pk__in=published.exclude(pk__in=lead_ids).exclude(featured).values("pk")[:LATEST_COUNT]
    )
    return lead, featured, latest


def _story_rows():
    lead, featured, latest = _stories()
    return (
        Article.objects.filter(lead | featured | latest)
        .annotate(
            is_lead=ExpressionWrapper(lead, output_field=BooleanField()),
            is_featured=ExpressionWrapper(featured, output_field=BooleanField()),
        )
        .order_by("-published_at", "-pk")
        .values(*CARD_FIELDS, *CARD_COLUMNS, "is_lead", "is_featured", "pinned_at")
    )


story_rows = PreparedQuery(_story_rows)


def stories():
    """(the lead story's card or None, the featured stories' stored cards, newest pin first,
    the latest news's stored cards, newest first)."""
    lead, featured, latest = None, [], []
    for row in story_rows():
        if row["is_lead"]:
            # The lead story has its own layout: its fields, with its bylines as stored.
            lead = card_from_row(row, row["card_bylines_html"], row["card_authors"])
        elif row["is_featured"]:
            featured.append(row)
        else:
            latest.append(StoredCard.of_row(row))
    featured.sort(key=lambda row: (row["pinned_at"], row["pk"]), reverse=True)
    return lead, [StoredCard.of_row(row) for row in featured], latest
