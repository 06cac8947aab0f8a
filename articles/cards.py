"""Article cards: what every list of articles shows of each one, rendered when it changes.

A card is the article's headline, standfirst, date, bylines and picture, its primary topic (the
kicker above the headline) and whether it was corrected, as the macro card() in
articles/jinja2/articles/macros.html writes them. It is rendered at write time, in the transaction
of the change that alters it, and kept on the article's row (card_html, with its bylines' part and
their ids beside it): a list reads its page of cards in one query and writes each out as stored,
with no template work per card.

What alters a card, and where it is written again:

- the article's save (headline, standfirst, slug, publication time, lead image and its alt
  text and size, primary topic): rendered from the row as it is written, by the same UPDATE
  (CardField);
- its primary topic's tag renamed, re-slugged or deleted, or taken off the article (the topic
  goes with it): the receivers at the end of this module;
- its bylines set or taken off, from either side; a byline renamed, re-slugged or deleted
  (all its articles' cards); a correction made or withdrawn ("Updated"): the receivers at the
  end of this module, and Article.refresh_corrected_at().

Dates are written in the site's time zone (settings.TIME_ZONE) and addresses with the site's
URL prefix and media storage: after changing those, `manage.py refresh_tallies` writes every
card again, as it does after writes that skipped signals (tallies.bulk()); with `--check` it
names the cards that differ from a fresh rendering.
"""

from dataclasses import dataclass

from django.db import connections, models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.template import engines
from markupsafe import Markup

from newsroom.changes import changed
from newsroom.dependencies import row_key
from newsroom.images import StoredImage
from newsroom.rendering import day, iso, url_pattern

from . import tallies

# What a card shows of the article's own row.
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
    "primary_topic__name",
    "primary_topic__slug",
    "language",
)

# The article's own fields a card is made from: a save of any of them renders it again.
CARD_SOURCES = frozenset(
    {*(name for name in CARD_FIELDS if "__" not in name), "primary_topic", "primary_topic_id"}
)

# Where the card is kept on the article's row: its HTML, its bylines' HTML (the home page's
# lead story shows them in its own layout) and its bylines' ids, comma-separated, in order.
CARD_COLUMNS = ("card_html", "card_bylines_html", "card_authors")

# What a list reads of each card.
STORED_FIELDS = ("pk", "card_html", "card_authors")

# Where the headline's heading level goes in a stored card. Pages show cards under headings of
# different levels (h2 on /news/, h3 below a section's h2): the card is kept once, with this
# mark in place of the level, and written out at the page's level by one str.replace(). The
# mark cannot be forged: everything an editor types reaches a card escaped, so a "<" in it
# only ever comes from the macro itself. (Substituting "h2" for "h3" would instead depend on
# no other h2 ever entering the macro; a copy per level would double what each card keeps.)
HEADING_LEVEL = "<heading-level>"

BATCH = 1000


def card_keys(pk, authors):
    """The dependency keys of what a card shows: the article and its bylines."""
    return [row_key("article", pk), *(row_key("author", author) for author in authors)]


def _author_ids(stored):
    return stored.split(",") if stored else []


class StoredCard:
    """A card as lists read it: the stored HTML, written out at a page's heading level."""

    __slots__ = ("pk", "stored", "authors")

    def __init__(self, pk, stored, authors):
        self.pk, self.stored, self.authors = pk, stored, authors

    @classmethod
    def of_row(cls, row):
        return cls(row["pk"], row["card_html"], row["card_authors"])

    @property
    def keys(self):
        return card_keys(self.pk, _author_ids(self.authors))

    def html(self, level=2):
        return Markup(self.stored.replace(HEADING_LEVEL, str(level)))


def cards_html(cards, level, before, after):
    """The stored `cards` written out one after another at heading `level`, each between the
    template's own whitespace: one string for a list, not a template call for each card."""
    level = str(level)
    return Markup(
        "".join(f"{before}{card.stored.replace(HEADING_LEVEL, level)}{after}" for card in cards)
    )


