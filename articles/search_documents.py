from search.documents import Document, register
from search.models import SearchEntry
from search.text import plain

from .models import Article, expired_ids


@register
class ArticleDocument(Document):
    kind = SearchEntry.Kind.ARTICLE
    model = Article
    url_name = "articles:detail"
    title_field = "headline"
    date_field = "published_at"
    release_fields = ("status", "published_at")

    def texts(self, obj):
        return obj.headline, [obj.standfirst, *self.tag_names(obj)], [plain(obj.body_html)]

    def release(self, obj):
        # published() in the terms of one article: published, from its time on.
        return obj.published_at if obj.status == Article.Status.PUBLISHED else None

    def visible(self):
        return Article.objects.published()

    def withdrawn(self):
        return expired_ids()

    def hidden(self):
        return Article.objects.hidden_parts()

    def excerpt_texts(self, obj):
        return [obj.standfirst, plain(obj.body_html)]
