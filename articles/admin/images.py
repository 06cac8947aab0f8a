"""The library's pictures in the article page: an "Insert image" button that searches the
library and writes a reference into the body, and a warning when the saved body refers to a
picture the library no longer has."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.urls import reverse

from newsroom.models import missing_images


class ArticleImagesMixin:
    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["articles/admin/image_picker.css"]},
            js=["articles/admin/image_picker.js"],
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            article = self.get_object(request, unquote(object_id))
            missing = missing_images(article.body) if article is not None else []
            for number in missing:
                messages.warning(
                    request,
                    f"The body refers to image {number} of the library, which is not there "
                    "(deleted, or never uploaded): readers see nothing in its place. Pick "
                    f"another with Insert image, or take “image:{number}” out of the body.",
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["image_picker_url"] = reverse("admin:newsroom_image_picker")
        context["image_library_url"] = reverse("admin:newsroom_image_changelist")
        return super().render_change_form(request, context, add, change, form_url, obj)
