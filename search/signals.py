"""Keep the index in step with the newsroom, inside the transaction that changed it."""

from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag

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


def tagged_objects(tag):
    """{model: ids} of everything that carries `tag`, whose entries hold its words."""
    return {
        document.model: list(
            document.model.objects.filter(tags__in=[tag]).values_list("pk", flat=True)
        )
        for document in DOCUMENTS.values()
    }


def note_renamed_tag(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    saved = sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    instance._renamed = saved is not None and saved != instance.name


def index_renamed_tag(sender, instance, **kwargs):
    if instance.__dict__.pop("_renamed", False):
        for model, ids in tagged_objects(instance).items():
            index.index_objects(model, ids)


def note_deleted_tag(sender, instance, **kwargs):
    # What carried the tag can only be read before its rows are deleted with it.
    instance._tagged = tagged_objects(instance)


def index_untagged(sender, instance, **kwargs):
    for model, ids in instance.__dict__.pop("_tagged", {}).items():
        index.index_objects(model, ids)


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
    # A tag renamed or deleted changes the words of everything it was on.
    pre_save.connect(note_renamed_tag, sender=Tag, dispatch_uid="search-tag")
    post_save.connect(index_renamed_tag, sender=Tag, dispatch_uid="search-tag")
    pre_delete.connect(note_deleted_tag, sender=Tag, dispatch_uid="search-tag")
    post_delete.connect(index_untagged, sender=Tag, dispatch_uid="search-tag")
