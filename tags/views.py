from django.http import Http404
from django.views.generic import ListView
from markupsafe import Markup

from articles.models import Article
from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.dependencies import NEWS, articles_key, depends_on, row_key, tagged_key
from newsroom.redirects import FollowsFormerSlugsMixin
from newsroom.rendering import text, url, url_pattern

from . import page
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


def subject_item(row, subject_url):
    """One thing carrying the tag as the page lists it: a link to its page by its name (a
    production's title), then a person's description."""
    note = row["description"]
    return (
        f'<li><a href="{text(subject_url(row["slug"]))}">{text(row["name"])}</a>'
        + (f' <span class="subject-note">{text(note)}</span>' if note else "")
        + "</li>"
    )


def subject_list(items):
    """The items as one list, written as one string (each value escaped once): a busy tag is
    carried by dozens of people."""
    return Markup(f'<ul class="subject-list">{"".join(items)}</ul>') if items else ""


class TagDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, ListView):
    """Everything carrying one tag, by kind; the articles are paginated, as cards."""

    template_name = "tags/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        rows = page.tag_page(slug=self.kwargs["slug"])
        tags = [row for row in rows if row["kind"] == "tag"]
        if not tags:
            raise Http404("No tag readers may see has this address.")
        self.tag = tags[0]
        self.carriers = [row for row in rows if row["kind"] != "tag"]
        return Article.objects.published_list(articles_key("tag", self.tag["pk"]))

    def get_renamed_queryset(self):
        return public_tags()

    def url_of(self, tag):
        return tag_url(tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag = self.tag
        subject_url = {
            "project": url_pattern("projects:detail"),
            "person": url_pattern("people:detail"),
            "organisation": url_pattern("people:organisation-detail"),
        }
        carrying = {kind: [] for kind in subject_url}
        for row in self.carriers:
            carrying[row["kind"]].append(subject_item(row, subject_url[row["kind"]]))
        depends_on(
            self.request,
            row_key("tag", tag["pk"]),
            articles_key("tag", tag["pk"]),
            tagged_key(tag["pk"]),
            *(key for card in context["page_obj"] for key in card.keys),
            *(row_key(row["kind"], row["pk"]) for row in self.carriers),
        )
        context.update(
            tag=tag,
            feed_title=tag["name"],
            people=subject_list(carrying["person"]),
            organisations=subject_list(carrying["organisation"]),
            projects=subject_list(carrying["project"]),
        )
        return context

    def get_breadcrumbs(self):
        return [
            Crumb("Tags", url("tags:list")),
            Crumb(self.tag["name"], url_pattern("tags:detail")(self.tag["slug"])),
        ]
