from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.utils.text import Truncator

from .. import review_notes
from ..models import Article, ReviewNote, is_editor

SEND_BACK = "_send_back"
NOTE_LABEL = "Note for the desk"
NOTE_MAX_LENGTH = 5000


def with_review_note(form):
    """The article form with the note field: not a field of the article, so it is stored as a
    note of its own by ArticleReviewNotesMixin.save_related."""

    class ReviewNoteForm(form):
        note = forms.CharField(
            label=NOTE_LABEL,
            required=False,
            max_length=NOTE_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            help_text="Goes with the next save and is kept with the article. “Save and submit "
            "for review” emails it to the editors; “Send back to the writer” to the writers.",
        )

        def clean(self):
            cleaned_data = super().clean()
            if SEND_BACK in self.data:
                if not is_editor(self.user):
                    raise ValidationError("Only an editor sends a piece back to its writer.")
                if self.instance.status != Article.Status.IN_REVIEW:
                    raise ValidationError("Only an article in review can be sent back.")
            return cleaned_data

    ReviewNoteForm.__name__ = form.__name__
    return ReviewNoteForm


class ArticleReviewNotesMixin:
    """Notes left with a submission, a piece sent back or any save; listed on the change page
    and the history, and emailed to the people involved from the outbox once the save has
    committed."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_review_note(super().get_form(request, obj, change, **kwargs))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        move = review_notes.move_of(getattr(form, "status_change", None), request.user)
        text = form.cleaned_data.get("note", "")
        review_notes.leave_note(article, request.user, text, move)
        if move != ReviewNote.Move.NOTE:
            review_notes.tell_the_desk(article, move, request.user, text)

    def construct_change_message(self, request, form, formsets, add=False):
        """The note is not a change to the article: the history names it as a note added."""
        message = super().construct_change_message(request, form, formsets, add)
        for entry in message:
            fields = entry.get("changed", {}).get("fields")
            if fields and NOTE_LABEL in fields:
                fields.remove(NOTE_LABEL)
        message = [entry for entry in message if entry.get("changed", {}).get("fields") != []]
        note = form.cleaned_data.get("note", "").strip()
        if note:
            message.append({"added": {"name": "review note", "object": Truncator(note).chars(60)}})
        return message

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request,
            object_id,
            form_url,
            {**self._notes(request, object_id), **(extra_context or {})},
        )

    def history_view(self, request, object_id, extra_context=None):
        return super().history_view(
            request, object_id, {**self._notes(request, object_id), **(extra_context or {})}
        )

    def _notes(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return {}
        return {"review_notes": article.review_notes.select_related("author")}
