"""What the home page's stories read, in one prepared query (newsroom/prepared.py): the lead
story, the featured stories and the latest news, the lead's card fields and the others' stored
cards (articles/cards.py).

The home page is read on every visit: the query is built and compiled once per process.
Which articles may be shown is decided in SQL on each run (`published()` and whether a pin is
still in force compare with the database's clock), so a scheduled article leads or joins the
latest at its time, and a pin stops counting when it ends. The query reads the few candidates
for each place, each straight from an index; which one takes which place is worked out here.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q

from articles.cards import CARD_COLUMNS, CARD_FIELDS, StoredCard, card_from_row
from articles.models import PIN_IN_FORCE, Article
from newsroom.prepared import PreparedQuery

LATEST_COUNT = 10
FEATURED_COUNT = 3


def _candidates():
    """The articles that may take a place: the newest lead pin, the newest featured pins (one
    more than shown, in case one leads), the newest published article with a picture, and
    enough of the newest to fill the latest news once the lead and the featured are left out."""
    published = Article.objects.published().order_by("-published_at", "-pk")
    return (
        Q(pk__in=Article.objects.pinned(Article.Pin.LEAD).values("pk")[:1])
        | Q(pk__in=Article.objects.pinned(Article.Pin.FEATURED).values("pk")[: FEATURED_COUNT + 1])
        | Q(pk__in=published.illustrated().values("pk")[:1])
        | Q(pk__in=published.values("pk")[: LATEST_COUNT + FEATURED_COUNT + 1])
    )


def _story_rows():
    return (
        Article.objects.filter(_candidates())
        .annotate(pin_in_force=ExpressionWrapper(PIN_IN_FORCE, output_field=BooleanField()))
        .order_by("-published_at", "-pk")
        .values(*CARD_FIELDS, *CARD_COLUMNS, "pinned_as", "pinned_at", "pin_in_force")
    )


story_rows = PreparedQuery(_story_rows)


def _pinned(rows, place):
    """The rows pinned as `place` whose pin is in force, the newest pin first."""
    pinned = [row for row in rows if row["pinned_as"] == place and row["pin_in_force"]]
    return sorted(pinned, key=lambda row: (row["pinned_at"], row["pk"]), reverse=True)


def stories():
    """(the lead story's card or None, the featured stories' stored cards, newest pin first,
    the latest news's stored cards, newest first). The lead is the newest lead pin, else the
    newest published article with a picture; the featured are the newest featured pins but the
    lead; the latest are the newest others."""
    rows = story_rows()
    lead = next(iter(_pinned(rows, Article.Pin.LEAD)), None) or next(
        (row for row in rows if row["lead_image"]), None
    )
    featured = [row for row in _pinned(rows, Article.Pin.FEATURED) if row is not lead]
    featured = featured[:FEATURED_COUNT]
    placed = {id(row) for row in [lead, *featured]}
    latest = [row for row in rows if id(row) not in placed][:LATEST_COUNT]
    return (
        # The lead story has its own layout: its fields, with its bylines as stored.
        lead and card_from_row(lead, lead["card_bylines_html"], lead["card_authors"]),
        [StoredCard.of_row(row) for row in featured],
        [StoredCard.of_row(row) for row in latest],
    )