def stored_cards(rows):
    """The cards of rows of STORED_FIELDS, in their order."""
    return [StoredCard(row["pk"], row["card_html"], row["card_authors"]) for row in rows]


def make_cards(queryset):
    """The cards of the articles in `queryset` (already ordered and sliced): one query."""
    return stored_cards(queryset.values(*STORED_FIELDS))


@dataclass(slots=True)
class Byline:
    pk: int
    name: str
    url: str


@dataclass(slots=True)
class Card:
    """What the card macro writes of one article (and the lead story shows): URLs and dates
    already made, the bylines as the byline macro writes them."""

    pk: int
    url: str
    headline: str
    standfirst: str
    published_iso: str
    published_day: str
    corrected: bool
    image: StoredImage | None
    image_alt: str
    image_credit: str
    bylines_html: Markup
    authors: list
    # The primary topic, the kicker above the headline: the tag's name and page.
    topic: str = ""
    topic_url: str = ""
    # The headline's and standfirst's lang attribute when the article is not in the site's
    # English ("ru"), so a screen reader in an English list reads them in their language.
    lang: str = ""

    @property
    def keys(self):
        return card_keys(self.pk, self.authors)


def card_from_row(row, bylines_html="", authors="", article_url=None):
    """The card of one row of CARD_FIELDS, with its bylines' HTML and ids as stored."""
    topic_slug = row["primary_topic__slug"]
    return Card(
        pk=row["pk"],
        url=(article_url or url_pattern("articles:detail"))(row["slug"]),
        headline=row["headline"],
        standfirst=row["standfirst"],
        published_iso=iso(row["published_at"]),
        published_day=day(row["published_at"]),
        corrected=row["corrected_at"] is not None,
        image=StoredImage.of_row(row, "lead_image"),
        image_alt=row["lead_image_alt"],
        image_credit=row["lead_image_credit"],
        bylines_html=Markup(bylines_html),
        authors=_author_ids(authors),
        topic=row["primary_topic__name"] or "",
        topic_url=url_pattern("tags:detail")(topic_slug) if topic_slug else "",
        lang=lang_of(row["language"]),
    )


def lang_of(language):
    """The lang attribute an article's own words carry in a list: none in the site's English."""
    from .models import Article

    if language == Article.Language.ENGLISH:
        return ""
    return Article.HTML_LANGUAGES.get(language, language)


# Rendering -------------------------------------------------------------------------------


def _macros():
    return engines["jinja2"].env.get_template("articles/macros.html").module


def render(row, bylines_html):
    """The stored HTML of the card of a row of CARD_FIELDS with its bylines' HTML."""
    card = card_from_row(row, bylines_html)
    return str(_macros().card(card, Markup(HEADING_LEVEL)))


def _row_of(article):
    """An article instance's CARD_FIELDS as a row, as they are written (a time given as text,
    by a fixture or the shell, read as it is saved)."""
    row = {name: getattr(article, name) for name in CARD_FIELDS if "__" not in name}
    row["lead_image"] = article.lead_image.name or ""
    topic = article.primary_topic if article.primary_topic_id else None
    row["primary_topic__name"] = topic.name if topic else None
    row["primary_topic__slug"] = topic.slug if topic else None
    for name in ("published_at", "corrected_at"):
        row[name] = article._meta.get_field(name).to_python(row[name])
    return row


class CardField(models.TextField):
    """Article.card_html: rendered as the row is written.

    A field's pre_save() runs after every field declared before it has had its own, so an
    uploaded lead image has its final name and size, and the card goes out in the save's own
    statement. The bylines are not the row's: they are kept as stored (the save does not change
    them) and set on the instance for the columns declared after this one.
    """

    def pre_save(self, model_instance, add):
        # A migration's historical Article knows no stored_before(): a data migration writes
        # the cards with rebuild(apps).
        if not tallies.in_bulk() and hasattr(model_instance, "stored_before"):
            before = None if add else model_instance.stored_before()
            bylines = ("", "") if before is None else tuple(before[c] for c in CARD_COLUMNS[1:])
            model_instance.card_bylines_html, model_instance.card_authors = bylines
            model_instance.card_html = render(_row_of(model_instance), bylines[0])
        return super().pre_save(model_instance, add)


