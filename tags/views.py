from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView

from articles.models import Article
from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.dependencies import NEWS, articles_key, depends_on, row_key, tagged_key
from newsroom.redirects import FollowsFormerSlugsMixin
from newsroom.rendering import url_pattern
from people.models import Organisation, Person
from projects.models import Project

from .public import public_tags, tag_url, tags_in_use


class TagListView(BreadcrumbsMixin, ListView):
    template_name = "tags/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        # Each tag's count of articles changes with every publication, not only with the tags.
        depends_on(self.request, "tags", NEWS)
        return tags_in_use()

    def get_breadcrumbs(self):
        return [Crumb("Tags", reverse("tags:list"))]


def subject_rows(queryset, kind, view_name, *fields):
    """The subjects in `queryset` as rows of `fields` with their `url`, for a tag's sidebar."""
    subject_url = url_pattern(view_name)
    rows = [
        {**row, "url": subject_url(row["slug"])} for row in queryset.values("pk", "slug", *fields)
    ]
    return rows, [row_key(kind, row["pk"]) for row in rows]


class TagDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, ListView):
    """Everything carrying one tag, by kind; the articles are paginated, as cards."""

    template_name = "tags/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.tag = get_object_or_404(
            public_tags().values("pk", "name", "slug"), slug=self.kwargs["slug"]
        )
        return Article.objects.published_list(articles_key("tag", self.tag["pk"]))

    def get_renamed_queryset(self):
        return public_tags()

    def url_of(self, tag):
        return tag_url(tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag = self.tag
        projects, project_keys = subject_rows(
            Project.objects.filter(tags=tag["pk"]), "project", "projects:detail", "title"
        )
        people, person_keys = subject_rows(
            Person.objects.filter(tags=tag["pk"]), "person", "people:detail", "name", "description"
        )
        organisations, organisation_keys = subject_rows(
            Organisation.objects.filter(tags=tag["pk"]),
            "organisation",
            "people:organisation-detail",
            "name",
        )
        depends_on(
            self.request,
            row_key("tag", tag["pk"]),
            articles_key("tag", tag["pk"]),
            tagged_key(tag["pk"]),
            *(key for card in context["page_obj"] for key in card.keys),
            *project_keys,
            *person_keys,
            *organisation_keys,
        )
        context.update(
            tag=tag,
            feed_title=tag["name"],
            people=people,
            organisations=organisations,
            projects=projects,
        )
        return context

    def get_breadcrumbs(self):
        return [
            Crumb("Tags", reverse("tags:list")),
            Crumb(self.tag["name"], url_pattern("tags:detail")(self.tag["slug"])),
        ]
