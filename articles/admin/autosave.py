"""Autosave on the article's page: what the editor types goes to the server every few seconds
(static/articles/admin/autosave.js) as an Autosave of its own, never into the article, and is
offered back when they open the page again after a closed tab or a crash."""

import json
import re
import uuid
from datetime import timedelta

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from taggit.utils import edit_string_for_tags

from newsroom.text import normalise_text

from ..models import Autosave
from .times import desk_time

# The typed fields an autosave keeps, in the order a restore fills them (the slug after the
# headline, which refills it). Files, pickers and the status are left to the manual save.
AUTOSAVED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
    "tags",
    "seo_title",
    "meta_description",
    "social_image_alt",
]
# Room far beyond any real story (a 200,000-character body is kept); the request as a whole
# is also bounded by DATA_UPLOAD_MAX_MEMORY_SIZE.
LONG_FIELDS = {"standfirst": 1_000_000, "body": 1_000_000}
SHORT_FIELD_LIMIT = 4_000
TOKEN = re.compile(r"[0-9a-f]{32}")
TOKEN_FIELD = "_autosave_token"
# Autosaves nobody came back for are dropped when another is written, so the table stays small.
KEPT_FOR = timedelta(days=30)


class AutosaveRefused(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def editor_name(user):
    return (user.get_full_name() or user.get_username()) if user else "Someone else"


def conflict_notice(article):
    return (
        f"{editor_name(article.last_edited_by)} saved this article at "
        f"{desk_time(article.updated_at)}, after you opened it; your text is kept as an autosave."
    )


class ArticleAutosaveMixin:
    """The autosave endpoints, the offer to restore on the change and add pages, and the
    autosave a manual save makes redundant."""

    @property
    def media(self):
        return super().media + forms.Media(
            js=["articles/admin/autosave.js"], css={"all": ["articles/admin/autosave.css"]}
        )

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        # Before the admin's own patterns: "<path:object_id>/" would take these addresses.
        return [
            path("add/autosave/", wrap(self.autosave_view), name=f"{info}_autosave_add"),
            path(
                "add/autosave/discard/",
                wrap(self.discard_autosave_view),
                name=f"{info}_autosave_add_discard",
            ),
            path("<path:object_id>/autosave/", wrap(self.autosave_view), name=f"{info}_autosave"),
            path(
                "<path:object_id>/autosave/discard/",
                wrap(self.discard_autosave_view),
                name=f"{info}_autosave_discard",
            ),
            *super().get_urls(),
        ]

    # The endpoints.

    def autosave_view(self, request, object_id=None):
        try:
            article = self._autosaved_article(request, object_id)
            data = self._read_json(request)
            fields = self._typed_fields(data.get("fields"))
            if article is None:
                token = self._token(data.get("token"))
                base_version = None
            else:
                token = ""
                base_version = self._base_version(data.get("base_version"), article)
        except AutosaveRefused as refusal:
            return JsonResponse({"error": str(refusal)}, status=refusal.status)

        now = timezone.now()
        with transaction.atomic():
            Autosave.objects.filter(saved_at__lt=now - KEPT_FOR).delete()
            self._store(request.user, article, token, base_version, fields, now)
        answer = {
            "saved_at": now.isoformat(),
            "status": f"Autosaved at {date_format(localtime(now), 'H:i T')}",
            "stale": False,
        }
        if article is not None and article.version > base_version:
            answer.update(stale=True, notice=conflict_notice(article))
        return JsonResponse(answer)

    def discard_autosave_view(self, request, object_id=None):
        try:
            article = self._autosaved_article(request, object_id)
            mine = Autosave.objects.filter(user=request.user)
            if article is None:
                token = self._token(self._read_json(request).get("token"))
                mine = mine.filter(article=None, token=token)
            else:
                mine = mine.filter(article=article)
        except AutosaveRefused as refusal:
            return JsonResponse({"error": str(refusal)}, status=refusal.status)
        mine.delete()
        return JsonResponse({"discarded": True})

    def _autosaved_article(self, request, object_id):
        """The article being autosaved (None on the add page), if this login may save it."""
        if request.method != "POST":
            raise AutosaveRefused("Autosaves are sent with POST.", status=405)
        if object_id is None:
            if not self.has_add_permission(request):
                raise AutosaveRefused("You may not add articles.", status=403)
            return None
        try:
            article = (
                self.model._default_manager.select_related("last_edited_by")
                .filter(pk=unquote(object_id))
                .first()
            )
        except (ValueError, ValidationError):
            article = None
        if article is None:
            raise AutosaveRefused("There is no such article.", status=404)
        if not self.has_change_permission(request, article):
            raise AutosaveRefused("You may not edit this article.", status=403)
        return article

    def _read_json(self, request):
        try:
            data = json.loads(request.body)
        except RequestDataTooBig:
            raise AutosaveRefused("Too much text for one autosave.") from None
        except (UnicodeDecodeError, ValueError):
            raise AutosaveRefused("The autosave was not readable JSON.") from None
        if not isinstance(data, dict):
            raise AutosaveRefused("The autosave was not a JSON object.")
        return data

    def _typed_fields(self, fields):
        if not isinstance(fields, dict):
            raise AutosaveRefused("The autosave named no fields.")
        unknown = sorted(set(fields) - set(AUTOSAVED_FIELDS))
        if unknown:
            raise AutosaveRefused(f"Autosave does not keep {', '.join(unknown)[:200]}.")
        for name, value in fields.items():
            if not isinstance(value, str):
                raise AutosaveRefused(f"The {name} field must be text.")
            limit = LONG_FIELDS.get(name, SHORT_FIELD_LIMIT)
            if len(value) > limit:
                raise AutosaveRefused(
                    f"The {name} field is over {limit:,} characters: too long to autosave."
                )
        # As a save keeps them; PostgreSQL's JSON refuses some of what is dropped (NUL).
        return {
            name: normalise_text(value, multi_line=name in LONG_FIELDS)
            for name, value in fields.items()
        }

    def _token(self, token):
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            raise AutosaveRefused("The new article's page sent no valid autosave token.")
        return token

    def _base_version(self, value, article):
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise AutosaveRefused("The form's version must be a whole number.")
        if value > article.version:
            raise AutosaveRefused("The form's version is newer than the article's.")
        return value

    def _store(self, user, article, token, base_version, fields, now):
        key = {"user": user, "article": article, "token": token}
        values = {"base_version": base_version, "fields": fields, "saved_at": now}
        try:
            with transaction.atomic():
                Autosave.objects.update_or_create(**key, defaults=values)
        except IntegrityError:
            # Two tabs of the same page wrote at once: the row exists now, keep the later text.
            Autosave.objects.filter(**key).update(**values)

    # The pages.

    def add_view(self, request, form_url="", extra_context=None):
        context = {"autosave": self._autosave_context(request, None)}
        return super().add_view(request, form_url, {**context, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {}
        try:
            article = (
                self.model._default_manager.select_related("last_edited_by")
                .filter(pk=unquote(object_id))
                .first()
            )
        except (ValueError, ValidationError):
            article = None
        if article is not None and self.has_change_permission(request, article):
            context["autosave"] = self._autosave_context(request, article)
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def _autosave_context(self, request, article):
        info = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
        if article is None:
            posted = request.POST.get(TOKEN_FIELD, "")
            token = posted if TOKEN.fullmatch(posted) else uuid.uuid4().hex
            offer = (
                Autosave.objects.filter(user=request.user, article=None)
                .exclude(token=token)
                .order_by("-saved_at")
                .first()
            )
            urls = {
                "url": reverse(f"{info}_autosave_add"),
                "discard_url": reverse(f"{info}_autosave_add_discard"),
            }
        else:
            token = ""
            offer = Autosave.objects.filter(user=request.user, article=article).first()
            stored = {name: str(getattr(article, name, "")) for name in AUTOSAVED_FIELDS}
            stored["tags"] = edit_string_for_tags(article.tags.all())
            if offer is not None and all(
                offer.fields.get(name, stored[name]) == stored[name] for name in AUTOSAVED_FIELDS
            ):
                # Nothing in it differs from the article: it was saved after all.
                offer = None
            urls = {
                "url": reverse(f"{info}_autosave", args=[article.pk]),
                "discard_url": reverse(f"{info}_autosave_discard", args=[article.pk]),
            }
        context = {**urls, "token": token, "fields": " ".join(AUTOSAVED_FIELDS)}
        if offer is not None:
            context["offer"] = {
                "saved_at": offer.saved_at,
                "when": desk_time(offer.saved_at),
                "data": {
                    "token": offer.token,
                    "fields": offer.fields,
                    "when": desk_time(offer.saved_at),
                },
                "overtaken_by": self._overtaken_by(article, offer),
            }
        return context

    def _overtaken_by(self, article, offer):
        """Who saved the article after the autosave's page was opened, and when."""
        if article is None or offer.base_version is None or article.version <= offer.base_version:
            return None
        return {"who": editor_name(article.last_edited_by), "when": desk_time(article.updated_at)}

    # The manual save.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # In the save's transaction: a refused or failed save keeps the autosave.
        saved = Autosave.objects.filter(user=request.user, article=obj)
        token = request.POST.get(TOKEN_FIELD, "")
        if TOKEN.fullmatch(token):
            saved = saved | Autosave.objects.filter(user=request.user, article=None, token=token)
        saved.delete()
