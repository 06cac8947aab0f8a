"""Keep the index in step with the newsroom, inside the transaction that changed it."""

from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import index
from .documents import DOCUMENTS
from .models import SearchEntry


def index_saved(sender, instance, **kwargs):
    index.index_object(instance)


def remove_deleted(sender, instance, **kwargs):
    index.remove_object(instance)


def index_retagged(sender, instance, action, reverse, **kwargs):
    # Tags are saved after the object itself (admin forms call save_m2m later).
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        index.index_object(instance)


def index_existing_content(using, **kwargs):
    """After migrating a database that has content but no index yet (the search app arriving
    on an existing newsroom), build the index, so search works without a manual step."""
    tables = connections[using].introspection.table_names()
    if SearchEntry._meta.db_table not in tables or SearchEntry.objects.using(using).exists():
        return
    if any(document.model.objects.using(using).exists() for document in DOCUMENTS.values()):
        index.rebuild()


def connect():
    for document in DOCUMENTS.values():
        uid = f"search-{document.kind}"
        post_save.connect(index_saved, sender=document.model, dispatch_uid=uid)
        post_delete.connect(remove_deleted, sender=document.model, dispatch_uid=uid)
        m2m_changed.connect(index_retagged, sender=document.model.tags.through, dispatch_uid=uid)
