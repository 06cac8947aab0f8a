"""Each article as the feeds carry it, written when it changes, so that a feed reads its page
of items in the query that finds them and joins them by string formatting.

An entry (FeedEntry) holds the ids of the article's bylines (the item's dependency keys) and
the whole item in each format (RSS, Atom, JSON Feed): its text, and its content (body and
corrections, sanitised, addresses absolute). Where the request's origin ("https://host")
goes, an item holds ORIGIN (its link, enclosure and bylines' addresses), or CONTENT_ORIGIN in
its content, which has the origin as the sanitiser writes it (host in lower case, no default
port). An article whose items differ between http and https (an address in it starting with
"//") keeps its https items too.

The items are written for a stand-in origin, which is then replaced by the marks, and checked
against a second stand-in: an article whose own words name the stand-in tries another, and
one for which none works keeps no entry (its item is written at each request).

The entry changes in the transaction of every change to what its items show: the article's
save (once its renditions exist: the enclosure is the largest), its body linked again, its
corrections, bylines and tags set or taken off, and a byline or tag renamed or deleted.
`rebuild()` makes every entry again (refresh_tallies and the bulk paths, through
tallies.rebuild()); `drift()` names the articles whose entry differs from one made now
(refresh_tallies --check).
"""

import functools
import html
import mimetypes
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils.feedgenerator import Enclosure
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from newsroom.images import StoredImage, rendition_name, renditions
from newsroom.rendering import day, url_pattern
from newsroom.text import sanitise_on

from . import tallies
from .feedgenerator import AtomFeed, Entry, JSONFeed, RssFeed, whole_content

# Each format's column in FeedEntry, in the order of an entry's https items.
COLUMNS = {RssFeed: "rss", AtomFeed: "atom", JSONFeed: "json"}

# Neither survives in XML text (newsroom.text.xml_safe), nor raw in JSON, nor does SEPARATOR
# (between the https items).
ORIGIN = "\uffff"
CONTENT_ORIGIN = "\ufffe"
SEPARATOR = "\x1e"

# Stand-in hosts (an item is written for the first, checked against the second), in the
# order they are tried.
STAND_INS = [(f"a{number}.feed.invalid", f"b{number}.feed.invalid") for number in range(4)]

ITEM_LIMIT = 30
# What an item shows of its article, read as one row.
ITEM_FIELDS = (
    "pk",
    "guid",
    "slug",
    "headline",
    "standfirst",
    "body_html",
    "published_at",
    "corrected_at",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
)
# Articles made again per round of queries by rebuild() and drift().
BATCH = 1000
# A FeedEntry's fields, as drift() compares them.
FIELDS = ("article_id", "bylines", *COLUMNS.values(), "https")


@dataclass(slots=True)
class FeedItem:
    """One article as a feed carries it, with its path and relations already read."""

    pk: int
    guid: str
    url: str
    headline: str
    standfirst: str
    body_html: str
    published_at: object
    corrected_at: object
    image: StoredImage | None
    bylines: list = field(default_factory=list)  # [(pk, name, path)], by name
    tags: list = field(default_factory=list)  # [name], in the order they were given
    corrections: list = field(default_factory=list)  # [(day, text_html)], oldest first


def _models(apps=None):
    """Article, Correction, FeedEntry and TaggedArticle: as they are now, or as a
    migration's `apps` has them."""
    if apps is None:
        from .models import Article, Correction, FeedEntry, TaggedArticle

        return Article, Correction, FeedEntry, TaggedArticle
    names = ("Article", "Correction", "FeedEntry", "TaggedArticle")
    return tuple(apps.get_model("articles", name) for name in names)


