from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView

from articles.models import Article
from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.pagination import ArticlePaginator
from newsroom.redirects import FollowsFormerSlugsMixin
from people.models import Organisation, Person
from projects.models import Project

from .public import public_tags, tag_url, tags_in_use


class TagListView(BreadcrumbsMixin, ListView):
    template_name = "tags/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        return tags_in_use()

    def get_breadcrumbs(self):
        return [Crumb("Tags", reverse("tags:list"))]


class TagDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, ListView):
    """Everything carrying one tag, by kind; the articles are paginated."""

    template_name = "tags/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = ArticlePaginator

    def get_queryset(self):
        self.tag = get_object_or_404(public_tags(), slug=self.kwargs["slug"])
        return Article.objects.published().filter(tags=self.tag).for_list()

    def get_renamed_queryset(self):
        return public_tags()

    def url_of(self, tag):
        return tag_url(tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            tag=self.tag,
            people=Person.objects.filter(tags=self.tag),
            organisations=Organisation.objects.filter(tags=self.tag),
            projects=Project.objects.filter(tags=self.tag),
        )
        return context

    def get_breadcrumbs(self):
        return [
            Crumb("Tags", reverse("tags:list")),
            Crumb(self.tag.name, tag_url(self.tag)),
        ]
