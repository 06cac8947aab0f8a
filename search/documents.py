"""What a kind of content contributes to the index, and how a result reads on the page.

Each content app describes its own kinds in a `search_documents` module, registering a
`Document` for each; the search app finds those modules when it starts (as the admin finds
`admin` modules), so the engine knows no content app.
"""

import functools
import json

from newsroom.models import spellings
from newsroom.rendering import iso_and_day, url_pattern

from .text import indexable

MAX_BODY = 200_000


def also_known_as(model, obj):
    """A line naming the other spellings of a result (`obj` with `model`'s name fields and
    aliases), so a match on an alias shows why it matched."""
    others = spellings([getattr(obj, field) for field in model.name_fields[1:]], obj.aliases)
    return f"Also known as {', '.join(others)}" if others else ""


class Document:
    kind = None  # a SearchEntry.Kind
    model = None
    # What a result shows: its page (by slug), its title, and the date it shows, if any; its
    # excerpt comes from excerpt_texts().
    url_name = None
    title_field = "name"
    date_field = None
    # A kind with a date is found by it (release()); these fields are all release() reads.
    release_fields = ()
    # For a kind with articles about each one: the id of the part of its page that lists them,
    # and the URL name of their feed, by slug ("feeds:person-rss"). See articles_of().
    articles_fragment = None
    articles_feed_name = None

    def entry(self, obj):
        """The columns of `obj`'s search entry: the folded (title, names, body) words, and
        what its result shows.

        `names` holds one name a line, so "exactly this name" is a substring test; people,
        productions and organisations keep only their names there (tags go with the body).
        """
        title, names, body = self.texts(obj)
        return {
            "title": indexable(title),
            "names": "\n" + "".join(f"{indexable(name)}\n" for name in names if name),
            # PostgreSQL refuses a tsvector over 1 MB; no article comes near this.
            "body": indexable(*body)[:MAX_BODY],
            "result": self.result(obj),
        }

    def result(self, obj):
        """What `obj`'s result shows, as JSON: its address (with the site's prefix), its title
        as written, its date in the site's time zone ([ISO, day], for a kind with one), and
        the texts its excerpt is taken from (excerpt_texts()), in the order they are read,
        without blank ones and with runs of spaces made one, as the excerpt writes them.
        Kept with the entry, so the ranking statement returns whole results."""
        result = {
            "url": url_pattern(self.url_name)(obj.slug),
            "title": getattr(obj, self.title_field),
            "texts": [
                words for text in self.excerpt_texts(obj) if (words := " ".join(text.split()))
            ],
        }
        if self.date_field:
            # As the row stores it, were it given as text or without a time zone.
            field = obj._meta.get_field(self.date_field)
            result["date"] = iso_and_day(field.get_prep_value(getattr(obj, self.date_field)))
        return json.dumps(result, ensure_ascii=False)

    @functools.cached_property
    def _page_and_feed_patterns(self):
        slot = "0slot0"
        page = url_pattern(self.url_name)(slot).partition(slot)
        return page[0], page[2], url_pattern(self.articles_feed_name)(slot).partition(slot)

    def articles_of(self, url):
        """(the list of articles about the result at `url`, their feed) for a kind with
        articles, else None: addresses made from the result's, with no query."""
        if not self.articles_feed_name:
            return None
        before, after, (feed_before, _, feed_after) = self._page_and_feed_patterns
        if not (url.startswith(before) and url.endswith(after)):
            # Stored under another address than the site's now; its next save rewrites it.
            return None
        slug = url[len(before) : len(url) - len(after)]
        return f"{url}#{self.articles_fragment}", f"{feed_before}{slug}{feed_after}"

    def for_index(self):
        return self.model.objects.prefetch_related("tags")

    def release(self, obj):
        """For a kind with a date: when readers may find `obj` (now, or at a time to come), or
        None while they may not whatever the time. Kinds without one are always found."""
        return None

    def visible(self):
        """What readers may find of this kind, as a QuerySet; None when they may find it all."""
        return None

    def withdrawn(self):
        """The ids of objects of this kind found by their date that readers may no longer find
        (an article past its expiry), as a subquery; None when every one stays found."""
        return None

    def hidden(self):
        """The rest of this kind, which readers may not find, as QuerySets whose union it is
        (each cheap to list by an index); None when visible() is None."""
        return None

    def tag_names(self, obj):
        return [tag.name for tag in obj.tags.all()]


DOCUMENTS = {}


def register(document_class):
    """Index the kind `document_class` describes; usable as a class decorator."""
    DOCUMENTS[document_class.kind] = document_class()
    return document_class


def document_for(obj):
    for document in DOCUMENTS.values():
        if type(obj) is document.model:
            return document
    return None
