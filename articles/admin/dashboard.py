"""The desk on the admin's home page: Django's index, given the lists of articles/desk.py.

The admin's own index view renders it (its app list, "Recent actions", permissions and URL
name stay Django's); this only adds `desk` to its context, as AdminSite.index allows.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import Truncator

from .. import desk
from ..models import is_editor
from .times import desk_time

CORRECTION_SHOWN = 120


@dataclass
class Entry:
    url: str
    headline: str
    detail: str


@dataclass
class Section:
    """One list on the desk, and the article list it is the head of (`state`, the change
    list's status filter)."""

    title: str
    state: str
    empty: str
    entries: list[Entry]
    all_url: str = ""
    count: int | None = None


@dataclass
class Desk:
    sections: list[Section]
    # The sidebar's figures: (label, count, url of the list).
    counts: list[tuple[str, int, str]]


def index_view(site):
    """`site`'s index with the desk on it, behind the site's own login and permission check."""

    def index(request):
        return site.index(request, extra_context={"desk": desk_for(site, request.user)})

    return site.admin_view(index)


def desk_for(site, user):
    lists = desk.for_user(user)
    if lists is None:
        return None
    changelist = reverse(f"{site.name}:articles_article_changelist")
    counts = lists["counts"]

    def section(title, state, empty, rows, detail, pk="pk", count=None):
        entries = [
            Entry(
                reverse(f"{site.name}:articles_article_change", args=[row[pk]]),
                row["headline"],
                detail(row),
            )
            for row in rows
        ]
        return Section(title, state, empty, entries, f"{changelist}?state={state}", count)

    if is_editor(user):
        sections = [
            section(
                "In review",
                "in_review",
                "Nothing is waiting for review.",
                lists["in_review"],
                lambda row: by(row["bylines"], f"waiting since {desk_time(row['waiting_since'])}"),
                count=counts["in_review"],
            ),
            section(
                "Scheduled",
                "scheduled",
                "Nothing is scheduled.",
                lists["scheduled"],
                lambda row: f"goes out {desk_time(row['published_at'])}",
                count=counts["scheduled"],
            ),
            section(
                "Recently published",
                "live",
                "Nothing has been published yet.",
                lists["published"],
                lambda row: f"published {desk_time(row['published_at'])}",
            ),
            section(
                "Recent corrections",
                "corrected",
                "No corrections yet.",
                lists["corrections"],
                lambda row: (
                    f"{desk_time(row['made_at'])}: "
                    f"{Truncator(row['excerpt']).chars(CORRECTION_SHOWN)}"
                ),
                pk="article_id",
            ),
        ]
        figures = [("In review", "in_review"), ("Scheduled", "scheduled"), ("Drafts", "draft")]
    else:
        sections = [
            section(
                "Your drafts",
                "draft",
                "You have no drafts.",
                lists["drafts"],
                lambda row: f"last changed {desk_time(row['updated_at'])}",
                count=counts["draft"],
            ),
            section(
                "Submitted for review",
                "in_review",
                "Nothing of yours is in review.",
                lists["in_review"],
                lambda row: f"submitted {desk_time(row['waiting_since'])}",
                count=counts["in_review"],
            ),
            section(
                "Came back to you",
                "sent_back",
                "Nothing has been sent back to you.",
                lists["sent_back"],
                lambda row: f"sent back by {row['sent_back_by']}, {desk_time(row['sent_back_at'])}",
                count=counts["sent_back"],
            ),
        ]
        figures = [("Drafts", "draft"), ("In review", "in_review"), ("Came back", "sent_back")]
    return Desk(
        sections,
        [(label, counts[state], f"{changelist}?state={state}") for label, state in figures],
    )


def by(bylines, detail):
    return f"by {bylines} · {detail}" if bylines else detail
