"""Following and confirming: what the reader's form and the link in their email do."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsroom import outbox

from .models import Subscriber, Subscription

CONFIRM = "alerts.confirm"
FORGET = "alerts.forget-unconfirmed"
CONFIRMATION_SALT = "alerts.confirm"


def confirmation_max_age():
    return timedelta(days=settings.ALERTS_CONFIRMATION_DAYS)


def confirmation_interval():
    return timedelta(minutes=settings.ALERTS_CONFIRMATION_INTERVAL_MINUTES)


def absolute(path):
    # The public address, never the Host a request named: links go into people's inboxes.
    return settings.SITE_URL + path


def confirmation_link(subscriber):
    """A link confirming what `subscriber` asked to follow: signed, and only for a while."""
    signed = signing.dumps(subscriber.pk, salt=CONFIRMATION_SALT)
    return absolute(reverse("alerts:confirm", args=[signed]))


def subscriber_of(signed):
    """The Subscriber a confirmation link names. Raises signing.SignatureExpired past its age,
    signing.BadSignature if it is not one of ours, Subscriber.DoesNotExist once deleted."""
    pk = signing.loads(signed, salt=CONFIRMATION_SALT, max_age=confirmation_max_age())
    return Subscriber.objects.get(pk=pk)


def manage_link(subscriber):
    return absolute(reverse("alerts:manage", args=[subscriber.token]))


def unsubscribe_link(subscriber):
    return absolute(reverse("alerts:unsubscribe", args=[subscriber.token]))


def follow(address, subject):
    """`address` asks to follow `subject` (alerts/subjects.py Subject).

    The follow waits for the address's owner to confirm it. A confirmation email is queued
    unless the address was sent one within the interval: asking again, or for something else,
    adds to what the one email's link confirms, so nobody can flood a stranger's inbox. The
    reader is told the same whatever happened here, so the form says nothing of who follows
    what.
    """
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(
            address__iexact=address, defaults={"address": address}
        )
        Subscription.objects.get_or_create(subscriber=subscriber, **subject.lookup)
        if not subscriber.subscriptions.filter(confirmed=False).exists():
            return
        claimed = (
            Subscriber.objects.filter(pk=subscriber.pk)
            .filter(
                Q(confirmation_sent_at__isnull=True)
                | Q(confirmation_sent_at__lte=now - confirmation_interval())
            )
            .update(confirmation_sent_at=now)
        )
        if claimed:
            outbox.enqueue(
                CONFIRM,
                {"subscriber": subscriber.pk},
                key=f"alerts.confirm:{subscriber.pk}:{now.isoformat()}",
            )
        # Whatever is still pending when its link has expired is forgotten: one clean-up per
        # address and interval, after the last follow of that interval has aged past the link.
        interval = confirmation_interval()
        period = int(now.timestamp() // interval.total_seconds())
        outbox.enqueue(
            FORGET,
            {"subscriber": subscriber.pk},
            key=f"alerts.forget:{subscriber.pk}:{period}",
            due_at=now + confirmation_max_age() + interval,
        )


def confirm(subscriber, pks):
    """The owner of `subscriber`'s address confirms the pending follows `pks` (those the page
    they confirmed on listed). True if any was confirmed."""
    now = timezone.now()
    with transaction.atomic():
        confirmed = subscriber.subscriptions.filter(confirmed=False, pk__in=pks).update(
            confirmed=True
        )
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
    return bool(confirmed)


def forget_unconfirmed(subscriber_pk):
    """Delete the follows of `subscriber_pk` never confirmed while a link could, and the
    address itself if it never confirmed anything."""
    cutoff = timezone.now() - confirmation_max_age()
    Subscription.objects.filter(
        subscriber=subscriber_pk, confirmed=False, created_at__lt=cutoff
    ).delete()
    Subscriber.objects.filter(
        pk=subscriber_pk, confirmed_at__isnull=True, subscriptions__isnull=True
    ).delete()
