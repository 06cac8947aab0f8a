"""The home page's race box: the first rival pair, each with its last milestone that happened
and its next planned one, read as rows."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import F, OuterRef, Subquery

from newsroom.prepared import PreparedQuery
from newsroom.rendering import iso, short_day, url_pattern


@dataclass(slots=True)
class MilestoneMention:
    title: str
    on: object  # a date, or None for a plan without one
    on_iso: str
    on_day: str


@dataclass(slots=True)
class Rival:
    pk: int
    url: str
    title: str
    native_title: str
    status: str
    status_label: str
    last_happened: list = field(default_factory=list)
    next_planned: list = field(default_factory=list)


def _mention(title, on):
    return [MilestoneMention(title, on, iso(on), short_day(on))] if title else []


def _rivals(today):
    from .models import Milestone, Project

    last = (
        Milestone.objects.happened().filter(project=OuterRef("pk")).order_by("-happened_on", "-pk")
    )
    upcoming = (
        Milestone.objects.upcoming(today)
        .filter(project=OuterRef("pk"))
        .order_by(F("planned_for").asc(nulls_last=True), "pk")
    )
    return (
        Project.objects.race()
        .values("pk", "slug", "title", "native_title", "status")
        .annotate(
            last_title=Subquery(last.values("title")[:1]),
            last_on=Subquery(last.values("happened_on")[:1]),
            next_title=Subquery(upcoming.values("title")[:1]),
            next_on=Subquery(upcoming.values("planned_for")[:1]),
        )
    )


# One query however long their timelines grow: each milestone is a correlated subquery that
# stops at its first row. The home page shows it on every request: compiled once per process.
rivals = PreparedQuery(_rivals, today=models.DateField())


def race_box(today):
    """The race's rivals as of `today`, each with its last milestone that happened and its
    next planned one."""
    from .models import Project

    project_url = url_pattern("projects:detail")
    return [
        Rival(
            pk=row["pk"],
            url=project_url(row["slug"]),
            title=row["title"],
            native_title=row["native_title"],
            status=row["status"],
            status_label=Project.Status(row["status"]).label,
            last_happened=_mention(row["last_title"], row["last_on"]),
            next_planned=_mention(row["next_title"], row["next_on"]),
        )
        for row in rivals(today=today)
    ]