def feed_items(pks, apps=None):
    """{pk: FeedItem} of the articles `pks`, whatever their status, in four queries."""
    Article, Correction, _, TaggedArticle = _models(apps)
    pks = list(pks)
    article_url = url_pattern("articles:detail")
    author_url = url_pattern("articles:author")
    items = {}
    for row in Article.objects.filter(pk__in=pks).order_by().values(*ITEM_FIELDS):
        items[row["pk"]] = FeedItem(
            pk=row["pk"],
            guid=row["guid"].urn,
            url=article_url(row["slug"]),
            headline=row["headline"],
            standfirst=row["standfirst"],
            body_html=row["body_html"],
            published_at=row["published_at"],
            corrected_at=row["corrected_at"],
            image=StoredImage.of_row(row, "lead_image"),
        )
    bylines = (
        Article.authors.through.objects.filter(article_id__in=pks)
        .order_by("author__name", "author_id")
        .values_list("article_id", "author_id", "author__name", "author__slug")
    )
    for pk, author, name, slug in bylines:
        items[pk].bylines.append((author, name, author_url(slug)))
    tags = TaggedArticle.objects.filter(content_object_id__in=pks).order_by("pk")
    for pk, name in tags.values_list("content_object_id", "tag__name"):
        items[pk].tags.append(name)
    corrections = Correction.objects.filter(article_id__in=pks).order_by("made_at", "pk")
    for pk, made_at, text_html in corrections.values_list("article_id", "made_at", "text_html"):
        items[pk].corrections.append((day(made_at), text_html))
    return items


def lead_image_enclosure(image):
    """The largest rendition of a lead image (or the original), sized by a storage stat."""
    from .models import Article

    if image is None:
        return None
    storage = Article._meta.get_field("lead_image").storage
    sizes = renditions(image)
    names = [rendition_name(image.name, sizes[-1][1])] if sizes else []
    names.append(image.name)
    for name in names:
        try:
            length = storage.size(name)
        except OSError:
            continue
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return Enclosure(storage.url(name), str(length), mime_type)
    return None


def item_content(item):
    """The body, then any corrections, so a subscriber sees what changed and when."""
    if not item.corrections:
        return item.body_html
    return format_html(
        "{}<hr><h2>Corrections</h2>{}",
        mark_safe(item.body_html),
        format_html_join(
            "",
            "<p><strong>{}</strong></p>{}",
            ((made_on, mark_safe(text_html)) for made_on, text_html in item.corrections),
        ),
    )


def _entry(item, enclosure, origin):
    """The item as written for a request from `origin`."""
    return Entry.of(
        title=item.headline,
        link=origin + item.url,
        # Readers treat RSS descriptions and Atom html summaries as markup; the standfirst
        # is text.
        description=html.escape(item.standfirst, quote=False),
        guid=item.guid,
        pubdate=item.published_at,
        updateddate=item.corrected_at,
        categories=item.tags,
        enclosure=enclosure,
        content_html=item_content(item),
        summary=item.standfirst,
        authors=[(name, url) for _, name, url in item.bylines],
        origin=origin,
    )


def _items(entry, origin=None):
    """{column: the entry in that column's format}; with `origin`, the stand-in origin the
    entry was written for, it is replaced by the marks."""
    content = entry.content_html

    def marked(text):
        return text.replace(origin, ORIGIN) if origin else text

    if origin:
        content = content.replace(origin, CONTENT_ORIGIN)
    return {
        column: feed_type.item(marked(before), content, marked(after))
        for feed_type, column in COLUMNS.items()
        for before, after in [feed_type.item_parts(entry)]
    }


def _byline_ids(item):
    return ",".join(str(pk) for pk, _, _ in item.bylines)


def _own_words(item, enclosure):
    """What the item shows outside its content that is not the origin."""
    return [
        item.headline,
        item.standfirst,
        item.url,
        *item.tags,
        *(part for _, name, url in item.bylines for part in (name, url)),
        *([enclosure.url] if enclosure else []),
    ]


