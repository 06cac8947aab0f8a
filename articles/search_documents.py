from search.documents import Document, register
from search.models import SearchEntry
from search.text import excerpt, plain

from .models import Article


@register
class ArticleDocument(Document):
    kind = SearchEntry.Kind.ARTICLE
    model = Article
    visible_index = "article_published_by_id"

    def texts(self, obj):
        return obj.headline, [obj.standfirst, *self.tag_names(obj)], [plain(obj.body_html)]

    def visible(self):
        return Article.objects.published()

    def for_results(self, ids):
        # The ranking statement already went through published(); this catches an article
        # unpublished since. By primary key: SQLite would otherwise walk the status index.
        articles = Article.objects.in_bulk(ids)
        return {pk: article for pk, article in articles.items() if article.is_published()}

    def excerpt(self, obj, query):
        return excerpt([obj.standfirst, plain(obj.body_html)], query)
