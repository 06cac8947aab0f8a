"""Which dependency keys a change to a tag touches (newsroom/changes.py records them): the tag,
the list of tags, and search. Pages that show the tag's name record the tag's key.

A new tag is on nothing yet, so nothing public shows it (a draft's new tags change nothing):
what puts it on something public changes its key then."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from newsroom.changes import changed
from newsroom.dependencies import row_key

from .models import TagDescription


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def tag_changed(sender, instance, raw=False, created=False, **kwargs):
    if not (raw or created):
        changed(row_key("tag", instance.pk), "tags", "search")


@receiver(post_save, sender=TagDescription)
@receiver(post_delete, sender=TagDescription)
def description_changed(sender, instance, raw=False, **kwargs):
    # Its tag's page shows it, whether or not the tag itself was saved with it.
    if not raw:
        changed(row_key("tag", instance.tag_id))
