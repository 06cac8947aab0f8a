from search.documents import Document, also_known_as, register
from search.models import SearchEntry
from search.text import plain

from .models import Project


@register
class ProjectDocument(Document):
    kind = SearchEntry.Kind.PROJECT
    model = Project
    url_name = "projects:detail"
    articles_fragment = "coverage-heading"
    articles_feed_name = "feeds:project-rss"
    title_field = "title"

    def texts(self, obj):
        return (
            obj.title,
            obj.other_names,
            [obj.logline, plain(obj.synopsis_html), *self.tag_names(obj)],
        )

    def excerpt_texts(self, obj):
        return [obj.logline, plain(obj.synopsis_html), also_known_as(Project, obj)]
