"""The Publish step: the checklist run on the article as typed when an editor publishes or
schedules it, the same checklist on the change page beforehand, a question before a live
article is unpublished, and the time zone named where times are typed."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.timezone import get_current_timezone_name

from ..checklist import Draft, review
from ..models import Article, is_editor

PUBLISH_ANYWAY = "publish_despite_warnings"
# Posted beside the tick by the change page: which warnings the editor read (a script posting
# the tick alone overrides whatever the checklist finds).
WARNINGS_READ = "warnings_read"
CONFIRM_UNPUBLISH = "confirm_unpublish"


def name_the_time_zone(formfield):
    """Say which zone a time is typed in: the desk may not share the site's."""
    zone = f"Times are in {get_current_timezone_name()}."
    formfield.help_text = f"{formfield.help_text} {zone}".strip()
    return formfield


class TimesInZoneMixin:
    """For a ModelAdmin or an inline: every date-and-time field names its time zone."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            name_the_time_zone(formfield)
        return formfield


class PublishChecklistForm(forms.Form):
    """Put in front of the article's admin form (ArticleChecklistMixin.get_form), so it checks
    what that form has cleaned, after the workflow has said the move is allowed."""

    publish_despite_warnings = forms.BooleanField(
        required=False, label="Publish anyway: I have read the warnings"
    )
    confirm_unpublish = forms.BooleanField(
        required=False, label="Yes, take it off the site, its feeds and search"
    )

    publish_checklist = None
    asks_to_unpublish = False

    def clean(self):
        cleaned_data = super().clean()
        saved = self.instance  # still the saved values: the form copies its data in later
        target = cleaned_data.get("status", self.requested_status())
        if target == Article.Status.PUBLISHED and saved.status != Article.Status.PUBLISHED:
            self._check_before_publishing(cleaned_data)
        elif target != Article.Status.PUBLISHED and saved.pk and saved.is_published():
            self._confirm_unpublishing(cleaned_data)
        return cleaned_data

    def _check_before_publishing(self, cleaned_data):
        checklist = review(self.typed_draft(cleaned_data), typed=True)
        self.publish_checklist = checklist
        if checklist.errors:
            count = len(checklist.errors)
            self.add_error(
                None,
                forms.ValidationError(
                    "Not published: the checklist below found %(count)d %(problems)s that "
                    "would break the public page. Fix %(them)s and publish again; nothing you "
                    "typed has been lost.",
                    code="checklist_errors",
                    params={
                        "count": count,
                        "problems": "problem" if count == 1 else "problems",
                        "them": "it" if count == 1 else "them",
                    },
                ),
            )
        elif checklist.warnings and not self._overrides(checklist):
            count = len(checklist.warnings)
            self.add_error(
                None,
                forms.ValidationError(
                    "Not published yet: the checklist below has %(count)d %(warnings)s. Read "
                    "%(them)s, then tick “Publish anyway: I have read the warnings” and save "
                    "again, or fix the text first. Nothing you typed has been lost.",
                    code="checklist_warnings",
                    params={
                        "count": count,
                        "warnings": "warning" if count == 1 else "warnings",
                        "them": "it" if count == 1 else "them",
                    },
                ),
            )

    def _overrides(self, checklist):
        if not self.cleaned_data.get(PUBLISH_ANYWAY):
            return False
        read = self.data.get(WARNINGS_READ)
        return read is None or read == checklist.warnings_read

    def _confirm_unpublishing(self, cleaned_data):
        if cleaned_data.get(CONFIRM_UNPUBLISH):
            return
        self.asks_to_unpublish = True
        self.add_error(
            None,
            forms.ValidationError(
                "Unpublishing takes “%(headline)s” off the site, its feeds and search; readers "
                "following links to it will get a “not found” page. Tick “Yes, take it off the "
                "site” below and press Unpublish again to confirm.",
                code="confirm_unpublish",
                params={"headline": self.instance.headline},
            ),
        )

    def typed_draft(self, cleaned_data):
        """The article as this form would save it."""
        instance = self.instance

        def value(name):
            if name in cleaned_data:
                return cleaned_data[name]
            if name in self.fields and name in self.errors:
                # Refused by its own field (a blank headline): checked as typed.
                return self.data.get(self.add_prefix(name), "")
            return getattr(instance, name)

        def chosen(name):
            if name in cleaned_data:
                return bool(cleaned_data[name])
            return bool(instance.pk) and getattr(instance, name).exists()

        return Draft.typed(
            headline=value("headline") or "",
            standfirst=value("standfirst") or "",
            body=value("body") or "",
            has_byline=chosen("authors"),
            has_subjects=any(
                chosen(name) for name in ("people", "organisations", "projects", "tags")
            ),
            has_sources=self.sources_as_posted() > 0,
            has_lead_image=bool(value("lead_image")),
            lead_image_alt=value("lead_image_alt") or "",
            seo_title=value("seo_title") or "",
            meta_description=value("meta_description") or "",
        )

    def sources_as_posted(self):
        """How many sources the article will have once the Sources inline posted beside this
        form is saved. The admin validates inlines after the form, so they are read from the
        posted data: saved rows not ticked for deletion, and new rows naming a publisher."""
        prefix = "sources"  # the inline's formset prefix: the relation's name
        saved_ids = set()
        if self.instance.pk:
            saved_ids = {str(pk) for pk in self.instance.sources.values_list("pk", flat=True)}
        try:
            rows = min(int(self.data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
        except (TypeError, ValueError):
            rows = 0
        count = len(saved_ids)
        for row in range(rows):
            field = f"{prefix}-{row}-"
            deleting = bool(self.data.get(f"{field}DELETE"))
            if self.data.get(f"{field}id", "") in saved_ids:
                count -= deleting
            elif str(self.data.get(f"{field}publisher", "")).strip() and not deleting:
                count += 1
        return count


class ArticleChecklistMixin(TimesInZoneMixin):
    """The checklist on the change form and page, and the question before unpublishing."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (PublishChecklistForm, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None and form.is_bound and form.errors:
            # A refused save has copied the typed status onto the unsaved article: the
            # workflow's buttons offer moves from the status it is saved in.
            obj.status = form.initial.get("status", obj.status)
        checklist = getattr(form, "publish_checklist", None)
        shows_saved = (
            checklist is None
            and obj is not None
            and obj.status != Article.Status.PUBLISHED
            and is_editor(request.user)
        )
        if shows_saved:
            checklist = review(Draft.of_article(obj))
        context |= {
            "desk_checklist": checklist,
            "offers_publish_anyway": bool(
                checklist and checklist.typed and checklist.warnings and not checklist.errors
            ),
            "asks_to_unpublish": getattr(form, "asks_to_unpublish", False),
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(
        description="Publish selected articles (a future time schedules them)",
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        """The list's Publish has no box to tick past warnings, so it publishes past them;
        an article with an error in its checklist stays where it is, and the desk is told."""
        refused = []
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            errors = review(Draft.of_article(article)).errors
            if errors:
                refused.append(article.pk)
                self.message_user(
                    request,
                    f"“{article}” was not published: {errors[0].message}",
                    messages.ERROR,
                )
        return super().publish(request, queryset.exclude(pk__in=refused))
