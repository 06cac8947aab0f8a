"""Search and social on the article page: the fields that override what a link to the article
shows, and a preview of the card a shared link makes, rendered by the server from the article's
own rule (articles/sharing.py) and made again as the desk types
(static/articles/admin/sharing.js)."""

from django import forms
from django.contrib.admin.utils import unquote
from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from newsroom.text import normalise_text

from ..models import Article
from ..sharing import site_domain

FIELDSET = (
    "Search and social",
    {
        "fields": ["seo_title", "meta_description", "social_image", "social_image_alt"],
        "classes": ["search-and-social"],
        "description": "What a link to the article shows in search results and where it is "
        "shared. Each field left empty follows the headline, the standfirst or the lead image.",
    },
)
# The typed fields the card follows; the pictures are the saved ones.
TYPED_FIELDS = ("headline", "standfirst", "seo_title", "meta_description")
SOCIAL_IMAGE_HELP = (
    "Shared instead of the lead image, at its largest rendition (1280 pixels wide): a wide "
    "picture, about 1.91 times as wide as it is tall, suits most sites. Empty: the lead image."
)


def share_preview(card):
    """The share card as the preview shows it: title, description, the site's domain and the
    picture's largest rendition (its URL, size and alt text)."""
    rendition = card.rendition
    return {
        "title": card.title,
        "description": card.description,
        "domain": site_domain(),
        "image": rendition[0] if rendition else "",
        "image_width": rendition[1] if rendition else 0,
        "image_height": rendition[2] if rendition else 0,
        "image_alt": card.image_alt,
    }


class ArticleSharingMixin:
    """The Search and social fieldset, the share preview and its endpoint."""

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["articles/admin/sharing.css"]},
            js=["articles/admin/server_preview.js", "articles/admin/sharing.js"],
        )

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), FIELDSET]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name == "meta_description":
            formfield.widget = forms.Textarea(
                attrs={"rows": 3, "maxlength": db_field.max_length, "class": "vLargeTextField"}
            )
        if formfield is not None and db_field.name == "social_image":
            formfield.help_text = f"{SOCIAL_IMAGE_HELP} {formfield.help_text}"
        return formfield

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.share_preview_view))
        name = f"{self.opts.app_label}_{self.opts.model_name}_share_preview"
        # Before the admin's own patterns: "<path:object_id>/" would take these addresses.
        return [
            path("share-preview/", preview, name=name),
            path("<path:object_id>/share-preview/", preview, name=name),
            *super().get_urls(),
        ]

    def share_preview_view(self, request, object_id=None):
        """The share card of the article as typed: its saved pictures, the posted text."""
        if object_id is None:
            if not self.has_add_permission(request):
                return JsonResponse({"error": "You may not write articles."}, status=403)
            article = Article()
        else:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                return JsonResponse({"error": "There is no such article to preview."}, status=404)
            if not self.has_view_or_change_permission(request, article):
                return JsonResponse({"error": "You may not see this article."}, status=403)
        for name in TYPED_FIELDS:
            if name in request.POST:
                limit = Article._meta.get_field(name).max_length
                # As a save would store it (the form strips, the model normalises); the card
                # shows no more than the field keeps.
                value = normalise_text(request.POST[name].strip(), multi_line=name == "standfirst")
                setattr(article, name, value[:limit] if limit else value)
        return JsonResponse(share_preview(article.share_card()))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_share_preview"
        article = obj if obj is not None else Article()
        context["share_preview"] = {
            **share_preview(article.share_card()),
            "url": reverse(name, args=[obj.pk] if obj is not None else []),
        }
        return super().render_change_form(request, context, add, change, form_url, obj)