# Keeping ---------------------------------------------------------------------------------


def _models(apps):
    if apps is None:
        from .models import Article

        return Article
    return apps.get_model("articles", "Article")


def _cards_of(pks, Article):
    """{pk: (card HTML, bylines' HTML, bylines' ids)} rendered afresh for articles `pks`: two
    queries."""
    article_url = url_pattern("articles:detail")
    author_url = url_pattern("articles:author")
    macros = _macros()
    bylines = {}
    for article_id, author_id, name, slug in (
        Article.authors.through.objects.filter(article_id__in=pks)
        .order_by("author__name", "author_id")
        .values_list("article_id", "author_id", "author__name", "author__slug")
    ):
        bylines.setdefault(article_id, []).append(Byline(author_id, name, author_url(slug)))
    cards = {}
    for row in Article.objects.filter(pk__in=pks).values(*CARD_FIELDS):
        shown = bylines.get(row["pk"])
        bylines_html = str(macros.byline(shown)) if shown else ""
        authors = ",".join(str(byline.pk) for byline in shown) if shown else ""
        card = card_from_row(row, bylines_html, article_url=article_url)
        cards[row["pk"]] = (str(macros.card(card, Markup(HEADING_LEVEL))), bylines_html, authors)
    return cards


def _batches(pks):
    pks = sorted(pks)
    for start in range(0, len(pks), BATCH):
        yield pks[start : start + BATCH]


def _write(Article, cards):
    """Write {pk: card columns}: one UPDATE statement run for every row (executemany), which
    a rebuild of the whole archive needs; bulk_update()'s CASE over a batch's ids grows with
    the square of the batch."""
    connection = connections[Article.objects.db]
    name = connection.ops.quote_name
    meta = Article._meta
    columns = ", ".join(f"{name(meta.get_field(column).column)} = %s" for column in CARD_COLUMNS)
    sql = f"UPDATE {name(meta.db_table)} SET {columns} WHERE {name(meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*card, pk) for pk, card in cards.items()])


def store(pks, apps=None):
    """Render and write again the cards of articles `pks`, a batch at a time."""
    if tallies.in_bulk():
        return
    Article = _models(apps)
    for batch in _batches(pks):
        _write(Article, _cards_of(batch, Article))


def rebuild(apps=None):
    """Every article's card rendered and written again (tallies.rebuild(); a migration passes
    its `apps`)."""
    Article = _models(apps)
    store(list(Article.objects.values_list("pk", flat=True)), apps)


def drift():
    """The ids of the articles whose stored card differs from a fresh rendering, in order."""
    from .models import Article

    pks = list(Article.objects.values_list("pk", flat=True))
    drifted = []
    for batch in _batches(pks):
        cards = _cards_of(batch, Article)
        stored = Article.objects.filter(pk__in=batch).values_list("pk", *CARD_COLUMNS)
        drifted += [pk for pk, *card in stored if tuple(card) != cards[pk]]
    return sorted(drifted)


# Receivers -------------------------------------------------------------------------------


def follow_bylines(sender, instance, action, reverse, pk_set, **kwargs):
    """Bylines set on or taken off articles, from either side."""
    if action == "pre_clear" and reverse:
        # Which articles lose the byline can only be read before the links go.
        instance._cards_cleared = list(instance.articles.values_list("pk", flat=True))
    elif action in {"post_add", "post_remove", "post_clear"}:
        if not reverse:
            store([instance.pk])
        elif action == "post_clear":
            store(instance.__dict__.pop("_cards_cleared", []))
        elif pk_set:
            store(pk_set)


def _byline_of(author):
    return author.name, author.slug


def note_byline_before(sender, instance, raw, **kwargs):
    if raw or instance.pk is None:
        return
    saved = sender.objects.filter(pk=instance.pk).only("name", "slug").first()
    instance._cards_byline_moved = saved is not None and _byline_of(saved) != _byline_of(instance)


