from search.documents import Document, also_known_as, register
from search.models import SearchEntry
from search.text import excerpt, plain

from .models import Organisation, Person


@register
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


@register
class OrganisationDocument(Document):
    kind = SearchEntry.Kind.ORGANISATION
    model = Organisation

    def texts(self, obj):
        return obj.name, obj.names[1:], [plain(obj.description_html), *self.tag_names(obj)]

    def excerpt(self, obj, query):
        return excerpt([plain(obj.description_html), also_known_as(obj)], query)
