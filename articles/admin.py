from django.contrib import admin

from newsroom.admin import NewsroomAdmin
from search.admin import IndexedSearchMixin

from .models import Article, Author, Correction, Source


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["publisher", "title", "url", "order"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["made_at", "text"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Article)
class ArticleAdmin(IndexedSearchMixin, NewsroomAdmin):
    list_display = [
        "headline",
        "thumbnail",
        "status",
        "published_at",
        "byline",
        "updated_at",
        "tag_list",
    ]
    list_filter = ["status", "published_at", "authors", "projects"]
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "people", "organisations", "projects"]
    thumbnail_field = "lead_image"
    inlines = [SourceInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "authors"]}),
        (
            "Lead image",
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"]},
        ),
        ("Subjects", {"fields": ["people", "organisations", "projects", "tags"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description="Byline")
    def byline(self, obj):
        return ", ".join(author.name for author in obj.authors.all())
