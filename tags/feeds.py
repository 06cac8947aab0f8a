from taggit.models import Tag

from articles.feeds import SubjectFeed

from .public import public_tags, tag_url


class TagFeed(SubjectFeed):
    model = Tag
    article_field = "tags"
    kind = "tag"
    description_words = "Every article tagged “{subject}”, newest first."

    def subjects(self):
        return public_tags()

    def link(self, followed):
        return tag_url(followed.subject)
