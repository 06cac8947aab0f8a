"""Where a subject is used: the admin pages of a person, an organisation, a production or a tag
list what uses it (the articles naming it), and its delete confirmation lists them first.

The apps that use subjects sit above them (articles names people; people may not import
articles), so the user registers how to find its uses here, below both, and the subject's
admin asks here without knowing who answers.
"""

from dataclasses import dataclass, field

# {model: [finder(request, obj) -> Usage]}, in the order the apps registered them.
_finders = {}


@dataclass
class Use:
    """One thing using the subject, as the admin links it."""

    label: str
    state: str
    url: str | None


@dataclass
class Usage:
    """Everything of one kind using a subject, as this login may see it in the admin: `total`
    and `published` count all of them; `uses` are the newest, at most `shown`."""

    kind: str  # singular: "article"
    total: int
    published: int
    uses: list = field(default_factory=list)

    @property
    def unpublished(self):
        return self.total - self.published

    @property
    def more(self):
        return self.total - len(self.uses)


def register(model, finder):
    _finders.setdefault(model, []).append(finder)


def usages_of(request, obj):
    """The usages of `obj` each registered finder reports."""
    return [finder(request, obj) for finder in _finders.get(type(obj), ())]


class WhereUsedAdminMixin:
    """Lists what uses the object on its change page and, first, on its delete confirmation."""

    change_form_template = "admin/newsroom/change_form_where_used.html"
    delete_confirmation_template = "admin/newsroom/delete_confirmation_where_used.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["usages"] = usages_of(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def render_delete_form(self, request, context):
        context["usages"] = usages_of(request, context["object"])
        return super().render_delete_form(request, context)
