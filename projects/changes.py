"""Which dependency keys a change to productions touches (newsroom/changes.py records them).

A production's save or deletion changes it, its directory ("projects") and search, and its
rivals before and after (each page names the other, and a save re-pairs them); a credit
changes its person and production, a milestone its production and whoever claimed it, a
backer its organisation and production. Anything touching one of the race's pair, before or
after, also changes "race", and so does a save that re-pairs rivals (the race is the first
pair).
"""

from django.db.models import Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver

from newsroom.changes import changed, changed_by_tagging
from newsroom.dependencies import row_key

from .models import Credit, Milestone, Project


def race_ids():
    return set(Project.objects.race().values_list("pk", flat=True))


def production_keys(ids, race):
    """The keys of the productions `ids`, and the race's if one of them is in `race`."""
    keys = {row_key("project", pk) for pk in ids if pk is not None}
    if race & set(ids):
        keys.add("race")
    return keys


def pairing(project):
    """The productions a save of `project` may re-pair: itself, its rival, and whatever points
    at either."""
    pks = {pk for pk in (project.pk, project.rival_id) if pk is not None}
    linked = Project.objects.filter(Q(pk__in=pks) | Q(rival_id__in=pks))
    return {pk for row in linked.values_list("pk", "rival_id") for pk in row if pk is not None}


@receiver(pre_save, sender=Project)
def note_pairing(sender, instance, raw, **kwargs):
    if not raw:
        instance._paired_before = (pairing(instance) if instance.pk else set(), race_ids())


@receiver(post_save, sender=Project)
def production_saved(sender, instance, raw, **kwargs):
    before = instance.__dict__.pop("_paired_before", None)
    if raw or before is None:
        return
    paired, race = before
    race_now = race_ids()
    keys = production_keys(paired | pairing(instance) | {instance.pk}, race | race_now)
    if race != race_now:
        keys.add("race")
    changed(*keys, "projects", "search")


@receiver(pre_delete, sender=Project)
def production_deleted(sender, instance, **kwargs):
    # The rival loses its pair and the race may move on: read before the row goes.
    changed(*production_keys(pairing(instance), race_ids()), "race", "projects", "search")


@receiver(pre_save, sender=Credit)
@receiver(pre_save, sender=Milestone)
def note_links(sender, instance, raw, **kwargs):
    if not raw and instance.pk:
        instance._linked_before = sender.objects.filter(pk=instance.pk).first()


def links_of(part):
    """(production ids, person ids) a credit or milestone shows on."""
    if part is None:
        return set(), set()
    person = part.person_id if isinstance(part, Credit) else part.claimed_by_id
    return {part.project_id}, {person} - {None}


@receiver(post_save, sender=Credit)
@receiver(post_save, sender=Milestone)
@receiver(post_delete, sender=Credit)
@receiver(post_delete, sender=Milestone)
def production_part_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    productions, people = links_of(instance)
    before_productions, before_people = links_of(instance.__dict__.pop("_linked_before", None))
    changed(
        *production_keys(productions | before_productions, race_ids()),
        *(row_key("person", pk) for pk in people | before_people),
    )


@receiver(m2m_changed, sender=Project.backers.through)
def backers_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        relation = instance.backed_projects if reverse else instance.backers
        instance._cleared_backers = set(relation.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_cleared_backers", set())
    elif action not in {"post_add", "post_remove"}:
        return
    if not pk_set:
        return
    productions, backers = (pk_set, {instance.pk}) if reverse else ({instance.pk}, pk_set)
    changed(
        *production_keys(productions, race_ids()),
        *(row_key("organisation", pk) for pk in backers),
    )


changed_by_tagging(Project, "project")
