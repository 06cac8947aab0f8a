"""What carries each tag besides articles, as the tag's page lists it: the productions, people
and organisations carrying it, each kind one list written as a string, with the dependency keys
of the rows it shows. A busy tag is carried by dozens of them: the lists are written at write
time (TagCarriers), in the transaction of the change, rather than read and written out row by
row on every request.

Kept by the receivers at the end (a tagging added or taken off, a carrier renamed, re-slugged,
re-described or deleted); rebuilt with the tallies (`manage.py refresh_tallies`, and once at the
end of `tallies.bulk()`), which also report their drift (`refresh_tallies --check`).
"""

from django.db.models import F, Value
from django.db.models.query import QuerySet
from django.db.models.signals import post_delete, post_save
from markupsafe import Markup
from taggit.models import Tag

from articles import tallies
from newsroom.dependencies import row_key
from newsroom.rendering import text, url_pattern
from people.models import Organisation, Person, TaggedOrganisation, TaggedPerson
from projects.models import Project, TaggedProject

# Each kind of carrier: its tagging rows, its model, the field naming it, the one describing it.
KINDS = {
    "project": (TaggedProject, Project, "title", None),
    "person": (TaggedPerson, Person, "name", "description"),
    "organisation": (TaggedOrganisation, Organisation, "name", None),
}
# The page's lists, in the order of KINDS, by their names on TagCarriers.
LISTS = {"project": "projects", "person": "people", "organisation": "organisations"}
DETAIL_URLS = {
    "project": "projects:detail",
    "person": "people:detail",
    "organisation": "people:organisation-detail",
}


def _carrying(tags):
    """Rows (tag, kind, pk, name, slug, description) of what carries `tags` (a filter on the
    tagging rows: {"tag__in": [...]}, or {} for every tag), by tag, kind, then name."""
    parts = [
        through.objects.filter(**tags)
        .order_by()
        .values(
            tag_pk=F("tag_id"),
            kind=Value(kind),
            pk=F("content_object_id"),
            name=F(f"content_object__{name}"),
            slug=F("content_object__slug"),
            description=F(f"content_object__{description}") if description else Value(""),
        )
        for kind, (through, _, name, description) in KINDS.items()
    ]
    first, *others = parts
    return first.union(*others, all=True).order_by("tag_pk", "kind", "name", "pk")


def _item(subject_url, name, slug, note):
    """One carrier as the page lists it: a link to its page by its name (a production's
    title), then a person's description."""
    return (
        f'<li><a href="{text(subject_url(slug))}">{text(name)}</a>'
        + (f' <span class="subject-note">{text(note)}</span>' if note else "")
        + "</li>"
    )


def _written(rows):
    """{tag: TagCarriers fields} for rows of _carrying(): each kind's list as one string (each
    value escaped once), and the carriers' keys."""
    urls = {kind: url_pattern(name) for kind, name in DETAIL_URLS.items()}
    items, keys = {}, {}
    for row in rows:
        tag, kind = row["tag_pk"], row["kind"]
        items.setdefault(tag, {kind: [] for kind in KINDS})[kind].append(
            _item(urls[kind], row["name"], row["slug"], row["description"])
        )
        keys.setdefault(tag, []).append(row_key(kind, row["pk"]))
    return {
        tag: {
            **{
                LISTS[kind]: f'<ul class="subject-list">{"".join(found)}</ul>' if found else ""
                for kind, found in lists.items()
            },
            "keys": " ".join(keys[tag]),
        }
        for tag, lists in items.items()
    }


def lists(row):
    """(projects, people, organisations, keys) of a tag page's row (page.py): each list as
    Markup ("" when nothing of the kind carries the tag), and the keys of the rows they show."""
    return (
        *(Markup(row[name]) if row[name] else "" for name in LISTS.values()),
        row["carriers__keys"].split() if row["carriers__keys"] else [],
    )


def refresh(tags):
    """Write again what carries each of `tags` (ids), as their rows now stand."""
    from .models import TagCarriers

    tags = sorted(set(tags))
    if not tags:
        return
    written = _written(_carrying({"tag__in": tags}))
    TagCarriers.objects.filter(tag__in=[tag for tag in tags if tag not in written]).delete()
    for tag, fields in written.items():
        TagCarriers.objects.update_or_create(tag_id=tag, defaults=fields)


def rebuild():
    """What carries every tag, written again."""
    from .models import TagCarriers

    TagCarriers.objects.all().delete()
    TagCarriers.objects.bulk_create(
        (TagCarriers(tag_id=tag, **fields) for tag, fields in _written(_carrying({})).items()),
        batch_size=1000,
    )


def drift():
    """The keys of the tags whose stored carriers differ from those written now ("tag-7")."""
    from .models import TagCarriers

    fields = ["tag_id", *LISTS.values(), "keys"]
    stored = {row.pop("tag_id"): row for row in TagCarriers.objects.values(*fields)}
    written = _written(_carrying({}))
    drifted = [tag for tag in stored.keys() | written.keys() if stored.get(tag) != written.get(tag)]
    return [row_key("tag", tag) for tag in sorted(drifted)]


def _deleted_with_its_tag(origin):
    """Whether a deletion started from tags: their carriers go with them."""
    if isinstance(origin, QuerySet):
        return origin.model is Tag
    return isinstance(origin, Tag)


def follow_tagging(sender, instance, raw=False, origin=None, **kwargs):
    """A carrier tagged or untagged (taggit saves and deletes its tagging rows one by one)."""
    if raw or tallies.in_bulk() or _deleted_with_its_tag(origin):
        return
    refresh([instance.tag_id])


def follow_carrier(sender, instance, raw=False, created=False, **kwargs):
    """A carrier saved: its name, slug or description may have changed."""
    if raw or created or tallies.in_bulk():
        return
    through = KINDS[sender._meta.model_name][0]
    refresh(through.objects.filter(content_object_id=instance.pk).values_list("tag_id", flat=True))


def connect():
    """Called by the app's ready()."""
    for kind, (through, model, _, _) in KINDS.items():
        post_save.connect(follow_tagging, sender=through, dispatch_uid=f"carriers-{kind}-tagged")
        post_delete.connect(
            follow_tagging, sender=through, dispatch_uid=f"carriers-{kind}-untagged"
        )
        post_save.connect(follow_carrier, sender=model, dispatch_uid=f"carriers-{kind}-saved")
    tallies.keep_with_tallies(rebuild, drift)
