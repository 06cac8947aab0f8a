from search.documents import Document, also_known_as, register
from search.models import SearchEntry
from search.text import plain

from .models import Organisation, Person


@register
class PersonDocument(Document):
    kind = SearchEntry.Kind.PERSON
    model = Person
    url_name = "people:detail"
    articles_fragment = "coverage-heading"
    articles_feed_name = "feeds:person-rss"

    def texts(self, obj):
        return (
            obj.name,
            obj.other_names,
            [obj.description, plain(obj.bio_html), *self.tag_names(obj)],
        )

    def excerpt_texts(self, obj):
        return [obj.description, plain(obj.bio_html), also_known_as(Person, obj)]


@register
class OrganisationDocument(Document):
    kind = SearchEntry.Kind.ORGANISATION
    model = Organisation
    url_name = "people:organisation-detail"
    articles_fragment = "coverage-heading"
    articles_feed_name = "feeds:organisation-rss"

    def texts(self, obj):
        return obj.name, obj.other_names, [plain(obj.description_html), *self.tag_names(obj)]

    def excerpt_texts(self, obj):
        return [plain(obj.description_html), also_known_as(Organisation, obj)]
