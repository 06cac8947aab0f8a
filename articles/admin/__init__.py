"""The admin of bylines and articles. ArticleAdmin is one mixin per job: the change page and
its workflow form (change_form.py, forms.py), the list (changelist.py) and the revision pages
(history.py)."""

from django.contrib import admin

from newsroom.admin import NewsroomAdmin, SlugChangeAdminMixin
from search.admin import IndexedSearchMixin

from ..models import Article, Author, is_editor
from .autosave import ArticleAutosaveMixin
from .change_form import ArticleChangeFormMixin
from .changelist import ArticleChangeListMixin
from .checklist import ArticleChecklistMixin
from .conflict import ArticleConflictMixin
from .history import ArticleRevisionsAdmin
from .images import ArticleImagesMixin
from .review_notes import ArticleReviewNotesMixin
from .writing import ArticleWritingAreaMixin


@admin.register(Author)
class AuthorAdmin(SlugChangeAdminMixin, admin.ModelAdmin):
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
    ArticleImagesMixin,
    ArticleReviewNotesMixin,
    ArticleWritingAreaMixin,
    ArticleAutosaveMixin,
    ArticleConflictMixin,
    ArticleChecklistMixin,
    ArticleChangeFormMixin,
    ArticleChangeListMixin,
    IndexedSearchMixin,
    ArticleRevisionsAdmin,
    NewsroomAdmin,
):
    class Media:
        # The workflow's states and buttons.
        css = {"all": ["articles/admin/workflow.css"]}
