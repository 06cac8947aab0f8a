"""What each kind of content contributes to the index, and how a result reads on the page."""

from articles.models import Article
from people.models import Organisation, Person
from projects.models import Project

from .models import SearchEntry
from .text import excerpt, indexable, plain

MAX_BODY = 200_000


def also_known_as(obj):
    """A line naming the other spellings, so a match on an alias shows why it matched."""
    others = obj.names[1:]
    return f"Also known as {', '.join(others)}" if others else ""


class Document:
    kind = None
    model = None

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
        return self.model.objects.in_bulk(ids)

    def tag_names(self, obj):
        return [tag.name for tag in obj.tags.all()]


class ArticleDocument(Document):
    kind = SearchEntry.Kind.ARTICLE
    model = Article

    def texts(self, obj):
        return obj.headline, [obj.standfirst, *self.tag_names(obj)], [plain(obj.body_html)]

    def for_results(self, ids):
        # The ranking statement already went through published(); this catches an article
        # unpublished since. By primary key: SQLite would otherwise walk the status index.
        articles = Article.objects.in_bulk(ids)
        return {pk: article for pk, article in articles.items() if article.is_published()}

    def excerpt(self, obj, query):
        return excerpt([obj.standfirst, plain(obj.body_html)], query)


class PersonDocument(Document):
    kind = SearchEntry.Kind.PERSON
    model = Person

    def texts(self, obj):
        return (
            obj.name,
            obj.names[1:],
            [obj.description, plain(obj.bio_html), *self.tag_names(obj)],
        )

    def excerpt(self, obj, query):
        return excerpt([obj.description, plain(obj.bio_html), also_known_as(obj)], query)


class OrganisationDocument(Document):
    kind = SearchEntry.Kind.ORGANISATION
    model = Organisation

    def texts(self, obj):
        return obj.name, obj.names[1:], [plain(obj.description_html), *self.tag_names(obj)]

    def excerpt(self, obj, query):
        return excerpt([plain(obj.description_html), also_known_as(obj)], query)


class ProjectDocument(Document):
    kind = SearchEntry.Kind.PROJECT
    model = Project

    def texts(self, obj):
        return (
            obj.title,
            obj.names[1:],
            [obj.logline, plain(obj.synopsis_html), *self.tag_names(obj)],
        )

    def excerpt(self, obj, query):
        return excerpt([obj.logline, plain(obj.synopsis_html), also_known_as(obj)], query)


DOCUMENTS = {
    document.kind: document
    for document in [PersonDocument(), ProjectDocument(), OrganisationDocument(), ArticleDocument()]
}


def document_for(obj):
    for document in DOCUMENTS.values():
        if type(obj) is document.model:
            return document
    return None
