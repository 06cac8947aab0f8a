"""The content generation: a number in the shared cache, bumped once a transaction that saved,
deleted or re-linked any content row has committed.

Whatever is cached or validated for readers (whole pages, feeds' ETags) carries it, so a
change anything a reader could see stops every copy made before it from being served.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "newsroom:generation"
# The apps whose rows readers see, and whose text editors type (taggit's for tag names).
CONTENT_APPS = {"articles", "people", "projects", "taggit"}


def generation():
    current = cache.get(GENERATION_KEY)
    if current is None:
        # Start from the clock, not from 1: a generation evicted from the cache must never
        # come back as a number that older cached pages were stored under.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed():
    """Forget every cached page once the current transaction commits."""
    transaction.on_commit(bump_generation)


def _on_content_saved(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        content_changed()


post_save.connect(_on_content_saved, dispatch_uid="newsroom.generation.saved")
post_delete.connect(_on_content_saved, dispatch_uid="newsroom.generation.deleted")
m2m_changed.connect(_on_content_saved, dispatch_uid="newsroom.generation.relinked")
