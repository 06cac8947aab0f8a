from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
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


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """The article page as readers will see it, for the newsroom only, whatever its status."""

    template_name = "articles/article_preview.html"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response


class AuthorDetailView(DetailView):
    model = Author
