from django.db.models import Exists, OuterRef

from search.documents import Document, register
from search.models import SearchEntry
from search.text import excerpt, plain

from .models import Article


@register
class ArticleDocument(Document):
    kind = SearchEntry.Kind.ARTICLE
    model = Article
    url_name = "articles:detail"
    title_field = "headline"
    result_fields = ("standfirst", "body_html")
    date_field = "published_at"
    release_fields = ("status", "published_at")

    def texts(self, obj):
        return obj.headline, [obj.standfirst, *self.tag_names(obj)], [plain(obj.body_html)]

    def release(self, obj):
        # published() in the terms of one article: published, from its time on.
        return obj.published_at if obj.status == Article.Status.PUBLISHED else None

    def visible(self):
        return Article.objects.published()

    def hidden(self):
        return Article.objects.hidden_parts()

    def shown(self, objects):
        # The ranking statement already went through published(); this catches an article
        # unpublished since. Tested article by article, by primary key: filtering the rows
        # with published() itself, SQLite would walk the status index over the whole archive.
        return objects.filter(Exists(Article.objects.published().filter(pk=OuterRef("pk"))))

    def excerpt(self, row, query):
        return excerpt(self.excerpt_texts(row, query), query)

    def excerpt_texts(self, row, query):
        yield row["standfirst"]
        # Only when the standfirst does not mention the query, and not when the body cannot
        # (an excerpt without the query is the standfirst's): sanitised HTML writes every
        # letter as itself, so its text holds no word its markup does not.
        if query.may_be_in(row["body_html"]) or not row["standfirst"].strip():
            yield plain(row["body_html"])
