from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from newsroom.admin import SlugChangeForm

from ..models import Article, Author, TransitionNotAllowed, is_editor
from .expiry import check_expiry
from .times import desk_time

# Buttons on the change page that save the form and move the article on in one click.
STATUS_BUTTONS = {
    "_submit_for_review": Article.Status.IN_REVIEW,
    "_publish": Article.Status.PUBLISHED,
    "_unpublish": Article.Status.DRAFT,
    "_send_back": Article.Status.DRAFT,
}


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
        check_expiry(self, cleaned_data, target)
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
        when = desk_time(current.updated_at)
        raise ValidationError(
            "%(who)s changed this article at %(when)s, after you opened it. Nothing you typed "
            "has been saved and it is still below: open the article in a new tab, add your "
            "changes to theirs, and save there.",
            code="stale",
            params={"who": who, "when": when},
        )
