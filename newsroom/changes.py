"""The change log: which dependency keys (newsroom/dependencies.py) each committed change
touched, shared by every worker, so a change evicts exactly what shows it.

The log lives in the shared cache: a counter, `newsroom:changes` (the change sequence), and
for each change an entry `newsroom:change:<seq>` holding the keys it changed. A change is
recorded once its transaction has committed: the counter goes up and the entry is written.

Each worker remembers, per key, the sequence of the last change to it, and catches up with
the log when the counter has moved, reading only the new entries. Whatever is stored with the
sequence read before it was made (a page) is fresh while none of its keys changed after that
sequence. What a worker cannot know (an entry still missing after a short wait, entries too
many to read, `everything_changed()`) moves its floor: everything stored before it is stale.
"""

import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.dispatch import Signal

from .dependencies import row_key, tagged_key

COUNTER = "newsroom:changes"
ENTRY = "newsroom:change:{}"
# Every public change changes it: a page that recorded no keys depends on everything.
SITE = "site"
# Changed when an article is scheduled or unscheduled: the next publication time depends on it.
SCHEDULE = "schedule"
# An entry holding it stands for every key: imports and restores.
EVERYTHING = "*"
# Long enough for a worker that saw no request for a while to catch up without moving its floor.
ENTRY_SECONDS = 24 * 3600
# The most entries one catch-up reads: a worker further behind forgets what came before.
MAX_READ = 256
# Keys a worker remembers; the oldest go into the floor.
MAX_KEYS = 100_000
# An entry is written just after the counter moves: a reader may see the number first.
ENTRY_WAIT_SECONDS = 0.005
# The counter starts from the clock, so one evicted from the cache never counts again through
# numbers that pages already carry. Anything below this was not started here.
SEQUENCE_START = 10**18

# Sent by `record()` once a change is in the log, with its `keys` (a frozenset) and `sequence`
# (None when the shared cache keeps nothing): what sits outside the site, an HTTP cache in
# front, learns of committed changes from it.
recorded = Signal()


def _start():
    cache.add(COUNTER, time.time_ns(), timeout=None)


def current_sequence():
    """The shared change sequence now: one read of the shared cache."""
    number = cache.get(COUNTER)
    if number is None or number < SEQUENCE_START:
        if number is not None:
            cache.delete(COUNTER)
        _start()
        number = cache.get(COUNTER)
    return number


def record(keys):
    """Add a change of `keys` to the shared log now; returns its sequence.

    Call it only once the change is visible to other connections: `changed()` does. A cache
    that keeps nothing (Django's dummy cache) records nothing, but still sends `recorded`.
    """
    keys = frozenset(keys)
    number = _write(keys)
    recorded.send(sender=None, keys=keys, sequence=number)
    return number


def _write(keys):
    for _attempt in range(100):
        try:
            number = cache.incr(COUNTER)
        except ValueError:
            number = None
        if number is None or number < SEQUENCE_START:
            # Gone from the cache (or made again by an INCR that found it gone): start afresh.
            cache.delete(COUNTER)
            _start()
            continue
        # The file cache counts with a read and a write, so two writers may draw one number:
        # the second takes the next.
        if cache.add(ENTRY.format(number), keys, ENTRY_SECONDS):
            return number
    return None


def changed(*keys, using=None):
    """Record that what `keys` name has changed, once the current transaction commits (at
    once outside a transaction). A rolled-back change records nothing."""
    keys = set(keys)
    if not keys:
        return
    if keys != {SCHEDULE}:
        keys.add(SITE)
    connection = transaction.get_connection(using)
    # The first of a transaction's callbacks records every key its changes named, in one entry;
    # the others find nothing left. Keys of a rolled-back savepoint go with them: over-evicting
    # is safe.
    pending = connection.__dict__.setdefault("newsroom_changes", set())
    pending |= keys
    transaction.on_commit(lambda: _record_pending(connection), using=using)


def _record_pending(connection):
    keys = set(connection.newsroom_changes)
    connection.newsroom_changes.clear()
    if keys:
        record(keys)


def everything_changed(using=None):
    """After rows went in without signals (an import, a restore): nothing stored before is
    fresh."""
    changed(EVERYTHING, using=using)


def changed_by_tagging(model, kind):
    """Tagging a `model` row (of the `kind` of its row_key) changes it, what carries each tag
    added or taken off, the list of tags (which counts what carries each) and search."""

    def retagged(sender, instance, action, pk_set, **kwargs):
        if action == "pre_clear":
            # What a clear takes off can only be read before it does.
            instance._cleared_tags = set(instance.tags.values_list("pk", flat=True))
            return
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_cleared_tags", set())
        elif action not in {"post_add", "post_remove"}:
            return
        if pk_set:
            tags = (tagged_key(pk) for pk in pk_set)
            changed(row_key(kind, instance.pk), *tags, "tags", "search")

    m2m_changed.connect(
        retagged, sender=model.tags.through, weak=False, dispatch_uid=f"changes.{kind}-tags"
    )


class ChangeLog:
    """One worker's view of the log: per key, the sequence of its last change."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = None
        self.floor = 0
        self.last_change = {}

    def sync(self):
        """Catch up with the shared log; returns the sequence it is at."""
        with self.lock:
            current = current_sequence()
            if self.seen is None or current - self.seen > MAX_READ:
                # Started, or too far behind to read it all: changes older than the window
                # read are unknown, so what was stored before it is stale.
                self._forget(current - MAX_READ)
                self.seen = current - MAX_READ
            elif current < self.seen:
                # The counter went back (its clock did): nothing stored so far can be trusted.
                self._forget(self.seen + 1)
                self.seen = current
            if current > self.seen:
                self._read(range(self.seen + 1, current + 1))
                self.seen = current
            return current

    def unchanged_since(self, sequence, keys):
        """Whether none of `keys` changed after `sequence`, as far as the last sync knows."""
        if not self.floor <= sequence <= self.seen:
            return False
        last_change = self.last_change
        return all(last_change.get(key, 0) <= sequence for key in keys)

    def _forget(self, floor):
        self.floor = max(self.floor, floor)
        self.last_change.clear()

    def _read(self, numbers):
        names = {ENTRY.format(number): number for number in numbers}
        entries = cache.get_many(names)
        newest = max(names.values())
        # Only the newest can be on their way; older ones missing were evicted or expired.
        missing = [
            name for name, number in names.items() if name not in entries and newest - number < 16
        ]
        if missing:
            time.sleep(ENTRY_WAIT_SECONDS)
            entries |= cache.get_many(missing)
        unknown = 0
        for name, number in names.items():
            keys = entries.get(name)
            if keys is None:
                unknown = number
            elif EVERYTHING in keys:
                self._forget(number)
            else:
                for key in keys:
                    # Re-inserted, so the dictionary stays in the order of the changes.
                    self.last_change.pop(key, None)
                    self.last_change[key] = number
        # A change never read may have touched anything: what was stored before it is stale.
        self.floor = max(self.floor, unknown)
        while len(self.last_change) > MAX_KEYS:
            key = next(iter(self.last_change))
            self.floor = max(self.floor, self.last_change.pop(key))
