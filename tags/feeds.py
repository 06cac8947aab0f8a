from taggit.models import Tag

from articles.feeds import SubjectFeed

from .public import public_tags


class TagFeed(SubjectFeed):
    model = Tag
    article_field = "tags"
    kind = "tag"
    view_name = "tags:detail"
    description_words = "Every article tagged “{subject}”, newest first."

    def subjects(self):
        return public_tags()
