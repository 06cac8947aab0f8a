"""The emails of alerts, sent from the outbox (newsroom/outbox.py) through Django's email
framework: the confirmation an address gets when it asks to follow something, and one alert per
published article per confirmed address, however many of the subjects it follows the article is
about. Every email links to the page where its reader sees and deletes what they follow."""

import smtplib

from django.conf import settings
from django.core import mail
from django.dispatch import receiver

from articles.announcements import article_announced
from articles.models import Article
from articles.review_notes import one_line
from newsroom import outbox

from . import following, subjects
from .models import Subscriber

ALERT = "alerts.alert"


def listed(names):
    """ "a", "a and b", "a, b and c"."""
    names = list(names)
    if len(names) < 3:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def send(message):
    """Send one email. An address the mail server refuses for good is not tried again; any other
    failure is, by the outbox."""
    try:
        mail.mailers.default.send_messages([message])
    except smtplib.SMTPRecipientsRefused as refused:
        if all(code >= 500 for code, _ in refused.recipients.values()):
            raise outbox.GiveUp(f"The mail server refused the address: {refused}") from refused
        raise


@outbox.handles(following.CONFIRM)
def send_confirmation(payload):
    subscriber = Subscriber.objects.filter(pk=payload["subscriber"]).first()
    if subscriber is None:
        # Deleted by its owner since: nothing to confirm.
        return
    pending = subjects.followed(subscriber.subscriptions.filter(confirmed=False))
    if not pending:
        return
    names = listed(one_line(subject.name) for _, subject in pending)
    days = settings.ALERTS_CONFIRMATION_DAYS
    body = (
        f"Someone, we hope you, asked {settings.SITE_NAME} to email this address when we "
        f"publish an article about {names}.\n\n"
        f"To start the emails, confirm within {days:g} day{'s' if days != 1 else ''}:\n"
        f"{following.confirmation_link(subscriber)}\n\n"
        "If it was not you, ignore this email: without a confirmation we send nothing more, "
        "and we forget the address once the link has expired.\n\n"
        f"See or delete what this address follows:\n{following.manage_link(subscriber)}\n"
    )
    send(
        mail.EmailMessage(
            f"Confirm your email alerts from {settings.SITE_NAME}",
            body,
            to=[subscriber.address],
        )
    )


@outbox.handles(following.FORGET)
def forget_unconfirmed(payload):
    following.forget_unconfirmed(payload["subscriber"])


@receiver(article_announced, dispatch_uid="alerts.alert_followers")
def alert_followers(sender, event, article, **kwargs):
    """Queue one alert for each confirmed address following anything the published `article`
    is about: the key makes it one per article and address, however often it is announced."""
    if event != "published":
        return
    addresses = Subscriber.objects.filter(subjects.subscriber_is_following(article))
    for pk in addresses.values_list("pk", flat=True).iterator():
        outbox.enqueue(
            ALERT, {"article": article.pk, "subscriber": pk}, key=f"alert:{article.pk}:{pk}"
        )


@outbox.handles(ALERT)
def send_alert(payload):
    article = Article.objects.published().filter(pk=payload["article"]).first()
    subscriber = Subscriber.objects.filter(
        pk=payload["subscriber"], confirmed_at__isnull=False
    ).first()
    if article is None or subscriber is None:
        # Withdrawn, or the reader left, since it was announced: nothing to tell.
        return
    matched = subjects.followed(subjects.followers(article).filter(subscriber=subscriber))
    if not matched:
        # Unfollowed since.
        return
    headline = one_line(article.headline)
    names = listed(one_line(subject.name) for _, subject in matched)
    standfirst = article.standfirst.strip()
    unsubscribe = following.unsubscribe_link(subscriber)
    body = (
        f"{headline}\n\n"
        + (f"{standfirst}\n\n" if standfirst else "")
        + f"Read it on {settings.SITE_NAME}:\n{following.absolute(article.get_absolute_url())}\n\n"
        f"You get this email because you follow {names}.\n"
        f"See or change what you follow:\n{following.manage_link(subscriber)}\n"
        f"Stop every alert:\n{unsubscribe}\n"
    )
    send(
        mail.EmailMessage(
            f"{settings.SITE_NAME}: {headline}",
            body,
            to=[subscriber.address],
            headers={
                # RFC 8058: a mail client's "unsubscribe" button posts to it, no page opened.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    )
