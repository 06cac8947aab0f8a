from contextlib import nullcontext

import reversion
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from newsroom.diff import word_diff

from ..models import Article, is_editor
from .times import desk_time

COMPARED_FIELDS = ["headline", "standfirst", "body"]
RESTORED_FIELDS = [
    "headline",
    "standfirst",
    "body",
    "lead_image_credit",
    "lead_image_caption",
    "lead_image_alt",
]


def text_diffs(older, newer):
    """The word diff of each compared field between two sets of values: (label, WordDiff)."""
    return [
        (
            Article._meta.get_field(field).verbose_name,
            word_diff(str(older.get(field) or ""), str(newer.get(field) or "")),
        )
        for field in COMPARED_FIELDS
    ]


class ArticleRevisionsAdmin(VersionAdmin):
    """The revision pages, django-reversion's: the history with the status changes beside it, a
    diff between two revisions, an old revision's text restored, deleted articles recovered."""

    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        # The word diffs, here and on the change page's conflict screen.
        css = {"all": ["articles/admin/diffconflict.css"]}

    history_latest_first = True
    history_order_by_date = True

    def create_revision(self, request):
        # The change list's actions move each article on with a revision of its own
        # (Article._move_to): one revision around the whole list would merge them into one.
        if request.resolver_match.url_name.endswith("_changelist"):
            return nullcontext()
        return super().create_revision(request)

    def has_recover_permission(self, request):
        # Deleted articles are anyone's, and bringing one back restores its status too:
        # an editor's call.
        return is_editor(request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": self.has_recover_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        context = {}
        if article is not None:
            context = {
                # VersionAdmin's action_list holds revisions; the compare form names versions.
                "revisions": Version.objects.get_for_object(article)
                .select_related("revision__user")
                .order_by(*self.get_version_ordering(request)),
                "status_changes": article.status_changes.select_related("changed_by"),
                "compare_url": reverse(
                    f"{self.admin_site.name}:articles_article_compare", args=[article.pk]
                ),
            }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

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
            "older_label": self._label(older),
            "newer_label": self._label(newer),
            "diffs": text_diffs(self._fields_or_404(older), self._fields_or_404(newer)),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an old revision's text onto the article, keeping its status and history.

        Where VersionAdmin reverts the whole revision through the change form, status and
        sources included, and so would take a published article back to a draft.
        """
        article, versions = self._article_and_versions(request, object_id)
        version = self._version_or_404(versions, version_id)
        fields = self._fields_or_404(version)
        can_restore = self.has_change_permission(request, article)
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            with self.create_revision(request):
                for field in RESTORED_FIELDS:
                    setattr(article, field, fields.get(field, ""))
                article.last_edited_by = request.user
                article.save()
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
            "older_label": self._label(version),
            "newer_label": "the article as saved now",
            "diffs": text_diffs(fields, current),
            "can_restore": can_restore,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

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

    def _fields_or_404(self, version):
        try:
            return version.field_dict
        except RevertError:
            # Kept by an older version of the site in a shape it can no longer read.
            raise Http404("This revision can no longer be read.") from None

    def _label(self, version):
        revision = version.revision
        who = revision.user.get_username() if revision.user else "unknown"
        return f"{desk_time(revision.date_created)} ({who})"
