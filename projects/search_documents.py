from search.documents import Document, also_known_as, register
from search.models import SearchEntry
from search.text import excerpt, plain

from .models import Project


@register
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
