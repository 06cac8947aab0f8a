from django.conf import settings
from taggit.models import Tag

from articles.feeds import ArticleFeed
from articles.models import Article

from .public import public_tags, tag_url


class TagFeed(ArticleFeed):
    followed_model = Tag

    def get_object(self, request, slug):
        return public_tags().get(slug=slug)

    def articles(self, tag):
        return Article.objects.published().filter(tags=tag)

    def title(self, tag):
        return f"{settings.SITE_NAME}: {tag.name}"

    def link(self, tag):
        return tag_url(tag)

    def description(self, tag):
        return f"Every article tagged “{tag.name}”, newest first."
