"""The image library's admin: thumbnails, search, uploads with the site's guards, and the
picker the article form's "Insert image" button and lead image fields search."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html

from .images import renditions
from .models import Image
from .text import normalise_text
from .usage import WhereUsedAdminMixin

THUMBNAIL_WIDTH = 80
# The picker shows a page of the newest matches; a search narrows it.
PICKER_LIMIT = 24


def thumbnail(image):
    """The smallest rendition, at thumbnail size; None without one."""
    sizes = renditions(image.file)
    if not sizes:
        return None
    url, width, height = sizes[0]
    return url, THUMBNAIL_WIDTH, round(THUMBNAIL_WIDTH * height / width)


@admin.register(Image)
class ImageAdmin(WhereUsedAdminMixin, admin.ModelAdmin):
    list_display = ["preview", "caption", "credit", "alt", "size", "uploaded_at"]
    list_display_links = ["preview", "caption"]
    search_fields = ["caption", "credit", "alt"]
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    readonly_fields = ["preview", "size", "reference", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "size", "reference"]}),
        (None, {"fields": ["alt", "caption", "credit"]}),
        (
            "Focal point",
            {
                "fields": ["focal_x", "focal_y"],
                "description": "Optional: where the subject is, kept in view when the picture "
                "is cropped.",
            },
        ),
        (None, {"fields": ["uploaded_at"]}),
    ]

    @admin.display(description="Image")
    def preview(self, obj):
        shown = thumbnail(obj) if obj.pk else None
        if shown is None:
            return "—"
        url, width, height = shown
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy">',
            url,
            obj.alt,
            width,
            height,
        )

    @admin.display(description="Original size")
    def size(self, obj):
        if not obj.file_width or not obj.file_height:
            return "—"
        return f"{obj.file_width}×{obj.file_height} px"

    @admin.display(description="In an article's body")
    def reference(self, obj):
        if not obj.pk:
            return "—"
        return format_html("<code>![](image:{})</code>", obj.pk)

    def get_urls(self):
        picker = self.admin_site.admin_view(self.picker_view)
        return [
            path("picker/", picker, name="newsroom_image_picker"),
            *super().get_urls(),
        ]

    def get_search_results(self, request, queryset, search_term):
        # As the newsroom keeps text: a NUL in the box would stop PostgreSQL's query.
        return super().get_search_results(request, queryset, normalise_text(search_term))

    def picker_view(self, request):
        """The newest images matching `q`, as the picker lists them: one query."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        images = Image.objects.only("file", "file_width", "file_height", "alt", "caption", "credit")
        images, _ = self.get_search_results(request, images, request.GET.get("q", "").strip())
        results = []
        for image in images[:PICKER_LIMIT]:
            shown = thumbnail(image)
            results.append(
                {
                    "id": image.pk,
                    "reference": f"![](image:{image.pk})",
                    "thumbnail": shown[0] if shown else "",
                    "width": shown[1] if shown else 0,
                    "height": shown[2] if shown else 0,
                    "alt": image.alt,
                    "caption": image.caption,
                    "credit": image.credit,
                }
            )
        return JsonResponse({"results": results})