def follow_byline_save(sender, instance, raw, **kwargs):
    """A renamed or re-slugged byline: every card that shows it, in the same transaction."""
    if instance.__dict__.pop("_cards_byline_moved", False):
        store(list(instance.articles.values_list("pk", flat=True)))


def note_byline_deleted(sender, instance, **kwargs):
    # The links go with the byline, unsignalled: which cards showed it is read before.
    instance._cards_showing = list(instance.articles.values_list("pk", flat=True))


def follow_byline_delete(sender, instance, **kwargs):
    store(instance.__dict__.pop("_cards_showing", []))


def _topic_of(tag):
    return tag.name, tag.slug


def note_topic_before(sender, instance, raw, **kwargs):
    if raw or instance.pk is None:
        return
    saved = sender.objects.filter(pk=instance.pk).only("name", "slug").first()
    instance._cards_topic_moved = saved is not None and _topic_of(saved) != _topic_of(instance)


def follow_topic_save(sender, instance, raw, **kwargs):
    """A renamed or re-slugged tag: the cards of the articles it is the primary topic of, in
    the same transaction, and the pages showing them (their lists record the articles' keys,
    not the tag's)."""
    from .changes import visible_ids
    from .models import Article

    if instance.__dict__.pop("_cards_topic_moved", False):
        pks = list(Article.objects.filter(primary_topic=instance).values_list("pk", flat=True))
        store(pks)
        changed(*(row_key("article", pk) for pk in visible_ids(pks)))


def note_topic_deleted(sender, instance, **kwargs):
    # Its articles lose it by an UPDATE with no signals: which cards showed it is read before.
    from .models import Article

    instance._cards_topic_of = list(
        Article.objects.filter(primary_topic=instance).values_list("pk", flat=True)
    )


def follow_topic_delete(sender, instance, **kwargs):
    from .changes import visible_ids

    pks = instance.__dict__.pop("_cards_topic_of", [])
    store(pks)
    changed(*(row_key("article", pk) for pk in visible_ids(pks)))


def follow_untagging(sender, instance, action, reverse, pk_set, **kwargs):
    """A tag taken off articles, from either side: where it was their primary topic, they have
    none left (relinked() in changes.py records the change)."""
    from .models import Article

    if action not in {"post_remove", "post_clear"}:
        return
    if reverse:
        articles = Article.objects.filter(primary_topic=instance)
        if action == "post_remove":
            articles = articles.filter(pk__in=pk_set)
    else:
        # After a clear the article has no tags left, so no topic either.
        articles = Article.objects.filter(pk=instance.pk, primary_topic__isnull=False)
        if action == "post_remove":
            articles = articles.filter(primary_topic__in=pk_set)
    pks = list(articles.values_list("pk", flat=True))
    if pks:
        Article.objects.filter(pk__in=pks).update(primary_topic=None)
        store(pks)
        if not reverse:
            instance.primary_topic = None


def connect():
    """Called by the app's ready(): the cards follow their bylines and topics."""
    from taggit.models import Tag

    from .models import Article, Author

    pre_save.connect(note_topic_before, sender=Tag, dispatch_uid="cards-topic-before")
    post_save.connect(follow_topic_save, sender=Tag, dispatch_uid="cards-topic-save")
    pre_delete.connect(note_topic_deleted, sender=Tag, dispatch_uid="cards-topic-deleted")
    m2m_changed.connect(
        follow_untagging, sender=Article.tags.through, dispatch_uid="cards-topic-untagged"
    )
    post_delete.connect(follow_topic_delete, sender=Tag, dispatch_uid="cards-topic-gone")
    m2m_changed.connect(follow_bylines, sender=Article.authors.through, dispatch_uid="cards")
    pre_save.connect(note_byline_before, sender=Author, dispatch_uid="cards-byline-before")
    post_save.connect(follow_byline_save, sender=Author, dispatch_uid="cards-byline-save")
    pre_delete.connect(note_byline_deleted, sender=Author, dispatch_uid="cards-byline-deleted")
    post_delete.connect(follow_byline_delete, sender=Author, dispatch_uid="cards-byline-gone")