def entry_values(item):
    """The fields of `item`'s FeedEntry (see the module's docstring), or None when every
    stand-in origin is named by the article itself.

    Outside the content the origin only starts the item's addresses, so the item is written
    once, for the first stand-in; the content is sanitised again for the second, and for the
    first over https, to check it holds the origin only where the sanitiser put it.
    """
    enclosure = lead_image_enclosure(item.image)
    body = item_content(item)
    for host, other in STAND_INS:
        if any(host in words for words in _own_words(item, enclosure)):
            continue
        origin, check = f"http://{host}", f"http://{other}"
        entry = _entry(item, enclosure, origin)
        checked = whole_content(body, check + item.url, check)
        if host in checked or entry.content_html.replace(origin, check) != checked:
            continue
        values = {"bylines": _byline_ids(item), **_items(entry, origin), "https": ""}
        secure = f"https://{host}"
        over_https = whole_content(body, secure + item.url, secure)
        # An enclosure resolved against the item's link takes the request's scheme.
        if over_https != entry.content_html.replace(origin, secure) or (
            enclosure and enclosure.url.startswith("//")
        ):
            values["https"] = SEPARATOR.join(
                _items(_entry(item, enclosure, secure), secure).values()
            )
        return values
    return None


@functools.lru_cache(maxsize=16)
def content_origin(origin):
    """`origin` as the sanitiser writes it in the addresses it makes absolute."""
    link = sanitise_on('<a href="/">', f"{origin}/", origin)
    return re.search(r'href="([^"]*)/"', link)[1]


def page_fields(feed_type):
    """What a feed's page query reads of each article's entry, as values() arguments."""
    return {
        "bylines": F("feed_entry__bylines"),
        "item": F(f"feed_entry__{COLUMNS[feed_type]}"),
        "https": F("feed_entry__https"),
    }


def page_items(feed_type, rows, origin):
    """[(pk, byline ids, item)] of a feed's page `rows` (read with page_fields()), in
    `feed_type`'s format, for a request from `origin`. An article without an entry is written
    now, in four queries for them all."""
    unkept = [row["pk"] for row in rows if row["item"] is None]
    written = {}
    for pk, item in feed_items(unkept).items() if unkept else ():
        entry = _entry(item, lead_image_enclosure(item.image), origin)
        written[pk] = (_byline_ids(item), _items(entry)[COLUMNS[feed_type]])
    secure = origin.startswith("https:")
    position = list(COLUMNS).index(feed_type)
    items = []
    for row in rows:
        pk, bylines, text = row["pk"], row["bylines"], row["item"]
        if text is None:
            if pk not in written:
                continue
            bylines, text = written[pk]
        elif secure and row["https"]:
            text = row["https"].split(SEPARATOR)[position]
        items.append((pk, [int(author) for author in bylines.split(",")] if bylines else [], text))
    return items


# Keeping -----------------------------------------------------------------------------------


def _write(FeedEntry, items, replace):
    values = {pk: entry_values(item) for pk, item in items.items()}
    if replace:
        unkept = [pk for pk, fields in values.items() if fields is None]
        FeedEntry.objects.filter(article_id__in=unkept).delete()
    FeedEntry.objects.bulk_create(
        [FeedEntry(article_id=pk, **fields) for pk, fields in values.items() if fields],
        **(
            {
                "update_conflicts": True,
                "unique_fields": ["article"],
                "update_fields": ["bylines", *COLUMNS.values(), "https"],
            }
            if replace
            else {}
        ),
    )


def refresh(pks, apps=None):
    """Make the entries of articles `pks` again, unless a bulk write will rebuild them all. A
    migration passes its `apps`."""
    if tallies.in_bulk() or not pks:
        return
    FeedEntry = _models(apps)[2]
    pks = sorted(set(pks))
    with transaction.atomic(savepoint=False):
        for start in range(0, len(pks), BATCH):
            _write(FeedEntry, feed_items(pks[start : start + BATCH], apps), replace=True)


def rebuild(apps=None):
    """Every article's entry made again. A migration passes its `apps`."""
    Article, _, FeedEntry, _ = _models(apps)
    with transaction.atomic():
        FeedEntry.objects.all().delete()
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            _write(FeedEntry, feed_items(pks[start : start + BATCH], apps), replace=False)


