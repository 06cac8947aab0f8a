import difflib

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from reversion.admin import VersionAdmin
from reversion.models import Version

from newsroom.admin import NewsroomAdmin, SlugChangeAdminMixin, SlugChangeForm
from search.admin import IndexedSearchMixin

from .models import Article, Author, Correction, Source, TransitionNotAllowed, is_editor

# Buttons on the change page that save the form and move the article on in one click.
STATUS_BUTTONS = {
    "_submit_for_review": Article.Status.IN_REVIEW,
    "_publish": Article.Status.PUBLISHED,
    "_unpublish": Article.Status.DRAFT,
}
COMPARED_FIELDS = ["headline", "standfirst", "body"]
RESTORED_FIELDS = [
    "headline",
    "standfirst",
    "body",
    "lead_image_credit",
    "lead_image_caption",
    "lead_image_alt",
]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["publisher", "title", "url", "as_of", "order"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["made_at", "text"]


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


class PublicationFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("in_review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Published (live)"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft" | "in_review" as status:
                return queryset.filter(status=status)
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
        return queryset


class ArticleAdminForm(SlugChangeForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput)

    # Set by ArticleAdmin.get_form, which also gives the form its model and fields: the
    # rules depend on who is saving.
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version
        if "status" in self.fields:
            self.fields["status"].choices = [
                (status.value, status.label) for status in self.instance.statuses_open_to(self.user)
            ]

    def clean_authors(self):
        """A writer signs only their own byline, and keeps the others an editor put on."""
        authors = self.cleaned_data["authors"]
        if is_editor(self.user):
            return authors
        already = self.instance.authors.all() if self.instance.pk else Author.objects.none()
        others = authors.exclude(user=self.user).exclude(pk__in=already.values("pk"))
        if others:
            names = ", ".join(author.name for author in others)
            raise ValidationError(
                "You write under your own byline: only an editor can add %(names)s.",
                code="byline",
                params={"names": names},
            )
        return Author.objects.filter(Q(pk__in=already.values("pk")) | Q(user=self.user))

    def requested_status(self):
        for button, status in STATUS_BUTTONS.items():
            if button in self.data:
                return status
        return self.cleaned_data.get("status", self.instance.status)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._refuse_stale_copy()
        target = self.requested_status()
        if target != self.instance.status or not self.instance.pk:
            try:
                self.instance.check_transition(target, self.user)
            except TransitionNotAllowed as refusal:
                raise ValidationError(str(refusal)) from None
        if "status" in self.fields:
            cleaned_data["status"] = target
        return cleaned_data

    def _refuse_stale_copy(self):
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("last_edited_by")
            .only("version", "updated_at", "last_edited_by")
            .get(pk=self.instance.pk)
        )
        if self.cleaned_data.get("base_version") == current.version:
            return
        editor = current.last_edited_by
        who = (editor.get_full_name() or editor.get_username()) if editor else "someone else"
        when = date_format(localtime(current.updated_at), "DATETIME_FORMAT")
        raise ValidationError(
            "%(who)s changed this article at %(when)s, after you opened it. Nothing you typed "
            "has been saved and it is still below: open the article in a new tab, add your "
            "changes to theirs, and save there.",
            code="stale",
            params={"who": who, "when": when},
        )


@admin.register(Article)
class ArticleAdmin(IndexedSearchMixin, VersionAdmin, NewsroomAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "thumbnail",
        "publication_state",
        "published_at",
        "byline",
        "updated_at",
        "tag_list",
    ]
    list_filter = [PublicationFilter, "published_at", "authors", "projects"]
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "people", "organisations", "projects"]
    thumbnail_field = "lead_image"
    inlines = [SourceInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "base_version"]}),
        ("Publishing", {"fields": ["status", "publication_state", "published_at", "authors"]}),
        (
            "Lead image",
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"]},
        ),
        ("Subjects", {"fields": ["people", "organisations", "projects", "tags"]}),
    ]
    actions = ["submit_for_review", "publish", "unpublish"]
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True

    class Media:
        css = {"all": ["articles/admin/workflow.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).prefetch_related("authors")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        byline = Author.objects.filter(user=request.user).first()
        if byline is not None and not is_editor(request.user):
            initial.setdefault("authors", [byline.pk])
        return initial

    def get_readonly_fields(self, request, obj=None):
        if is_editor(request.user):
            return ["publication_state"]
        return ["publication_state", "published_at"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_publish_permission(self, request):
        return is_editor(request.user)

    def save_model(self, request, obj, form, change):
        previous_status = form.initial.get("status") if change else None
        obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)
        form.status_change = obj.record_status_change(previous_status, request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not is_editor(request.user) and not article.is_authored_by(request.user):
            article.authors.add(Author.byline_for(request.user))
        if "_add_mentions" in request.POST:
            form.accepted_subjects = article.proposed_subjects()
            article.add_subjects(form.accepted_subjects)

    def construct_change_message(self, request, form, formsets, add=False):
        """Name the status change and accepted mentions in the history, not just "Changed"."""
        message = super().construct_change_message(request, form, formsets, add)
        extra = []
        if getattr(form, "status_change", None) and not add:
            extra.append(f"status ({form.status_change})")
        if getattr(form, "accepted_subjects", None):
            names = ", ".join(str(subject) for subject in form.accepted_subjects)
            extra.append(f"subjects (added {names})")
        if extra:
            message.append({"changed": {"fields": extra}})
        return message

    def response_add(self, request, obj, post_url_continue=None):
        if any(key in request.POST for key in STATUS_BUTTONS):
            self.message_user(request, f"Saved. “{obj}” is now {self.describe_state(obj)}.")
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:articles_article_change", args=[obj.pk])
            )
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_add_mentions" in request.POST or any(key in request.POST for key in STATUS_BUTTONS):
            self.message_user(request, f"Saved. “{obj}” is now {self.describe_state(obj)}.")
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        context = {"is_editor": is_editor(request.user), **(extra_context or {})}
        return super().add_view(request, form_url, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        context = {}
        if article is not None:
            context = {
                "proposed_subjects": [
                    (subject, subject._meta.verbose_name) for subject in article.proposed_subjects()
                ],
                "can_edit_article": article.can_be_edited_by(request.user),
                "is_editor": is_editor(request.user),
            }
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def describe_state(self, obj):
        if obj.is_scheduled:
            return f"scheduled for {date_format(localtime(obj.published_at), 'DATETIME_FORMAT')}"
        return obj.get_status_display().lower()

    @admin.display(description="State", ordering="status")
    def publication_state(self, obj):
        if obj.pk is None:
            return "New"
        label = obj.status_label
        if obj.is_scheduled:
            label = f"Scheduled for {date_format(localtime(obj.published_at), 'DATETIME_FORMAT')}"
        return format_html(
            '<span class="article-state article-state--{}">{}</span>',
            obj.status_label.lower().replace(" ", "-"),
            label,
        )

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

    # History: revisions from django-reversion, a diff between two, restore, status changes.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        context = {}
        if article is not None:
            context = {
                "revisions": Version.objects.get_for_object(article)
                .select_related("revision__user")
                .order_by("-revision__date_created", "-pk"),
                "status_changes": article.status_changes.select_related("changed_by"),
                "compare_url": reverse(
                    f"{self.admin_site.name}:articles_article_compare", args=[article.pk]
                ),
            }
        # The admin's own history page, with revisions listed here rather than reversion's way.
        return admin.ModelAdmin.history_view(
            self, request, object_id, {**context, **(extra_context or {})}
        )

    def _article_and_versions(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("No such article.")
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        return article, versions

    def _version_or_404(self, versions, version_id):
        try:
            return versions.get(pk=int(version_id))
        except (TypeError, ValueError, Version.DoesNotExist):
            raise Http404("No such revision of this article.") from None

    def _diff_tables(self, older, newer, older_label, newer_label):
        differ = difflib.HtmlDiff(wrapcolumn=72)
        return [
            (
                Article._meta.get_field(field).verbose_name,
                differ.make_table(
                    str(older.get(field) or "").splitlines(),
                    str(newer.get(field) or "").splitlines(),
                    older_label,
                    newer_label,
                ),
            )
            for field in COMPARED_FIELDS
        ]

    def _label(self, version):
        revision = version.revision
        who = revision.user.get_username() if revision.user else "unknown"
        return f"{date_format(localtime(revision.date_created), 'DATETIME_FORMAT')} ({who})"

    def compare_view(self, request, object_id):
        article, versions = self._article_and_versions(request, object_id)
        older = self._version_or_404(versions, request.GET.get("from"))
        newer = self._version_or_404(versions, request.GET.get("to"))
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "media": self.media,
            "original": article,
            "title": f"Changes to “{article}”",
            "diffs": self._diff_tables(
                older.field_dict, newer.field_dict, self._label(older), self._label(newer)
            ),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an old revision's text onto the article, keeping its status and history."""
        article, versions = self._article_and_versions(request, object_id)
        version = self._version_or_404(versions, version_id)
        can_restore = self.has_change_permission(request, article)
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            with reversion.create_revision():
                for field in RESTORED_FIELDS:
                    setattr(article, field, version.field_dict.get(field, ""))
                article.last_edited_by = request.user
                article.save()
                reversion.set_user(request.user)
                reversion.set_comment(f"Restored the text of {self._label(version)}.")
            self.message_user(request, f"Restored the text saved on {self._label(version)}.")
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])
            )
        current = {field: getattr(article, field) for field in COMPARED_FIELDS}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "media": self.media,
            "original": article,
            "title": f"Revision of “{article}” from {self._label(version)}",
            "diffs": self._diff_tables(version.field_dict, current, self._label(version), "Now"),
            "can_restore": can_restore,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def recoverlist_view(self, request, extra_context=None):
        # Deleted articles are anyone's, and bringing one back restores its status too:
        # an editor's call.
        if not is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # The workflow actions keep their own revisions; the list needs no transaction of its own.
        context = {"can_recover": is_editor(request.user)}
        return admin.ModelAdmin.changelist_view(self, request, {**context, **(extra_context or {})})
