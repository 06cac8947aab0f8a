from django.http import Http404
from django.views.generic import ListView

from articles.models import Article
from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.dependencies import NEWS, articles_key, depends_on, row_key, tagged_key
from newsroom.redirects import FollowsFormerSlugsMixin
from newsroom.rendering import url, url_pattern

from . import carriers, page
from .public import public_tags, tag_url, tags_in_use


class TagListView(BreadcrumbsMixin, ListView):
    template_name = "tags/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        # Each tag's count of articles changes with every publication, not only with the tags.
        depends_on(self.request, "tags", NEWS)
        return tags_in_use()

    def get_breadcrumbs(self):
        return [Crumb("Tags", url("tags:list"))]


class TagDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, ListView):
    """Everything carrying one tag, by kind; the articles are paginated, as cards."""

    template_name = "tags/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        rows = page.tag_page(slug=self.kwargs["slug"])
        if not rows:
            raise Http404("No tag readers may see has this address.")
        self.tag = rows[0]
        return Article.objects.published_list(articles_key("tag", self.tag["pk"]))

    def get_renamed_queryset(self):
        return public_tags()

    def url_of(self, tag):
        return tag_url(tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag = self.tag
        projects, people, organisations, carrier_keys = carriers.lists(tag)
        depends_on(
            self.request,
            row_key("tag", tag["pk"]),
            articles_key("tag", tag["pk"]),
            tagged_key(tag["pk"]),
            *(key for card in context["page_obj"] for key in card.keys),
            *carrier_keys,
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
            Crumb("Tags", url("tags:list")),
            Crumb(self.tag["name"], url_pattern("tags:detail")(self.tag["slug"])),
        ]