def drift():
    """The ids of the articles whose stored entry differs from one made now, or is missing
    where one can be made."""
    Article, _, FeedEntry, _ = _models()
    pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    drifted = []
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        stored = {
            fields.pop("article_id"): fields
            for fields in FeedEntry.objects.filter(article_id__in=batch).values(*FIELDS)
        }
        for pk, item in feed_items(batch).items():
            if stored.get(pk) != entry_values(item):
                drifted.append(pk)
    return sorted(drifted)


# Receivers -------------------------------------------------------------------------------


def _articles_linked(through, column, pk):
    """The ids of the articles linked to row `pk` of a byline or tag through `through`."""
    article = "content_object_id" if column == "tag_id" else "article_id"
    return set(through.objects.filter(**{column: pk}).values_list(article, flat=True))


def _link_column(sender):
    from .models import Article, TaggedArticle

    if sender is TaggedArticle:
        return "tag_id"
    if sender is Article.authors.through:
        return "author_id"
    return None


def follow_links(sender, instance, action, reverse, pk_set, **kwargs):
    """Bylines or tags set on or taken off articles, from either side."""
    column = _link_column(sender)
    if column is None or tallies.in_bulk():
        return
    if action == "pre_clear" and reverse:
        # Which articles lose the link can only be read before the rows go.
        instance._feed_entries_unlinked = _articles_linked(sender, column, instance.pk)
    elif action == "post_clear":
        refresh(
            instance.__dict__.pop("_feed_entries_unlinked", set()) if reverse else [instance.pk]
        )
    elif action in {"post_add", "post_remove"}:
        refresh((pk_set or []) if reverse else [instance.pk])


def _subject_links(sender):
    from .models import Article, TaggedArticle

    if sender._meta.model_name == "tag":
        return TaggedArticle, "tag_id"
    return Article.authors.through, "author_id"


def note_renamed(sender, instance, raw, **kwargs):
    """A byline's name or address, or a tag's name, about to change."""
    if raw or instance.pk is None or tallies.in_bulk():
        return
    stored = sender.objects.filter(pk=instance.pk).values("name", "slug").first()
    instance._feed_entries_renamed = stored is not None and stored != {
        "name": instance.name,
        "slug": instance.slug,
    }


def follow_renamed(sender, instance, raw=False, **kwargs):
    if instance.__dict__.pop("_feed_entries_renamed", False):
        refresh(_articles_linked(*_subject_links(sender), instance.pk))


def note_deleted(sender, instance, **kwargs):
    """A deleted byline or tag takes its links with it, unsignalled."""
    if not tallies.in_bulk():
        instance._feed_entries_unlinked = _articles_linked(*_subject_links(sender), instance.pk)


def follow_deleted(sender, instance, **kwargs):
    refresh(instance.__dict__.pop("_feed_entries_unlinked", set()))


def connect():
    """Called by the app's ready(), with tallies.connect(). The article's own saves, its
    body linked again and its corrections call refresh() themselves (models.py)."""
    from taggit.models import Tag

    from .models import Article, Author, TaggedArticle

    for through in (TaggedArticle, Article.authors.through):
        m2m_changed.connect(follow_links, sender=through, dispatch_uid=f"feed-entries-{through}")
    for subject in (Tag, Author):
        pre_save.connect(note_renamed, sender=subject, dispatch_uid=f"feed-entries-{subject}")
        post_save.connect(
            follow_renamed, sender=subject, dispatch_uid=f"feed-entries-renamed-{subject}"
        )
        pre_delete.connect(
            note_deleted, sender=subject, dispatch_uid=f"feed-entries-deleting-{subject}"
        )
        post_delete.connect(
            follow_deleted, sender=subject, dispatch_uid=f"feed-entries-deleted-{subject}"
        )
