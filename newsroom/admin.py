from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
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


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for only what this login may see in the admin.

    Django's own redirects any staff login to any object's page, which gave a writer the
    slugs, and so the headlines, of other people's drafts. Served at the same address
    (see spacecinema/urls.py), so the admin's links keep working.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model) if model else None
    except (ContentType.DoesNotExist, ValueError, NotRegistered):
        model_admin = None
    # get_object() reads the admin's own queryset: a writer's is their own bylines.
    obj = model_admin.get_object(request, unquote(object_id)) if model_admin else None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("Nothing here you may view.")
    return contenttype_views.shortcut(request, content_type_id, object_id)
