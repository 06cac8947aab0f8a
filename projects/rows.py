"""Milestones as pages show them, read as rows: dates written out once, how each promise
turned out, the production and whoever announced it, with their URLs.

One query for any number of milestones; `Milestone.objects....rows(today)` is the way in, or
`milestone_rows()` for rows a page reads itself (`Milestone.objects....for_rows()`).
"""

import functools
from dataclasses import dataclass

from newsroom.rendering import day, iso, short_day, url_pattern

from . import timeline

ROW_FIELDS = (
    "title",
    "planned_for",
    "happened_on",
    "status",
    "project_id",
    "project__title",
    "project__slug",
    "claimed_by_id",
    "claimed_by__name",
    "claimed_by__slug",
)


@dataclass(slots=True)
class WrittenDate:
    iso: str  # for `datetime` attributes
    day: str  # "5 October 2021", in sentences
    short: str  # "5 Oct 2021", in tables


def written(value):
    return WrittenDate(iso(value), day(value), short_day(value)) if value else None


@dataclass(slots=True)
class MilestoneRow:
    title: str
    event: timeline.Event
    planned: WrittenDate | None
    happened: WrittenDate | None
    slipped: bool  # it happened, on another day than promised
    summary: str  # timeline.outcome(): "12 days late", "missed: has not happened"...
    outcome: str  # the summary, else the status, as the milestone table says it
    project_id: int
    project_title: str
    project_url: str
    claimed_by_id: int | None
    claimed_by_name: str
    claimed_by_url: str


@functools.cache
def status_labels():
    """{status: label} of milestones, capitalised as the milestone table writes them."""
    from .models import Milestone

    return {status: capitalised(label) for status, label in Milestone.Status.choices}


def capitalised(text):
    return text[:1].upper() + text[1:]


def milestone_rows(values_rows, today):
    """The milestones read as `values_rows` (values() rows of ROW_FIELDS), in their order, as
    of `today`."""
    from .models import Milestone

    project_url = url_pattern("projects:detail")
    person_url = url_pattern("people:detail")
    labels = status_labels()
    cancelled = Milestone.Status.CANCELLED.value
    rows = []
    for values in values_rows:
        event = timeline.Event(
            values["title"],
            values["planned_for"],
            values["happened_on"],
            cancelled=values["status"] == cancelled,
        )
        summary = timeline.outcome(event, today)
        rows.append(
            MilestoneRow(
                title=values["title"],
                event=event,
                planned=written(event.planned),
                happened=written(event.happened),
                slipped=bool(event.planned and event.happened and event.planned != event.happened),
                summary=summary,
                outcome=capitalised(summary) if summary else labels[values["status"]],
                project_id=values["project_id"],
                project_title=values["project__title"],
                project_url=project_url(values["project__slug"]),
                claimed_by_id=values["claimed_by_id"],
                claimed_by_name=values["claimed_by__name"] or "",
                claimed_by_url=person_url(values["claimed_by__slug"])
                if values["claimed_by_id"]
                else "",
            )
        )
    return rows
