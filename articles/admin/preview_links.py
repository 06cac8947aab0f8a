"""Preview links on the article's page: made and revoked by whoever may save the article,
listed with who made them, for whom, until when, and how often they were opened
(articles/preview_links.py keeps the rules of the links themselves)."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse

from .. import preview_links
from ..models import PreviewLink
from .times import desk_time


class PreviewLinkForm(forms.Form):
    # On the article's page, next to the article's own form: its names and ids stay apart.
    prefix = "preview_link"

    shared_with = forms.CharField(
        label="For whom",
        max_length=PreviewLink._meta.get_field("shared_with").max_length,
        help_text="Who the link is for, e.g. “Anna Ivanova, to check her quotes”. Anyone who "
        "has the link can read the preview until it expires or is revoked.",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    lifetime = forms.ChoiceField(
        label="Expires after",
        choices=[(key, label) for key, (label, _) in PreviewLink.LIFETIMES.items()],
        initial="1d",
    )


class ArticlePreviewLinksMixin:
    """The endpoints that make and revoke preview links, and the list on the change page."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        # Before the admin's own patterns: "<path:object_id>/" would take these addresses.
        return [
            path(
                "<path:object_id>/preview-links/",
                wrap(self.make_preview_link_view),
                name=f"{info}_make_preview_link",
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                wrap(self.revoke_preview_link_view),
                name=f"{info}_revoke_preview_link",
            ),
            *super().get_urls(),
        ]

    def make_preview_link_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_to_share(request, object_id)
        form = PreviewLinkForm(request.POST)
        if form.is_valid():
            _, lifetime = PreviewLink.LIFETIMES[form.cleaned_data["lifetime"]]
            link = preview_links.share(
                article, request.user, form.cleaned_data["shared_with"], lifetime
            )
            messages.success(
                request,
                f"Preview link for {link.shared_with} made; it works until "
                f"{desk_time(link.expires_at)}: "
                f"{request.build_absolute_uri(link.get_absolute_url())}",
            )
        else:
            problems = " ".join(
                f"{form.fields[name].label}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            )
            messages.error(request, f"No preview link was made. {problems}")
        return self._back_to(article)

    def revoke_preview_link_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_to_share(request, object_id)
        link = get_object_or_404(article.preview_links, pk=link_id)
        preview_links.revoke(link, request.user)
        messages.success(request, f"The preview link for {link.shared_with} no longer works.")
        return self._back_to(article)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request,
            object_id,
            form_url,
            {**self._preview_links(request, object_id), **(extra_context or {})},
        )

    def _article_to_share(self, request, object_id):
        """The article, if this login may save it: a link shows it to the world outside."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            if self.belongs_to_another_writer(unquote(object_id)):
                raise PermissionDenied
            raise Http404("No article has this address.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _back_to(self, article):
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk]
        )
        return redirect(f"{change_url}#preview-links")

    def _preview_links(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return {}
        links = article.preview_links.select_related("created_by", "revoked_by")
        return {
            "preview_links": [
                {
                    "link": link,
                    "working": link.is_working(),
                    "url": request.build_absolute_uri(link.get_absolute_url()),
                    "created_by": self._name(link.created_by),
                    "created_at": desk_time(link.created_at),
                    "expires_at": desk_time(link.expires_at),
                    "revoked_at": link.revoked_at and desk_time(link.revoked_at),
                    "revoked_by": self._name(link.revoked_by),
                    "last_opened_at": link.last_opened_at and desk_time(link.last_opened_at),
                }
                for link in links
            ],
            "preview_link_form": PreviewLinkForm(),
        }

    @staticmethod
    def _name(user):
        return (user.get_full_name() or user.get_username()) if user else "—"
