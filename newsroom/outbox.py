"""The outbox: messages to the world outside the site (webhooks, emails), stored with the change
that calls for them and sent afterwards by `manage.py outbox_worker`.

A message is a row of OutboxMessage written in the current transaction, so it exists exactly
when the change that caused it commits: a rolled-back save sends nothing, and a committed one
cannot lose its message however the process ends. The worker sends each due message through the
handler registered for its kind, one message per transaction, holding the row locked while the
handler runs (PostgreSQL skips locked rows, so two workers never send one message twice). A
handler that raises is tried again later, each wait twice the last; `GiveUp` fails it at once.
A worker killed mid-send leaves its transaction uncommitted: the message is still due.

Plumbing only: the apps that send things register handlers (`@handles(kind)`) and watchers
(`@watch`) from their AppConfig.ready().
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Now

from .models import OutboxMessage

logger = logging.getLogger(__name__)

_handlers = {}
_failure_handlers = {}
_watchers = []

OUTCOMES = ("sent", "retried", "failed")


class GiveUp(Exception):
    """Raised by a handler when trying again cannot help (a receiver refused for good, an
    address that no longer exists): the message is marked failed at once."""


def enqueue(kind, payload, *, key, due_at=None):
    """Store a message in the current transaction; False if one with `key` exists already
    (it is not sent twice). `due_at`: not before then (default: as soon as the change commits,
    by the database's clock)."""
    defaults = {"kind": kind, "payload": payload}
    if due_at is not None:
        defaults["due_at"] = due_at
    _message, created = OutboxMessage.objects.get_or_create(key=key, defaults=defaults)
    return created


def handles(kind, *, on_failure=None):
    """Register `fn(payload) -> None` as the sender of messages of `kind`.

    `on_failure(payload, error)`, if given, runs after each failed try, once the handler's own
    writes are undone, in the worker's transaction: it may keep a record of the failure (a
    receiver's answer) that the failed try itself could not."""

    def register(fn):
        known = _handlers.get(kind)
        if known is not None and known.__qualname__ != fn.__qualname__:
            raise ValueError(f"Outbox messages of kind {kind!r} already have a handler: {known}.")
        _handlers[kind] = fn
        if on_failure is not None:
            _failure_handlers[kind] = on_failure
        return fn

    return register


def watch(fn):
    """Register `fn() -> None`, called in its own transaction at the start of every drain: it
    enqueues what time alone calls for (a scheduled publication whose moment has passed)."""
    if all(known.__qualname__ != fn.__qualname__ for known in _watchers):
        _watchers.append(fn)
    return fn


def due():
    """The messages waiting to be sent whose time has come, oldest due first."""
    return OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, due_at__lte=Now()
    ).order_by("due_at", "pk")


def retry_delay(attempts):
    """How long to wait after `attempts` failed tries: doubling from OUTBOX_RETRY_SECONDS, at
    most OUTBOX_RETRY_MAX_SECONDS."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def drain(limit=100):
    """Send up to `limit` due messages; {"sent": n, "retried": n, "failed": n}."""
    for watcher in list(_watchers):
        try:
            with transaction.atomic():
                watcher()
        except Exception:
            # Messages already waiting are still sent.
            logger.exception("The outbox watcher %s failed", watcher.__qualname__)
    counts = dict.fromkeys(OUTCOMES, 0)
    for _ in range(limit):
        outcome = send_next()
        if outcome is None:
            break
        counts[outcome] += 1
    return counts


def send_next():
    """Send the next due message that no other worker holds: its outcome, or None if none."""
    with transaction.atomic():
        message = due().select_for_update(skip_locked=True).first()
        if message is None:
            return None
        message.attempts += 1
        try:
            handler = _handlers.get(message.kind)
            if handler is None:
                # A deployment may bring the handler: tried again like any failure.
                raise LookupError(f"No handler for outbox messages of kind {message.kind!r}.")
            # The handler's own writes (the messages it enqueues) are undone if it fails.
            with transaction.atomic():
                handler(message.payload)
        except GiveUp as error:
            outcome = _fail(message, error)
            _note_failure(message, error)
        except Exception as error:
            logger.warning(
                "Outbox message %s failed (try %d)", message.key, message.attempts, exc_info=True
            )
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                outcome = _fail(message, error)
            else:
                outcome = "retried"
                message.last_error = describe(error)
                message.due_at = models.ExpressionWrapper(
                    Now() + retry_delay(message.attempts), output_field=models.DateTimeField()
                )
            _note_failure(message, error)
        else:
            outcome = "sent"
            message.status = OutboxMessage.Status.SENT
            message.sent_at = Now()
        message.save(update_fields=["attempts", "status", "due_at", "sent_at", "last_error"])
        return outcome


def _note_failure(message, error):
    on_failure = _failure_handlers.get(message.kind)
    if on_failure is None:
        return
    try:
        with transaction.atomic():
            on_failure(message.payload, error)
    except Exception:
        # The failure itself must still be counted, or the message would be tried at once
        # again and again.
        logger.exception("Recording the failure of outbox message %s failed", message.key)


def _fail(message, error):
    message.status = OutboxMessage.Status.FAILED
    message.last_error = describe(error)
    return "failed"


def describe(error):
    """What went wrong, as the admin's delivery log shows it."""
    text = f"{type(error).__name__}: {error}"
    return text[:2000]
