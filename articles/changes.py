"""Which dependency keys a change to the news touches (newsroom/changes.py records them).

Readers only ever see a published article whose time has come, so a change matters only if
the article was or is visible: a draft, or an article in review, changes nothing public.

- Editing a visible article changes its own key.
- A change of visibility or of its publication time (publishing, unpublishing, a scheduled
  time coming or moving, deleting) also changes every list it enters or leaves: all the news,
  the year's and month's archives, and the article lists of its tags, people, organisations,
  productions and authors.
- Re-tagging it, or changing its subjects or bylines, changes its key and the lists of the
  subjects added or taken off.
- Its corrections and sources change its key; its corrections, the list of every correction
  (`CORRECTIONS`).
- An author's save or deletion changes the author and the list of authors.
- Pinning a published or scheduled article to the home page, moving or ending its pin, changes
  the home page's pins (`PINS`); a pin's end coming is found like a scheduled time.
- An original and its translations link to each other: a change of any of them that readers
  see (or saw), or the time of a scheduled one coming, changes the set's key
  (`translations_key` of the original), before and after a change of original.

A scheduled article's time coming, or an article's expiry, is found by the page cache
(`published_between()`), with no job to run: scheduling, or setting an expiry, only changes when
the next such moment is (`SCHEDULE`). So is an article turning LATEST_NEWS_AGE old, which takes
it out of the latest news (`LATEST_NEWS`, the Google News sitemap).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from newsroom.changes import SCHEDULE, changed
from newsroom.dependencies import (
    CORRECTIONS,
    LATEST_NEWS,
    NEWS,
    PINS,
    articles_key,
    row_key,
    translations_key,
)

from .models import LATEST_NEWS_AGE, Article, Author, Correction, Source, articles_showing
from .tallies import SUBJECT_RELATIONS, month_key

# Changes whenever a visible article does: the sitemaps' last-modified dates, and search.
ANY_ARTICLE = ("articles", "search")
# Each relation's through model, and the kind of its subjects' keys.
RELATION_KINDS = {
    getattr(Article, relation).through: kind for kind, relation in SUBJECT_RELATIONS.items()
}


def is_visible(status, published_at, expires_at, now):
    return (
        status == Article.Status.PUBLISHED
        and published_at is not None
        and published_at <= now
        and (expires_at is None or expires_at > now)
    )


def is_scheduled(status, published_at, expires_at, now):
    """Whether the article's visibility changes later by the clock alone: it is to appear, or
    to expire."""
    if status != Article.Status.PUBLISHED:
        return False
    return (published_at is not None and published_at > now) or (
        expires_at is not None and expires_at > now
    )


def visible_ids(ids):
    """Which of the articles `ids` readers may see now (by this process's clock)."""
    now = timezone.now()
    return set(
        Article.objects.filter(pk__in=ids, status=Article.Status.PUBLISHED, published_at__lte=now)
        .exclude(expires_at__lte=now)
        .values_list("pk", flat=True)
    )


def link_fields(kind):
    """The through model's columns holding the article and the subject of `kind`."""
    if kind == "tag":
        return "content_object_id", "tag_id"
    return "article_id", f"{kind}_id"


def listing_keys(ids):
    """The keys of every list the articles `ids` are in: all the news and each subject's."""
    keys = {NEWS}
    for through, kind in RELATION_KINDS.items():
        article, subject = link_fields(kind)
        subjects = through.objects.filter(**{f"{article}__in": ids}).values_list(subject, flat=True)
        keys.update(articles_key(kind, pk) for pk in set(subjects))
    return keys


def month_keys(*moments):
    """The keys of the year and month archives that list articles published at `moments`."""
    keys = set()
    for moment in moments:
        if moment is not None:
            local = timezone.localtime(moment)
            keys.update((month_key(local.year), month_key(local.year, local.month)))
    return keys


def translation_keys(pk, *originals):
    """The keys of the sets of translations article `pk` is (or was) in: its own, as an
    original, and those of `originals` (None for none)."""
    return {translations_key(pk), *(translations_key(o) for o in originals if o is not None)}


def published_between(start, end):
    """The keys a scheduled publication or an expiry changes when its time comes: of every
    article whose time to appear, or to expire, lies between `start` and `end`."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED).order_by()
    rows = list(
        published.filter(published_at__gte=start, published_at__lte=end)
        .values_list("pk", "published_at", "translation_of")
        .union(
            published.filter(expires_at__gte=start, expires_at__lte=end).values_list(
                "pk", "published_at", "translation_of"
            )
        )
    )
    if not rows:
        return pins_ended_between(start, end) | aged_between(start, end)
    ids = [pk for pk, _, _ in rows]
    return {
        *pins_ended_between(start, end),
        *aged_between(start, end),
        *ANY_ARTICLE,
        *(row_key("article", pk) for pk in ids),
        *(key for pk, _, original in rows for key in translation_keys(pk, original)),
        *listing_keys(ids),
        *month_keys(*(moment for _, moment, _ in rows)),
    }


def next_publication_after(moment):
    """When the next scheduled article appears, the next published one expires or the next pin
    ends, whichever is soonest, after `moment`; None if none is to come."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    # An expiry still to come has not settled (one settles only once passed): so the next is
    # the first of a range of the index article_expiry.
    moments = [
        published.filter(**{f"{field}__gt": moment}, **unsettled)
        .order_by(field)
        .values_list(field, flat=True)
        .first()
        for field, unsettled in (("published_at", {}), ("expires_at", {"expiry_settled": False}))
    ]
    moments.append(next_pin_end_after(moment))
    moments.append(next_aging_after(moment))
    return min((found for found in moments if found is not None), default=None)


def next_aging_after(moment):
    """When the next published article leaves the latest news, after `moment`; None if none
    will."""
    published = (
        Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=moment - LATEST_NEWS_AGE
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return published + LATEST_NEWS_AGE if published else None


def aged_between(start, end):
    """The keys an article leaving the latest news changes, if one does between `start` and
    `end`."""
    published = Article.objects.filter(
        status=Article.Status.PUBLISHED,
        published_at__range=(start - LATEST_NEWS_AGE, end - LATEST_NEWS_AGE),
    )
    return {LATEST_NEWS} if published.exists() else set()


def pinned():
    return Article.objects.filter(status=Article.Status.PUBLISHED).exclude(pinned_as="")


def next_pin_end_after(moment):
    """When the next pin of a published article ends, after `moment`; None if none will."""
    return (
        pinned()
        .filter(pinned_until__gt=moment)
        .order_by("pinned_until")
        .values_list("pinned_until", flat=True)
        .first()
    )


def pins_ended_between(start, end):
    """The keys a pin's end changes when its time comes, if one lies between `start` and
    `end`."""
    return {PINS} if pinned().filter(pinned_until__range=(start, end)).exists() else set()


@receiver(pre_save, sender=Article)
def note_visibility(sender, instance, raw, **kwargs):
    if not raw:
        instance.stored_before()


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw, **kwargs):
    if raw:
        return
    stored = instance.stored_before() or {
        "status": None,
        "published_at": None,
        "expires_at": None,
        "translation_of": None,
    }
    before = (stored["status"], stored["published_at"], stored["expires_at"])
    now = timezone.now()
    # As saved, whatever the instance was given (a string from a fixture or the shell).
    published_at, expires_at = (
        Article._meta.get_field(name).to_python(getattr(instance, name))
        for name in ("published_at", "expires_at")
    )
    after = (instance.status, published_at, expires_at)
    keys = set()
    if is_scheduled(*before, now) or is_scheduled(*after, now):
        keys.add(SCHEDULE)
    was_visible, visible = is_visible(*before, now), is_visible(*after, now)
    if was_visible or visible:
        keys.update(ANY_ARTICLE, [row_key("article", instance.pk)])
        keys |= translation_keys(instance.pk, stored["translation_of"], instance.translation_of_id)
        if was_visible != visible or before[1] != after[1]:
            keys |= listing_keys([instance.pk]) | month_keys(before[1], after[1])
    keys |= pin_keys(stored, instance, now, [before, after])
    changed(*keys)


def pin_keys(stored, instance, now, states):
    """What the article's pin changes when the pin or the article's publication (`states`,
    before and after) moves: the home page's pins if the article is or was public or is
    scheduled, and when the next pin ends if its end was or is to come."""
    pinned_until = Article._meta.get_field("pinned_until").to_python(instance.pinned_until)
    pins = [
        (stored.get("pinned_as", ""), stored.get("pinned_until")),
        (instance.pinned_as, pinned_until),
    ]
    if (states[0] == states[1] and pins[0] == pins[1]) or not any(place for place, _ in pins):
        return set()
    if not any(is_visible(*state, now) or is_scheduled(*state, now) for state in states):
        return set()
    ends = [moment for _, moment in pins if moment and moment > now]
    return {PINS, SCHEDULE} if ends else {PINS}


@receiver(pre_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    # Its lists can only be read before its links are deleted with it.
    now = timezone.now()
    keys = set()
    if Article.objects.filter(translation_of=instance.pk).exists():
        # Whatever its status: its translations lose their original, and their pages are
        # made again under their own set's key.
        keys.add(translations_key(instance.pk))
    if is_scheduled(instance.status, instance.published_at, instance.expires_at, now):
        keys.add(SCHEDULE)
    if instance.pk in visible_ids([instance.pk]):
        keys.update(ANY_ARTICLE, [row_key("article", instance.pk)], listing_keys([instance.pk]))
        keys |= month_keys(instance.published_at)
        keys |= translation_keys(instance.pk, instance.translation_of_id)
    changed(*keys)


def relinked(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags, subjects or bylines added to or taken off articles, from either side."""
    kind = RELATION_KINDS[sender]
    if action == "pre_clear":
        # What a clear takes off can only be read before it does.
        article, subject = link_fields(kind)
        mine, theirs = (subject, article) if reverse else (article, subject)
        links = sender.objects.filter(**{mine: instance.pk}).values_list(theirs, flat=True)
        instance.__dict__.setdefault("_cleared", {})[kind] = set(links)
        return
    if action == "post_clear":
        ids = instance.__dict__.get("_cleared", {}).pop(kind, set())
    elif action in {"post_add", "post_remove"}:
        ids = pk_set
    else:
        return
    if not ids:
        return
    if reverse:
        articles, subjects = visible_ids(ids), {instance.pk}
    else:
        articles, subjects = visible_ids([instance.pk]), ids
    if articles:
        changed(
            *ANY_ARTICLE,
            *(row_key("article", pk) for pk in articles),
            *(articles_key(kind, pk) for pk in subjects),
        )


for through in RELATION_KINDS:
    m2m_changed.connect(relinked, sender=through, dispatch_uid=f"articles.changes.{through}")


@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
def article_part_changed(sender, instance, raw=False, **kwargs):
    if not raw and visible_ids([instance.article_id]):
        # A correction made, edited or taken back is one of the corrections readers see.
        listed = [CORRECTIONS] if sender is Correction else []
        changed(*ANY_ARTICLE, row_key("article", instance.article_id), *listed)


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def author_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changed(row_key("author", instance.pk), "authors")


@receiver(post_save, sender="newsroom.Image")
@receiver(post_delete, sender="newsroom.Image")
def library_image_changed(sender, instance, raw=False, **kwargs):
    """The articles showing a library image in their bodies show it changed, or no more."""
    if raw:
        return
    shown = visible_ids(articles_showing(instance))
    if shown:
        changed(*ANY_ARTICLE, *(row_key("article", pk) for pk in shown))
