"""The article's place on the home page: its pin as the lead story or a featured one, with the
time the pin ends, and its primary topic (its kicker and breadcrumbs). Editors pin; a writer
sees the pin but cannot change it.

A pin on an article readers cannot see yet (a draft, one in review or scheduled) is kept: it
shows once the article is published, and the page says so, so an editor can prepare the next
lead with its publication time.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Article, is_editor
from .times import desk_time

PIN_FIELDS = ["pinned_as", "pinned_until"]
FIELDSET = ("Home page", {"fields": [*PIN_FIELDS, "primary_topic"]})


class PinnedFilter(admin.SimpleListFilter):
    title = "home page"
    parameter_name = "pinned"

    def lookups(self, request, model_admin):
        return [("any", "Pinned"), *Article.Pin.choices]

    def queryset(self, request, queryset):
        match self.value():
            case "any":
                return queryset.exclude(pinned_as="")
            case Article.Pin.LEAD | Article.Pin.FEATURED as place:
                return queryset.filter(pinned_as=place)
        return queryset


class HomePageForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        topic = cleaned_data.get("primary_topic")
        tags = cleaned_data.get("tags")
        if topic is not None and tags is not None:
            names = {name.casefold() for name in tags}
            if topic.name.casefold() not in names:
                self.add_error(
                    "primary_topic",
                    ValidationError(
                        "The primary topic must be one of the article’s tags: add “%(topic)s” "
                        "to its tags, or choose another.",
                        code="topic_not_tagged",
                        params={"topic": topic.name},
                    ),
                )
        ends = cleaned_data.get("pinned_until")
        if ends is not None and "pinned_until" in self.changed_data and ends <= timezone.now():
            self.add_error(
                "pinned_until",
                ValidationError("That time has passed: choose a later one.", code="pin_passed"),
            )
        return cleaned_data


class ArticleHomePageMixin:
    """The "Home page" fieldset, the list's filter of pins, and what a pin will do."""

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), FIELDSET]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PinnedFilter]

    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), "primary_topic"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if is_editor(request.user) else [*readonly, *PIN_FIELDS]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (HomePageForm, form), {})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.pinned_as and any(name in form.changed_data for name in PIN_FIELDS):
            level = messages.INFO if obj.is_published() else messages.WARNING
            self.message_user(request, pin_message(obj), level)


# How each pin reads in a sentence.
PLACES = {Article.Pin.LEAD: "the home page’s lead story", Article.Pin.FEATURED: "a featured story"}


def pin_message(article):
    """What the pin of `article` does, for the editor who saved it."""
    ends = f" until {desk_time(article.pinned_until)}" if article.pinned_until else ""
    pinned = f"Pinned as {PLACES[article.pinned_as]}{ends}"
    if not article.is_published():
        return f"{pinned}: it will show on the home page once the article is published."
    if article.pinned_as == Article.Pin.LEAD:
        # The newest lead pin wins: the one it displaces is kept, and leads again after it.
        before = Article.objects.pinned(Article.Pin.LEAD).exclude(pk=article.pk).first()
        if before is not None:
            return (
                f"{pinned}, in place of “{before}”, which stays pinned and leads again when "
                "this pin ends or is taken off."
            )
    return f"{pinned}."
