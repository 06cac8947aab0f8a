from django.views.generic import ArchiveIndexView, DetailView, MonthArchiveView, YearArchiveView

from .models import Article, Author


class PublishedArticleMixin:
    date_field = "published_at"
    paginate_by = 20
    allow_empty = True

    def get_queryset(self):
        return Article.objects.published().for_list()


class ArticleListView(PublishedArticleMixin, ArchiveIndexView):
    template_name = "articles/article_list.html"


class ArticleYearArchiveView(PublishedArticleMixin, YearArchiveView):
    make_object_list = True
    template_name = "articles/article_list.html"


class ArticleMonthArchiveView(PublishedArticleMixin, MonthArchiveView):
    month_format = "%m"
    template_name = "articles/article_list.html"


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.published()


class AuthorDetailView(DetailView):
    model = Author
