from django.contrib import admin

from newsroom.admin import NewsroomAdmin
from newsroom.usage import WhereUsedAdminMixin
from search.admin import IndexedSearchMixin

from .models import Credit, Milestone, Project


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "character", "order"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    autocomplete_fields = ["claimed_by", "source"]
    fields = ["title", "kind", "planned_for", "happened_on", "status", "claimed_by", "source"]


@admin.register(Project)
class ProjectAdmin(WhereUsedAdminMixin, IndexedSearchMixin, NewsroomAdmin):
    list_display = [
        "title",
        "thumbnail",
        "native_title",
        "status",
        "rival",
        "country",
        "updated_at",
        "tag_list",
    ]
    list_filter = ["status", "country", "backers"]
    list_select_related = ["rival"]
    search_fields = ["title", "native_title", "aliases", "logline"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["poster_library_image", "backers", "rival"]
    thumbnail_field = "poster"
    inlines = [CreditInline, MilestoneInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "native_title",
                    "aliases",
                    "status",
                    "country",
                    "rival",
                    "backers",
                    "tags",
                ]
            },
        ),
        ("Story", {"fields": ["logline", "synopsis"]}),
        ("Poster", {"fields": ["poster_library_image", "poster", "poster_alt", "poster_credit"]}),
    ]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "project",
        "kind",
        "planned_for",
        "happened_on",
        "status",
        "claimed_by",
    ]
    list_filter = ["status", "kind", "project"]
    list_select_related = ["project", "claimed_by"]
    search_fields = ["title", "note", "project__title"]
    autocomplete_fields = ["project", "claimed_by", "source"]
    date_hierarchy = "planned_for"

    def view_on_site(self, obj):
        return obj.project.get_absolute_url()


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "character", "project", "order"]
    list_filter = ["role", "project"]
    list_select_related = ["person", "project"]
    search_fields = ["person__name", "project__title", "character"]
    autocomplete_fields = ["person", "project"]

    def view_on_site(self, obj):
        return obj.project.get_absolute_url()
