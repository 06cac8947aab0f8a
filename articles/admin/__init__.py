"""The admin of bylines and articles. ArticleAdmin is one mixin per job: the change page and
its workflow form (change_form.py, forms.py), the list (changelist.py) and the revision pages
(history.py)."""

from django.contrib import admin

from newsroom.admin import NewsroomAdmin, SlugChangeAdminMixin

from ..models import Article, Author, is_editor
from .autosave import ArticleAutosaveMixin
from .change_form import ArticleChangeFormMixin
from .changelist import ArticleChangeListMixin
from .checklist import ArticleChecklistMixin
from .conflict import ArticleConflictMixin
from .finding import ArticleSearchMixin, BylineSearchMixin
from .history import ArticleRevisionsAdmin
from .home_page import ArticleHomePageMixin
from .images import ArticleImagesMixin
from .preview_links import ArticlePreviewLinksMixin
from .review_notes import ArticleReviewNotesMixin
from .sharing import ArticleSharingMixin
from .translations import ArticleTranslationsMixin
from .usage import articles_using  # noqa: F401 (registers articles as uses of subjects)
from .webhooks import WebhookAdmin  # noqa: F401
from .writing import ArticleWritingAreaMixin


@admin.register(Author)
class AuthorAdmin(BylineSearchMixin, SlugChangeAdminMixin, admin.ModelAdmin):
    list_display = ["name", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The article form's byline picker: a writer is offered only the byline they sign.
        picking_a_byline = request.resolver_match.url_name == "autocomplete"
        if picking_a_byline and not is_editor(request.user):
            queryset = queryset.filter(user=request.user)
        return queryset, may_have_duplicates


@admin.register(Article)
class ArticleAdmin(
    ArticlePreviewLinksMixin,
    ArticleHomePageMixin,
    ArticleImagesMixin,
    ArticleReviewNotesMixin,
    ArticleSharingMixin,
    ArticleTranslationsMixin,
    ArticleWritingAreaMixin,
    ArticleAutosaveMixin,
    ArticleConflictMixin,
    ArticleChecklistMixin,
    ArticleChangeFormMixin,
    ArticleChangeListMixin,
    ArticleSearchMixin,
    ArticleRevisionsAdmin,
    NewsroomAdmin,
):
    class Media:
        # The workflow's states and buttons.
        css = {"all": ["articles/admin/workflow.css"]}
