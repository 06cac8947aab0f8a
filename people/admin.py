from django.contrib import admin

from newsroom.admin import NewsroomAdmin
from newsroom.usage import WhereUsedAdminMixin
from search.admin import IndexedSearchMixin

from .models import Organisation, Person, far_side


class CreditInline(admin.TabularInline):
    model = far_side(Person, "credits")
    extra = 0
    autocomplete_fields = ["project"]
    fields = ["project", "role", "character", "order"]


@admin.register(Person)
class PersonAdmin(WhereUsedAdminMixin, IndexedSearchMixin, NewsroomAdmin):
    list_display = [
        "name",
        "thumbnail",
        "native_name",
        "description",
        "country",
        "updated_at",
        "tag_list",
    ]
    list_filter = ["country", "updated_at"]
    search_fields = ["name", "native_name", "aliases", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo_library_image"]
    thumbnail_field = "photo"
    inlines = [CreditInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "native_name",
                    "aliases",
                    "description",
                    "country",
                    "tags",
                ]
            },
        ),
        ("Biography", {"fields": ["bio"]}),
        ("Photo", {"fields": ["photo_library_image", "photo", "photo_alt", "photo_credit"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(WhereUsedAdminMixin, IndexedSearchMixin, NewsroomAdmin):
    list_display = ["name", "thumbnail", "kind", "country", "updated_at", "tag_list"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "native_name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["logo_library_image"]
    thumbnail_field = "logo"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "native_name",
                    "aliases",
                    "kind",
                    "country",
                    "website",
                    "tags",
                ]
            },
        ),
        ("About", {"fields": ["description"]}),
        ("Logo", {"fields": ["logo_library_image", "logo", "logo_alt", "logo_credit"]}),
    ]
