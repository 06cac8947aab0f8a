from search.documents import Document, also_known_as, register
from search.models import SearchEntry
from search.text import excerpt, plain

from .models import Project


@register
class ProjectDocument(Document):
    kind = SearchEntry.Kind.PROJECT
    model = Project
    url_name = "projects:detail"
    title_field = "title"
    result_fields = ("native_title", "aliases", "logline", "synopsis_html")

    def texts(self, obj):
        return (
            obj.title,
            obj.other_names,
            [obj.logline, plain(obj.synopsis_html), *self.tag_names(obj)],
        )

    def excerpt(self, row, query):
        return excerpt(self.excerpt_texts(row), query)

    def excerpt_texts(self, row):
        # Each made only when the ones before it do not mention the query.
        yield row["logline"]
        yield plain(row["synopsis_html"])
        yield also_known_as(Project, row)
