from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect
from django.utils.html import format_html
from taggit.models import Tag

from .images import renditions

CONFIRM_SLUG_CHANGE = "confirm_slug_change"


class SlugChangeForm(forms.ModelForm):
    """Asks before the slug of a public page changes: readers' links, feeds and search results
    use the address. The old one will redirect, but the editor should know the page moves."""

    confirm_slug_change = forms.BooleanField(
        required=False,
        label="Change the public address",
        help_text="Readers following the old address will be sent on to the new one.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(CONFIRM_SLUG_CHANGE)
        if field is not None and not (self.is_bound and self.public_url_moving()):
            field.widget = forms.HiddenInput()

    def clean_tags(self):
        """A tag longer than taggit's table holds fails the save on PostgreSQL: say so instead,
        keeping everything else the editor typed."""
        tags = self.cleaned_data["tags"]
        limit = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > limit]
        if too_long:
            raise forms.ValidationError(
                "A tag may be at most %(limit)d characters long; shorten “%(tag)s…”.",
                code="tag_too_long",
                params={"limit": limit, "tag": too_long[0][:40]},
            )
        return tags

    def public_url(self):
        """Where readers find the saved object now, or None if they cannot see it."""
        instance = self.instance
        if instance.pk is None or not instance.slug:
            return None
        is_published = getattr(instance, "is_published", None)
        if is_published is not None and not is_published():
            return None
        return instance.get_absolute_url()

    def public_url_moving(self):
        """The public address the submitted slug would leave, if it leaves one."""
        if "slug" not in self.fields:
            return None
        typed = self.data.get(self.add_prefix("slug"), "")
        if typed.strip() == self.instance.slug:
            return None
        return self.public_url()

    def clean(self):
        cleaned_data = super().clean()
        # The instance still holds the saved values here: the form copies its data in later.
        old_url = self.public_url_moving()
        if old_url and "slug" in cleaned_data and not cleaned_data.get(CONFIRM_SLUG_CHANGE):
            self.add_error(
                "slug",
                f"This page is public at {old_url}: readers' links will be redirected to the "
                "new address. Tick “Change the public address” below the slug and save again "
                "to confirm.",
            )
        return cleaned_data


class SlugChangeAdminMixin:
    """Puts the confirmation checkbox of SlugChangeForm right under the slug."""

    form = SlugChangeForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [field for field in options["fields"] if field != CONFIRM_SLUG_CHANGE]
            if "slug" in fields:
                fields.insert(fields.index("slug") + 1, CONFIRM_SLUG_CHANGE)
            fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets


class NewsroomAdmin(SlugChangeAdminMixin, admin.ModelAdmin):
    """Shared ergonomics: tag column without N+1, thumbnails, "view on site", a question
    before a public address changes."""

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
    if callable(model_admin.view_on_site):
        # The admin's own choice of page, as its change form links to (a draft's preview).
        return redirect(model_admin.view_on_site(obj))
    return contenttype_views.shortcut(request, content_type_id, object_id)


# The image library's and the outbox's admins live beside the models they show.
from . import library, outbox_admin  # noqa: E402, F401
