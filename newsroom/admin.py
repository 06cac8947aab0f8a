from django.contrib import admin
from django.utils.html import format_html

from .images import renditions


class NewsroomAdmin(admin.ModelAdmin):
    """Shared ergonomics: tag column without N+1, thumbnails, "view on site"."""

    thumbnail_field = None
    list_per_page = 50

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(self.model, "tags"):
            queryset = queryset.prefetch_related("tags")
        return queryset

    @admin.display(description="Tags")
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.display(description="Image")
    def thumbnail(self, obj):
        image = getattr(obj, self.thumbnail_field)
        sizes = renditions(image)
        if not sizes:
            return "—"
        url, width, height = sizes[0]
        alt = getattr(obj, f"{self.thumbnail_field}_alt", "") or ""
        return format_html(
            '<img src="{}" alt="{}" width="80" height="{}" loading="lazy">',
            url,
            alt,
            round(80 * height / width),
        )
