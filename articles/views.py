from datetime import date

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import (
    ArchiveIndexView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.links import absolute_url
from newsroom.pagination import ArticlePaginator
from newsroom.redirects import FollowsFormerSlugsMixin

from .models import Article, Author


def news_crumb():
    return Crumb("News", reverse("articles:list"))


def year_crumb(year):
    return Crumb(str(year), reverse("articles:archive-year", kwargs={"year": year}))


class PublishedArticleMixin(BreadcrumbsMixin):
    date_field = "published_at"
    paginate_by = 20
    paginator_class = ArticlePaginator
    # An archive page with nothing public in it does not exist, rather than being an empty page.
    allow_empty = False

    def get_queryset(self):
        return Article.objects.published().for_list()

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        """The periods with news, from index probes: Django's own truncates every article's date."""
        date_list = queryset.publication_periods(date_type or self.get_date_list_period(), ordering)
        if not date_list and not self.get_allow_empty():
            raise Http404("No news was published then.")
        return date_list


class ArticleListView(PublishedArticleMixin, ArchiveIndexView):
    template_name = "articles/article_list.html"
    allow_empty = True

    def get_breadcrumbs(self):
        return [news_crumb()]


class ArchivePageMixin(PublishedArticleMixin):
    template_name = "articles/article_archive.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.get_period_name()
        context["archive_title"] = f"News from {period}"
        context["archive_description"] = (
            f"Everything {settings.SITE_NAME} published in {period} about films shot in space."
        )
        return context


class ArticleYearArchiveView(FollowsFormerSlugsMixin, ArchivePageMixin, YearArchiveView):
    make_object_list = True

    def former_slug(self, kwargs):
        # Before slugs of digits were refused, an article headlined "1984" had this address.
        return str(kwargs["year"])

    def get_renamed_queryset(self):
        return Article.objects.published()

    def get_period_name(self):
        return str(self.get_year())

    def get_breadcrumbs(self):
        return [news_crumb(), year_crumb(int(self.get_year()))]


class ArticleMonthArchiveView(ArchivePageMixin, MonthArchiveView):
    month_format = "%m"

    def get_period_name(self):
        # Called after the archive has validated the year and month.
        return date(int(self.get_year()), int(self.get_month()), 1).strftime("%B %Y")

    def get_breadcrumbs(self):
        year, month = int(self.get_year()), int(self.get_month())
        url = reverse("articles:archive-month", kwargs={"year": year, "month": month})
        return [news_crumb(), year_crumb(year), Crumb(date(year, month, 1).strftime("%B"), url)]


class ArticleDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, DetailView):
    related_count = 4

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get_renamed_queryset(self):
        return Article.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        related = Article.objects.published().for_list().related_to(self.object)
        context["related_articles"] = related[: self.related_count]
        context["structured_data"] = self.get_structured_data()
        return context

    def get_breadcrumbs(self):
        return [news_crumb(), Crumb(self.object.headline, self.object.get_absolute_url())]

    def get_structured_data(self):
        """schema.org NewsArticle, for search engines."""
        article = self.object
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.headline,
            "description": article.standfirst,
            "mainEntityOfPage": absolute_url(article.get_absolute_url()),
            "datePublished": article.published_at.isoformat(),
            "dateModified": (article.corrected_at or article.published_at).isoformat(),
            "author": [
                {
                    "@type": "Person",
                    "name": author.name,
                    "url": absolute_url(author.get_absolute_url()),
                }
                for author in article.authors.all()
            ],
            "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
            "keywords": [tag.name for tag in article.tags.all()],
        }
        if image := article.share_image:
            data["image"] = [image]
        return data


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """The article page as readers will see it, for the newsroom only, whatever its status."""

    template_name = "articles/article_preview.html"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_detail()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # A draft has no publication time yet; show it as it would read if published now.
        if article.published_at is None:
            article.published_at = timezone.now()
        return article

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response


class AuthorDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, ListView):
    """A byline's page: who they are, then their published articles, newest first."""

    template_name = "articles/author_detail.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = ArticlePaginator

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.author.articles.published().for_list()

    def get_renamed_queryset(self):
        return Author.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def get_breadcrumbs(self):
        return [news_crumb(), Crumb(self.author.name, self.author.get_absolute_url())]
