"""What a tag's page reads besides its articles (articles/lists.py), in two prepared queries
(newsroom/prepared.py): the tag, if readers may see it; and the productions, people and
organisations carrying it, as rows of one shape.
"""

from django.db import models
from django.db.models import F, Value

from newsroom.prepared import PreparedQuery
from people.models import TaggedOrganisation, TaggedPerson
from projects.models import TaggedProject

from .public import public_tags

public_tag = PreparedQuery(
    lambda slug: public_tags().filter(slug=slug).values("pk", "name", "slug"),
    slug=models.CharField(),
)


def _carrying(through, kind, tag, name, description=None):
    """The subjects of `kind` carrying `tag`, from its link table, as rows of the shape every
    kind shares: kind, pk, name, slug, description (a person's)."""
    return (
        through.objects.filter(tag_id=tag)
        .order_by()
        .values(
            kind=Value(kind),
            pk=F("content_object_id"),
            name=F(f"content_object__{name}"),
            slug=F("content_object__slug"),
            description=F(f"content_object__{description}") if description else Value(""),
        )
    )


def _subjects_of(tag):
    # One compound statement cannot order its parts, but the whole can be ordered by kind,
    # then name: one sort of the rows, where numbering each part by name sorted each twice.
    first, *others = [
        _carrying(TaggedProject, "project", tag, "title"),
        _carrying(TaggedPerson, "person", tag, "name", description="description"),
        _carrying(TaggedOrganisation, "organisation", tag, "name"),
    ]
    return first.union(*others, all=True).order_by("kind", "name", "pk")


subjects = PreparedQuery(_subjects_of, tag=models.BigIntegerField())
