from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from ..models import Author, Correction, Source, is_editor
from .checklist import TimesInZoneMixin
from .expiry import expiry_state
from .forms import STATUS_BUTTONS, ArticleAdminForm
from .times import desk_time


def when_it_goes_out(article):
    """The time a scheduled article goes out, with its time zone."""
    return desk_time(article.published_at)


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["publisher", "title", "url", "as_of", "order"]


class CorrectionInline(TimesInZoneMixin, admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["made_at", "text"]


class ArticleChangeFormMixin:
    """The change page: the workflow form, its buttons, bylines and the mentions to accept."""

    form = ArticleAdminForm
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "people", "organisations", "projects", "lead_library_image"]
    inlines = [SourceInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "base_version"]}),
        (
            "Publishing",
            {"fields": ["status", "publication_state", "published_at", "expires_at", "authors"]},
        ),
        (
            "Lead image",
            {
                "fields": [
                    "lead_library_image",
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        ("Subjects", {"fields": ["people", "organisations", "projects", "tags"]}),
    ]
    change_form_template = "admin/articles/article/change_form.html"

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
        return ["publication_state", "published_at", "expires_at"]

    def view_on_site(self, obj):
        return obj.get_newsroom_url()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

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
        if article is None and (refusal := self.refuse_another_writers_article(request, object_id)):
            return refusal
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

    def history_view(self, request, object_id, extra_context=None):
        return self.refuse_another_writers_article(request, object_id) or super().history_view(
            request, object_id, extra_context
        )

    def compare_view(self, request, object_id):
        return self.refuse_another_writers_article(request, object_id) or super().compare_view(
            request, object_id
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return self.refuse_another_writers_article(request, object_id) or super().revision_view(
            request, object_id, version_id, extra_context
        )

    def delete_view(self, request, object_id, extra_context=None):
        return self.refuse_another_writers_article(request, object_id) or super().delete_view(
            request, object_id, extra_context
        )

    def refuse_another_writers_article(self, request, object_id):
        """The list, with a message, for an article that is outside this login's view because
        it is a colleague's; None for an article this login may open, or one that is gone.

        Told apart from a deleted article, so a writer does not look for a lost story; the
        article itself stays out of their queryset, and nothing of it is shown."""
        object_id = unquote(object_id)
        try:
            visible = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            return None
        if (
            visible
            or not self.has_view_or_change_permission(request)
            or not self.belongs_to_another_writer(object_id)
        ):
            return None
        self.message_user(
            request,
            f"Article {object_id} belongs to another writer: only its own writers and the "
            "editors may open it.",
            messages.ERROR,
        )
        return HttpResponseRedirect(reverse(f"{self.admin_site.name}:articles_article_changelist"))

    def belongs_to_another_writer(self, object_id):
        """Whether `object_id` names an article outside this login's view (get_queryset)."""
        try:
            return self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            return False

    def describe_state(self, obj):
        if obj.is_scheduled:
            return f"scheduled for {when_it_goes_out(obj)}"
        return obj.get_status_display().lower()

    @admin.display(description="State", ordering="status")
    def publication_state(self, obj):
        if obj.pk is None:
            return "New"
        label = obj.status_label
        if obj.is_scheduled:
            label = f"Scheduled for {when_it_goes_out(obj)}"
        expiry = expiry_state(obj)
        if obj.is_expired:
            label, expiry = expiry, ""
        return format_html(
            '<span class="article-state article-state--{}">{}</span>{}',
            obj.status_label.lower().replace(" ", "-"),
            label,
            format_html(' <span class="article-expiry">{}</span>', expiry) if expiry else "",
        )
