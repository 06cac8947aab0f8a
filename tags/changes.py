"""Which dependency keys a change to a tag touches (newsroom/changes.py records them): the tag,
the list of tags, and search. Pages that show the tag's name record the tag's key."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from newsroom.changes import changed
from newsroom.dependencies import row_key


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def tag_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changed(row_key("tag", instance.pk), "tags", "search")
