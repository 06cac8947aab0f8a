from search.documents import Document, also_known_as, register
from search.models import SearchEntry
from search.text import excerpt, plain

from .models import Organisation, Person


@register
class PersonDocument(Document):
    kind = SearchEntry.Kind.PERSON
    model = Person
    url_name = "people:detail"
    result_fields = ("native_name", "aliases", "description", "bio_html")

    def texts(self, obj):
        return (
            obj.name,
            obj.other_names,
            [obj.description, plain(obj.bio_html), *self.tag_names(obj)],
        )

    def excerpt(self, row, query):
        return excerpt(self.excerpt_texts(row), query)

    def excerpt_texts(self, row):
        # Each made only when the ones before it do not mention the query.
        yield row["description"]
        yield plain(row["bio_html"])
        yield also_known_as(Person, row)


@register
class OrganisationDocument(Document):
    kind = SearchEntry.Kind.ORGANISATION
    model = Organisation
    url_name = "people:organisation-detail"
    result_fields = ("native_name", "aliases", "description_html")

    def texts(self, obj):
        return obj.name, obj.other_names, [plain(obj.description_html), *self.tag_names(obj)]

    def excerpt(self, row, query):
        return excerpt(self.excerpt_texts(row), query)

    def excerpt_texts(self, row):
        # Each made only when the one before it does not mention the query.
        yield plain(row["description_html"])
        yield also_known_as(Organisation, row)
