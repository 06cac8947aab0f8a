"""The conflict screen: when a stale save is refused (ArticleAdminForm._refuse_stale_copy), the
change page shows what the other editor changed since the form was opened beside what this
editor typed, with the typed text still in the form below."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from reversion.errors import RevertError
from reversion.models import Version

from newsroom.text import normalise_text

from ..models import Article
from .history import COMPARED_FIELDS, text_diffs
from .times import desk_time


@dataclass(frozen=True)
class Conflict:
    """`theirs` and `yours` are (label, WordDiff) per compared field: from the revision the form
    started from to the saved article and to the typed text. Without that revision
    (`started_from` is None), `theirs` is the saved text and `yours` is measured from it."""

    who: str
    saved_at: str
    started_from: str | None
    theirs: list
    yours: list


def starting_revision(article, version_number):
    """The revision saved with the article's `version_number`, the first if several carry it
    (a revision of the same row without a save, such as one kept of a draft, comes after)."""
    if version_number is None:
        return None
    candidates = (
        Version.objects.get_for_object(article)
        .filter(serialized_data__contains=f'"version": {version_number}')
        .select_related("revision")
        .order_by("pk")
    )
    for version in candidates:
        try:
            if version.field_dict.get("version") == version_number:
                return version
        except RevertError:
            # Kept by an older version of the site in a shape it can no longer read.
            continue
    return None


def typed_text(form):
    """The compared fields as the refused form would have saved them."""
    typed = {}
    for name in COMPARED_FIELDS:
        value = form.cleaned_data.get(name, form.data.get(name, ""))
        multi_line = isinstance(Article._meta.get_field(name), models.TextField)
        typed[name] = normalise_text(str(value or ""), multi_line)
    return typed


def conflict_of(form):
    saved = (
        Article.objects.select_related("last_edited_by")
        .only("updated_at", "last_edited_by", *COMPARED_FIELDS)
        .get(pk=form.instance.pk)
    )
    editor = saved.last_edited_by
    who = (editor.get_full_name() or editor.get_username()) if editor else "Someone else"
    now = {name: getattr(saved, name) for name in COMPARED_FIELDS}
    typed = typed_text(form)
    start = starting_revision(saved, form.cleaned_data.get("base_version"))
    if start is None:
        return Conflict(
            who, desk_time(saved.updated_at), None, text_diffs(now, now), text_diffs(now, typed)
        )
    return Conflict(
        who,
        desk_time(saved.updated_at),
        desk_time(start.revision.date_created),
        text_diffs(start.field_dict, now),
        text_diffs(start.field_dict, typed),
    )


class ArticleConflictMixin:
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if change and form.is_bound and form.has_error(NON_FIELD_ERRORS, "stale"):
            context["conflict"] = conflict_of(form)
        return super().render_change_form(request, context, add, change, form_url, obj)
