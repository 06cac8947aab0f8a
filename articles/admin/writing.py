"""The writing area of the article page: a wide headline, a tall body with a preview of it as
readers will get it (rendered by the server, as the article is on save), its length in words
and minutes, and the public address the slug makes."""

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from newsroom.text import WORDS_PER_MINUTE, count_words, normalise_text, reading_minutes

from ..models import Article

# Several times the longest article the newsroom has run. Past it the preview says so rather
# than hold a worker rendering on every pause in the typing; saving is not limited.
PREVIEW_LIMIT = 300_000

# The fields the area widens, by the class writing.css sizes them with.
WIDGET_CLASSES = {
    "headline": "writing-headline",
    "slug": "writing-slug",
    "standfirst": "writing-standfirst",
    "body": "writing-body",
}
WIDGET_ROWS = {"standfirst": 3, "body": 30}

_SLUG_MARK = "slug-goes-here"


def public_address_parts():
    """The article's public address around its slug: (before, after)."""
    address = settings.SITE_URL + reverse("articles:detail", kwargs={"slug": _SLUG_MARK})
    before, after = address.split(_SLUG_MARK)
    return before, after


class ArticleWritingAreaMixin:
    """The writing area's fields, its preview endpoint, and what its script needs to know."""

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["articles/admin/writing.css"]},
            js=["articles/admin/server_preview.js", "articles/admin/writing.js"],
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in WIDGET_CLASSES:
            attrs = formfield.widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} {WIDGET_CLASSES[db_field.name]}".strip()
            if db_field.name in WIDGET_ROWS:
                attrs["rows"] = WIDGET_ROWS[db_field.name]
        return formfield

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_body_view))
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview_body"
        return [
            path("preview-body/", preview, name=name),
            path("<path:object_id>/preview-body/", preview, name=name),
            *super().get_urls(),
        ]

    def preview_body_view(self, request, object_id=None):
        """The body as the article's page would show it once saved, with its length."""
        if object_id is None:
            if not self.has_add_permission(request):
                return JsonResponse({"error": "You may not write articles."}, status=403)
            article = Article()
        else:
            if not self.has_change_permission(request):
                return JsonResponse({"error": "You may not edit articles."}, status=403)
            article = self.get_object(request, unquote(object_id))
            if article is None:
                return JsonResponse({"error": "There is no such article to preview."}, status=404)
            if not self.has_change_permission(request, article):
                return JsonResponse({"error": "You may not edit this article."}, status=403)
        if "body" not in request.POST:
            return JsonResponse({"error": "No body was sent to preview."}, status=400)
        body = request.POST["body"]
        if len(body) > PREVIEW_LIMIT:
            return JsonResponse(
                {
                    "error": f"The body is {len(body):,} characters long, too long to preview "
                    f"(the limit is {PREVIEW_LIMIT:,}). It can still be saved."
                },
                status=400,
            )
        # As a save would store it: normalised, rendered, and (for a saved article) its first
        # mention of each subject linked.
        article.body = normalise_text(body, multi_line=True)
        article.render_markdown_fields()
        words = count_words(article.body)
        return JsonResponse(
            {"html": article.body_html, "words": words, "minutes": reading_minutes(words)}
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["writing_area"] = self.writing_area(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def writing_area(self, article):
        """What the area's script needs: where to preview, the address around the slug, and
        whether the slug follows the headline (until the article is published) or is locked
        (while readers can reach it: changing it moves a public page)."""
        before, after = public_address_parts()
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_preview_body"
        return {
            "previewUrl": reverse(name, args=[article.pk] if article else []),
            "addressBefore": before,
            "addressAfter": after,
            "followsHeadline": article is None or article.status != Article.Status.PUBLISHED,
            "locked": article is not None and article.is_published(),
            "savedSlug": article.slug if article else "",
            "slugMaxLength": Article._meta.get_field("slug").max_length,
            "wordsPerMinute": WORDS_PER_MINUTE,
        }
