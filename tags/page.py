"""What a tag's page reads besides its articles (articles/lists.py), in one prepared query
(newsroom/prepared.py): the tag, if readers may see it, and the productions, people and
organisations carrying it, as rows of one shape.
"""

from django.db import models
from django.db.models import F, Value

from newsroom.prepared import PreparedQuery
from people.models import TaggedOrganisation, TaggedPerson
from projects.models import TaggedProject

from .public import public_tags


def _carrying(through, kind, slug, name, description=None):
    """The subjects of `kind` carrying the tag `slug`, from its link table, as rows of the
    shape every kind shares: kind, pk, name, slug, description (a person's)."""
    return (
        through.objects.filter(tag__slug=slug)
        .order_by()
        .values(
            kind=Value(kind),
            pk=F("content_object_id"),
            name=F(f"content_object__{name}"),
            slug=F("content_object__slug"),
            description=F(f"content_object__{description}") if description else Value(""),
        )
    )


def _tag(slug):
    """The tag `slug` as a row of the same shape, of kind "tag", if readers may see it. (Its
    columns are named as the first part's are: a union's rows take their names from it.)"""
    return (
        public_tags()
        .filter(slug=slug)
        .order_by()
        .values(
            kind=Value("tag"),
            tag_pk=F("pk"),
            tag_name=F("name"),
            tag_slug=F("slug"),
            description=Value(""),
        )
    )


def _page_of(slug):
    # One compound statement cannot order its parts, but the whole can be ordered by kind,
    # then name: one sort of the rows, where numbering each part by name sorted each twice.
    first, *others = [
        _carrying(TaggedProject, "project", slug, "title"),
        _carrying(TaggedPerson, "person", slug, "name", description="description"),
        _carrying(TaggedOrganisation, "organisation", slug, "name"),
        _tag(slug),
    ]
    return first.union(*others, all=True).order_by("kind", "name", "pk")


# The tag's row (kind "tag"; none if readers may not see it) among those of what carries it.
tag_page = PreparedQuery(_page_of, slug=models.CharField())
