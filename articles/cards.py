"""Article cards: what every list of articles shows of each one, read as rows.

A card is the article's headline, standfirst, date, bylines and picture, with its URL and
dates already written out, so a list of twenty renders without building a model instance or
reversing a URL per row. Two queries for any number of cards: the articles, then their bylines.
"""

from dataclasses import dataclass, field

from newsroom.dependencies import row_key
from newsroom.images import StoredImage
from newsroom.rendering import day, iso, url_pattern

CARD_FIELDS = (
    "pk",
    "slug",
    "headline",
    "standfirst",
    "published_at",
    "corrected_at",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "lead_image_credit",
)


@dataclass(slots=True)
class Byline:
    pk: int
    name: str
    url: str


@dataclass(slots=True)
class Card:
    pk: int
    url: str
    headline: str
    standfirst: str
    published_at: object
    published_iso: str
    published_day: str
    corrected: bool
    image: StoredImage | None
    image_alt: str
    image_credit: str = ""
    bylines: list = field(default_factory=list)

    @property
    def keys(self):
        """The dependency keys of what the card shows: the article and its bylines."""
        return [row_key("article", self.pk), *(row_key("author", b.pk) for b in self.bylines)]


def card_from_row(row, article_url):
    """The card of one row of CARD_FIELDS, without its bylines yet."""
    return Card(
        pk=row["pk"],
        url=article_url(row["slug"]),
        headline=row["headline"],
        standfirst=row["standfirst"],
        published_at=row["published_at"],
        published_iso=iso(row["published_at"]),
        published_day=day(row["published_at"]),
        corrected=row["corrected_at"] is not None,
        image=StoredImage.of_row(row, "lead_image"),
        image_alt=row["lead_image_alt"],
        image_credit=row["lead_image_credit"],
    )


def make_cards(queryset):
    """The cards of the articles in `queryset` (already ordered and sliced), in its order."""
    from .models import Article

    article_url = url_pattern("articles:detail")
    author_url = url_pattern("articles:author")
    cards = [card_from_row(row, article_url) for row in queryset.values(*CARD_FIELDS)]
    if cards:
        by_pk = {card.pk: card for card in cards}
        bylines = (
            Article.authors.through.objects.filter(article_id__in=by_pk)
            .order_by("author__name", "author_id")
            .values_list("article_id", "author_id", "author__name", "author__slug")
        )
        for article_id, author_id, name, slug in bylines:
            by_pk[article_id].bylines.append(Byline(author_id, name, author_url(slug)))
    return cards
