"""Which dependency keys a change to people or organisations touches (newsroom/changes.py).

A save or deletion changes the row and its directory ("people", "organisations"), and search.
Tagging one changes it and the pages of the tags added or taken off.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsroom.changes import changed, changed_by_tagging
from newsroom.dependencies import row_key

from .models import Organisation, Person

# Each model's kind (as in row_key) and its directory's key.
DIRECTORIES = {Person: ("person", "people"), Organisation: ("organisation", "organisations")}


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def subject_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        kind, directory = DIRECTORIES[sender]
        changed(row_key(kind, instance.pk), directory, "search")


for _model, (_kind, _directory) in DIRECTORIES.items():
    changed_by_tagging(_model, _kind)
