"""What a kind of content contributes to the index, and how a result reads on the page.

Each content app describes its own kinds in a `search_documents` module, registering a
`Document` for each; the search app finds those modules when it starts (as the admin finds
`admin` modules), so the engine knows no content app.
"""

from newsroom.models import spellings
from newsroom.prepared import PreparedQuery

from .text import indexable

MAX_BODY = 200_000


def also_known_as(model, row):
    """A line naming the other spellings of a result (a row with `model`'s name fields and
    aliases), so a match on an alias shows why it matched."""
    others = spellings([row[field] for field in model.name_fields[1:]], row["aliases"])
    return f"Also known as {', '.join(others)}" if others else ""


class Document:
    kind = None  # a SearchEntry.Kind
    model = None
    # What a result shows, read as a row: its page (by slug), its title, the fields its
    # excerpt reads, and the date it shows, if any.
    url_name = None
    title_field = "name"
    result_fields = ()
    date_field = None
    # A kind with a date is found by it (release()); these fields are all release() reads.
    release_fields = ()

    def entry(self, obj):
        """The folded (title, names, body) columns of `obj`'s search entry.

        `names` holds one name a line, so "exactly this name" is a substring test; people,
        productions and organisations keep only their names there (tags go with the body).
        """
        title, names, body = self.texts(obj)
        return {
            "title": indexable(title),
            "names": "\n" + "".join(f"{indexable(name)}\n" for name in names if name),
            # PostgreSQL refuses a tsvector over 1 MB; no article comes near this.
            "body": indexable(*body)[:MAX_BODY],
        }

    def for_index(self):
        return self.model.objects.prefetch_related("tags")

    def for_results(self, ids):
        """{pk: row} for the results `ids`, each row with the slug, title and `result_fields`."""
        names = [f"id_{number}" for number in range(len(ids))]
        key = (self.kind, len(ids))
        query = _results_queries.get(key)
        if query is None:
            query = _results_queries[key] = PreparedQuery(
                lambda **ids: (
                    self.shown(self.model.objects.filter(pk__in=list(ids.values())))
                    .order_by()  # In no order: the hits keep the ranking's.
                    .values(*self.row_fields())
                ),
                **dict.fromkeys(names, self.model._meta.pk),
            )
        return {row["pk"]: row for row in query(**dict(zip(names, ids, strict=True)))}

    def shown(self, objects):
        """Of `objects`, those a page of results may show: all, unless the kind says otherwise."""
        return objects

    def row_fields(self):
        fields = ["pk", "slug", self.title_field, *self.result_fields]
        if self.date_field:
            fields.append(self.date_field)
        return fields

    def release(self, obj):
        """For a kind with a date: when readers may find `obj` (now, or at a time to come), or
        None while they may not whatever the time. Kinds without one are always found."""
        return None

    def visible(self):
        """What readers may find of this kind, as a QuerySet; None when they may find it all."""
        return None

    def hidden(self):
        """The rest of this kind, which readers may not find, as QuerySets whose union it is
        (each cheap to list by an index); None when visible() is None."""
        return None

    def tag_names(self, obj):
        return [tag.name for tag in obj.tags.all()]


DOCUMENTS = {}

# (kind, number of ids) -> the PreparedQuery reading that many results of the kind.
_results_queries = {}


def register(document_class):
    """Index the kind `document_class` describes; usable as a class decorator."""
    DOCUMENTS[document_class.kind] = document_class()
    return document_class


def document_for(obj):
    for document in DOCUMENTS.values():
        if type(obj) is document.model:
            return document
    return None
