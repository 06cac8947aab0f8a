"""Review notes: what a writer submitting a piece, or an editor sending one back, tells the
desk, and the email that tells the people involved, sent from the outbox (newsroom/outbox.py)."""

import unicodedata
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from newsroom import outbox

from .models import Article, ReviewNote, TransitionNotAllowed, is_editor

NOTICE = "articles.review-note"

EDITOR_PERMISSION = "articles.publish_article"
# with_perm() asks one backend; the first configured one (axes) grants nothing itself.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def move_of(status_change, by):
    """The move a note comes with, from the status change the same save made (or None)."""
    if status_change is None:
        return ReviewNote.Move.NOTE
    if status_change.to_status == Article.Status.IN_REVIEW:
        return ReviewNote.Move.SUBMITTED
    # A writer taking their own piece back out of review is not the desk sending it back.
    if (
        status_change.from_status == Article.Status.IN_REVIEW
        and status_change.to_status == Article.Status.DRAFT
        and is_editor(by)
    ):
        return ReviewNote.Move.SENT_BACK
    return ReviewNote.Move.NOTE


def leave_note(article, by, text, move=ReviewNote.Move.NOTE):
    """Store `text` as a note on `article`; an empty note is no note. Only someone who may edit
    the article may leave one, as with any save of it."""
    text = text.strip()
    if not text:
        return None
    if not article.can_be_edited_by(by):
        raise TransitionNotAllowed(f"You may not leave a note on “{article}”.")
    return ReviewNote.objects.create(article=article, author=by, move=move, text=text)


def one_line(text):
    """User text made safe for an email header: control characters and line breaks of any
    kind become single spaces, so a headline cannot add or break a header."""
    visible = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return " ".join(visible.split())


def name_of(user):
    return one_line(user.get_full_name() or user.get_username())


def recipients(article, move, sender):
    """Who is told of `move`: the editors of a submission, the writers of a piece sent back;
    only active logins with an address, never the sender."""
    User = get_user_model()
    if move == ReviewNote.Move.SUBMITTED:
        people = User.objects.with_perm(EDITOR_PERMISSION, backend=PERMISSION_BACKEND).filter(
            is_staff=True
        )
    elif move == ReviewNote.Move.SENT_BACK:
        people = User.objects.filter(is_active=True, author__articles=article)
    else:
        return []
    addresses = people.exclude(pk=sender.pk).exclude(email="").order_by("pk")
    return list(dict.fromkeys(addresses.values_list("email", flat=True)))


def change_page_url(article):
    return settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])


def notice(article, move, sender, text):
    """The email, one per recipient so nobody's address is shown to the others."""
    headline = one_line(article.headline)
    name = name_of(sender)
    if move == ReviewNote.Move.SUBMITTED:
        subject = f"“{headline}” submitted for review by {name}"
        opening = f"{name} submitted “{headline}” for review."
    else:
        subject = f"“{headline}” sent back by {name}"
        opening = f"{name} sent “{headline}” back to the writer."
    note = text.strip()
    said = f"Their note:\n\n{note}" if note else "They left no note."
    body = f"{opening}\n\n{said}\n\nOpen the article:\n{change_page_url(article)}\n"
    reply_to = [sender.email] if sender.email else []
    return [
        mail.EmailMessage(subject, body, to=[address], reply_to=reply_to)
        for address in recipients(article, move, sender)
    ]


def tell_the_desk(article, move, sender, text):
    """Queue the emails telling the people involved in `move`, in the transaction of the save
    that made it: they go out once it commits, and a mail server that is down delays them
    (the outbox tries again) without holding up or undoing the save. The number queued."""
    messages = notice(article, move, sender, text)
    occasion = uuid.uuid4().hex
    for number, message in enumerate(messages):
        outbox.enqueue(
            NOTICE,
            {
                "subject": message.subject,
                "body": message.body,
                "to": message.to,
                "reply_to": message.reply_to,
            },
            key=f"review-note:{article.pk}:{occasion}:{number}",
        )
    return len(messages)


@outbox.handles(NOTICE)
def send_notice(payload):
    message = mail.EmailMessage(
        payload["subject"], payload["body"], to=payload["to"], reply_to=payload["reply_to"]
    )
    try:
        mail.mailers.default.send_messages([message])
    except ValueError as refused:
        # A header Django refuses is refused on every try.
        raise outbox.GiveUp(str(refused)) from refused
