"""Announcing the news to the world outside the site: an article published, corrected or
unpublished becomes one "article.event" message in the outbox (newsroom/outbox.py), stored in
the transaction of the change; the worker then sends `article_announced`, whose receivers
(webhooks, email alerts) enqueue their own deliveries. Nothing here reaches the network, so an
editor's save never waits for a receiver.

Scheduled publications and expiries happen with no save: the worker looks for those whose moment
has passed by the database's clock and announces each once, keyed by the article and the moment
(an article scheduled again announces at its new time).
"""

from datetime import UTC, datetime, timedelta

import django.dispatch
from django.conf import settings
from django.db.models import F
from django.db.models.functions import Now
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from newsroom import outbox

from . import tallies
from .changes import is_visible
from .models import Article, Correction

# Sent with event ("published" | "corrected" | "unpublished"), article, correction (or None) and
# announcement (this announcement's own outbox key, unique: a base for the receivers' keys)
# inside the worker's transaction: receivers only enqueue() their own messages.
article_announced = django.dispatch.Signal()

EVENT = "article.event"
PUBLISHED, CORRECTED, UNPUBLISHED = "published", "corrected", "unpublished"


def moment(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_key(pk, event, when):
    return f"{EVENT}:{pk}:{event}:{when}"


def announce(pk, event, key, correction=None, quiet=False, deleted=None):
    """Enqueue the announcement; a quiet one only records that its moment has been seen;
    `deleted`: what the receivers are told of an article deleted meanwhile."""
    payload = {"article": pk, "event": event, "correction": correction, "key": key}
    if quiet:
        payload["quiet"] = True
    if deleted:
        payload["deleted"] = deleted
    return outbox.enqueue(EVENT, payload, key=key)


def publication_key(pk, published_at):
    """The one announcement of an article appearing at `published_at`."""
    return event_key(pk, PUBLISHED, moment(published_at))


def expiry_key(pk, expires_at):
    return event_key(pk, "expired", moment(expires_at))


@receiver(post_save, sender=Article, dispatch_uid="articles.announcements.article_saved")
def article_saved(sender, instance, raw, **kwargs):
    """An editor's save that shows the article to readers, or takes it away."""
    if raw or tallies.in_bulk():
        return
    stored = instance.stored_before() or {}
    before = tuple(stored.get(name) for name in ("status", "published_at", "expires_at"))
    status = instance.status
    published_at, expires_at = (
        Article._meta.get_field(name).to_python(getattr(instance, name))
        for name in ("published_at", "expires_at")
    )
    now = timezone.now()
    was_visible = is_visible(*before, now)
    visible = is_visible(status, published_at, expires_at, now)
    if visible and not was_visible:
        key = publication_key(instance.pk, published_at)
        if not announce(instance.pk, PUBLISHED, key):
            # Published again after being taken down: a new announcement.
            announce(instance.pk, PUBLISHED, f"{key}:again:{moment(now)}")
    elif was_visible and not visible:
        expired = status == Article.Status.PUBLISHED and expires_at is not None
        key = (
            expiry_key(instance.pk, expires_at)
            if expired and expires_at <= now
            else event_key(instance.pk, UNPUBLISHED, moment(now))
        )
        announce(instance.pk, UNPUBLISHED, key)
    else:
        note_moved_moments(instance.pk, before, (status, published_at, expires_at), now)


def note_moved_moments(pk, before, after, now):
    """An edit that moves a moment already past without showing or hiding the article (a live
    article's publication time, an expired one's expiry): the new moment is no news, and the
    worker must not take it for one that has just passed. Recorded as a quiet message, unless
    the old moment was never announced (the worker was stopped then): then it is announced
    now."""
    status, published_at, expires_at = after
    if status != Article.Status.PUBLISHED:
        return
    if published_at != before[1] and is_visible(*before, now) and is_visible(*after, now):
        old = publication_key(pk, before[1])
        told = outbox.OutboxMessage.objects.filter(key__startswith=old).exists()
        announce(pk, PUBLISHED, publication_key(pk, published_at), quiet=told)
    if (
        expires_at != before[2]
        and expires_at is not None
        and expires_at <= now
        and published_at is not None
        and published_at < expires_at
    ):
        was_expired = (
            before[0] == Article.Status.PUBLISHED
            and before[1] is not None
            and before[2] is not None
            and before[1] < before[2] <= now
        )
        told = (
            not was_expired
            or outbox.OutboxMessage.objects.filter(key=expiry_key(pk, before[2])).exists()
        )
        announce(pk, UNPUBLISHED, expiry_key(pk, expires_at), quiet=told)


@receiver(pre_delete, sender=Article, dispatch_uid="articles.announcements.article_deleted")
def article_deleted(sender, instance, **kwargs):
    """Deleting an article readers see takes it away from them, like unpublishing it."""
    if not Article.objects.published().filter(pk=instance.pk).exists():
        return
    deleted = {
        "headline": instance.headline,
        "slug": instance.slug,
        "published_at": instance.published_at.isoformat(),
    }
    key = event_key(instance.pk, "deleted", moment(timezone.now()))
    announce(instance.pk, UNPUBLISHED, key, deleted=deleted)


@receiver(post_save, sender=Correction, dispatch_uid="articles.announcements.correction_saved")
def correction_saved(sender, instance, created, raw, **kwargs):
    """A correction made to an article readers see."""
    if raw or not created or tallies.in_bulk():
        return
    if Article.objects.published().filter(pk=instance.article_id).exists():
        key = event_key(instance.article_id, CORRECTED, instance.pk)
        announce(instance.article_id, CORRECTED, key, correction=instance.pk)


@outbox.watch
def announce_moments_passed():
    """Scheduled publications and expiries whose moment has passed since the worker last
    looked (within OUTBOX_ANNOUNCE_LOOKBACK_HOURS), by the database's clock."""
    since = Now() - timedelta(hours=settings.OUTBOX_ANNOUNCE_LOOKBACK_HOURS)
    appeared = Article.objects.published().filter(published_at__gt=since)
    expired = Article.objects.filter(
        status=Article.Status.PUBLISHED,
        expires_at__lte=Now(),
        expires_at__gt=since,
        published_at__lt=F("expires_at"),
    )
    wanted = {
        publication_key(pk, published_at): (pk, PUBLISHED)
        for pk, published_at in appeared.values_list("pk", "published_at")
    }
    wanted |= {
        expiry_key(pk, expires_at): (pk, UNPUBLISHED)
        for pk, expires_at in expired.values_list("pk", "expires_at")
    }
    if not wanted:
        return
    known = set(outbox.OutboxMessage.objects.filter(key__in=wanted).values_list("key", flat=True))
    for key, (pk, event) in wanted.items():
        if key not in known:
            announce(pk, event, key)


# The worker takes expired articles out of the stored counts at their moment, so reads stop
# paying for them even where no page cache notices the moment first.
outbox.watch(tallies.settle_expiries)


@outbox.handles(EVENT)
def send_announcement(payload):
    """Tell the receivers, with the article as it is now. A publication or correction of an
    article taken down since is not announced: nothing unpublished leaks."""
    if payload.get("quiet"):
        return
    event = payload["event"]
    article = Article.objects.filter(pk=payload["article"]).first()
    if article is None and payload.get("deleted"):
        # Gone from the database too: the receivers hear of it as it was.
        deleted = payload["deleted"]
        article = Article(
            pk=payload["article"],
            headline=deleted["headline"],
            slug=deleted["slug"],
            published_at=datetime.fromisoformat(deleted["published_at"]),
        )
    if article is None:
        return
    if event != UNPUBLISHED and not Article.objects.published().filter(pk=article.pk).exists():
        return
    correction = None
    if event == CORRECTED:
        correction = Correction.objects.filter(pk=payload.get("correction")).first()
        if correction is None:
            return
    article_announced.send(
        sender=Article,
        event=event,
        article=article,
        correction=correction,
        announcement=payload["key"],
    )
