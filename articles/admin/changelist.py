from django.contrib import admin, messages

from ..models import TransitionNotAllowed, is_editor


class PublicationFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("in_review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Published (live)"),
            ("expired", "Expired"),
            ("sent_back", "Sent back from review"),
            ("corrected", "Corrected"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft" | "in_review" as status:
                return queryset.filter(status=status)
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
            case "expired":
                return queryset.expired()
            case "sent_back":
                return queryset.sent_back()
            case "corrected":
                return queryset.corrected()
        return queryset


class ArticleChangeListMixin:
    """The list of articles: what a login may see of it, its columns, filters and the
    workflow's bulk actions."""

    # Few enough columns to fit 1280 px beside the navigation and the filters (changelist.css).
    list_display = [
        "headline",
        "thumbnail",
        "publication_state",
        "published_at",
        "byline",
        "tag_list",
    ]
    list_filter = [PublicationFilter, "published_at", "authors", "projects"]
    search_fields = ["headline", "standfirst", "body"]
    # Rendered by articles/templatetags/article_admin.py, from the change list template.
    date_hierarchy = "published_at"
    thumbnail_field = "lead_image"
    actions = ["submit_for_review", "publish", "unpublish"]
    change_list_template = "admin/articles/article/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).prefetch_related("authors")

    def has_publish_permission(self, request):
        return is_editor(request.user)

    @admin.display(description="Byline")
    def byline(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    def _run_transition(self, request, queryset, move, done):
        moved, refused = 0, []
        for article in queryset:
            try:
                move(article)
            except TransitionNotAllowed as refusal:
                refused.append(str(refusal))
            else:
                moved += 1
        if moved:
            self.message_user(request, f"{moved} article(s) {done}.")
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description="Submit selected drafts for review")
    def submit_for_review(self, request, queryset):
        self._run_transition(
            request, queryset, lambda a: a.submit_for_review(by=request.user), "sent for review"
        )

    @admin.action(
        description="Publish selected articles (a future time schedules them)",
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        self._run_transition(
            request, queryset, lambda a: a.publish(by=request.user), "published or scheduled"
        )

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run_transition(
            request, queryset, lambda a: a.unpublish(by=request.user), "taken off the site"
        )
