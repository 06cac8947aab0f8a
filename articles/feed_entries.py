"""Each article as the feeds carry it, written when it changes, so that a feed reads its page
of items in one query and puts each item together by string formatting.

An entry (`FeedEntry.text`) holds, each part ending at SEPARATOR: the ids of the article's
bylines (the item's dependency keys); for RSS, Atom and JSON Feed in turn, the item's text
before its content and after it; then the content (body and corrections, sanitised, its
addresses absolute). Where the request's origin ("https://host") goes, the text holds
ORIGIN (the item's link, enclosure and bylines' addresses), or CONTENT_ORIGIN in the
content, which has the origin as the sanitiser writes it (host in lower case, no default
port). An article whose text differs between http and https (an address in it starting with
"//") has its https parts after the others.

The text is the item written for a stand-in origin, the stand-in then replaced by the marks,
and checked against a second stand-in: an article whose own words name the stand-in tries
another, and one for which none works keeps no entry (its item is written at each request).

The entry changes in the transaction of every change to what its item shows: the article's
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

from django.db import models, transaction
from django.db.models import F
from django.db.models.expressions import ExpressionList
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils.feedgenerator import Enclosure
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from newsroom.images import StoredImage, rendition_name, renditions
from newsroom.prepared import PreparedQuery
from newsroom.rendering import day, url_pattern
from newsroom.text import sanitise_on

from . import tallies
from .feedgenerator import AtomFeed, Entry, JSONFeed, RssFeed, whole_content

# The formats in the order of their parts in an entry.
FORMATS = (RssFeed, AtomFeed, JSONFeed)
# Where each format's two parts are among the parts of one scheme's text, and the content.
AROUND = {feed_type: 2 * number for number, feed_type in enumerate(FORMATS)}
CONTENT = 2 * len(FORMATS)
SCHEME_PARTS = CONTENT + 1

# None of them survives in XML text (newsroom.text.xml_safe), nor raw in JSON.
SEPARATOR = "\x1e"
ORIGIN = "\uffff"
CONTENT_ORIGIN = "\ufffe"

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


def _parts(entry):
    """Each format's text before and after the entry's content, then the content."""
    return [
        *(part for feed_type in FORMATS for part in feed_type.item_parts(entry)),
        entry.content_html,
    ]


def _marked(parts, origin):
    *around, content = parts
    return [
        *(part.replace(origin, ORIGIN) for part in around),
        content.replace(origin, CONTENT_ORIGIN),
    ]


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


def entry_text(item):
    """The entry of `item` (see the module's docstring), or None when every stand-in origin
    is named by the article itself.

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
        plain = _marked(_parts(entry), origin)
        secure = f"https://{host}"
        over_https = whole_content(body, secure + item.url, secure)
        if enclosure and enclosure.url.startswith("//"):
            # Resolved against the item's link, it takes the request's scheme.
            over_https = None
        if over_https == entry.content_html.replace(origin, secure):
            return SEPARATOR.join([_byline_ids(item), *plain])
        return SEPARATOR.join(
            [
                _byline_ids(item),
                *plain,
                *_marked(_parts(_entry(item, enclosure, secure)), secure),
            ]
        )
    return None


@functools.lru_cache(maxsize=16)
def content_origin(origin):
    """`origin` as the sanitiser writes it in the addresses it makes absolute."""
    link = sanitise_on('<a href="/">', f"{origin}/", origin)
    return re.search(r'href="([^"]*)/"', link)[1]


# The page of items, by the ids of the newest articles the validators' query has found: one
# slot per item, the unused ones given the first id.
ITEM_IDS = {f"article{number}": models.BigIntegerField() for number in range(ITEM_LIMIT)}


def _stored_rows(**ids):
    from .models import Article

    return (
        Article.objects.published()
        .filter(pk__in=ExpressionList(*ids.values()))
        .order_by()
        .values("pk", text=F("feed_entry__text"))
    )


stored_entries = PreparedQuery(_stored_rows, **ITEM_IDS)


def read(ids, origin):
    """[(pk, byline ids, parts)] of the published articles `ids` (at most ITEM_LIMIT), in
    that order, for a request from `origin`: one query."""
    if not ids:
        return []
    slots = dict(zip(ITEM_IDS, [*ids, *[ids[0]] * (ITEM_LIMIT - len(ids))], strict=True))
    texts = {row["pk"]: row["text"] for row in stored_entries(**slots)}
    unkept = [pk for pk, text in texts.items() if text is None]
    for pk, item in feed_items(unkept).items() if unkept else ():
        parts = _parts(_entry(item, lead_image_enclosure(item.image), origin))
        texts[pk] = SEPARATOR.join([_byline_ids(item), *parts])
    secure = origin.startswith("https:")
    entries = []
    for pk in ids:
        if pk not in texts:
            continue
        parts = texts[pk].split(SEPARATOR)
        start = 1 + SCHEME_PARTS if secure and len(parts) > 1 + SCHEME_PARTS else 1
        bylines = [int(author) for author in parts[0].split(",")] if parts[0] else []
        entries.append((pk, bylines, parts[start : start + SCHEME_PARTS]))
    return entries


def item_text(feed_type, parts):
    """An item in `feed_type`'s format, from its parts as read() gives them."""
    before = AROUND[feed_type]
    return feed_type.item(parts[before], parts[CONTENT], parts[before + 1])


# Keeping -----------------------------------------------------------------------------------


def _write(FeedEntry, items, replace):
    texts = {pk: entry_text(item) for pk, item in items.items()}
    if replace:
        unkept = [pk for pk, text in texts.items() if text is None]
        FeedEntry.objects.filter(article_id__in=unkept).delete()
    FeedEntry.objects.bulk_create(
        [FeedEntry(article_id=pk, text=text) for pk, text in texts.items() if text is not None],
        **(
            {"update_conflicts": True, "unique_fields": ["article"], "update_fields": ["text"]}
            if replace
            else {}
        ),
    )


def refresh(pks):
    """Make the entries of articles `pks` again, unless a bulk write will rebuild them all."""
    if tallies.in_bulk() or not pks:
        return
    FeedEntry = _models()[2]
    pks = sorted(set(pks))
    with transaction.atomic(savepoint=False):
        for start in range(0, len(pks), BATCH):
            _write(FeedEntry, feed_items(pks[start : start + BATCH]), replace=True)


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
        stored = dict(
            FeedEntry.objects.filter(article_id__in=batch).values_list("article_id", "text")
        )
        for pk, item in feed_items(batch).items():
            if stored.get(pk) != entry_text(item):
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
