from datetime import date

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.views.generic import TemplateView

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.dependencies import TODAY, articles_key, depends_on, row_key
from newsroom.images import StoredImage
from newsroom.prepared import PreparedQuery
from newsroom.rendering import url, url_pattern
from people.models import Organisation
from people.views import CoverageDetailView, DirectoryView, Subject, with_tags

from . import schema, timeline
from .models import Credit, Milestone, Project


def backer_rows(backing):
    """(backer rows, dependency keys) for values() rows of who backs which production
    (BACKING_FIELDS)."""
    organisation_url = url_pattern("people:organisation-detail")
    kinds = KIND_LABELS
    rows = [
        {
            "project_id": backer["project_id"],
            "name": backer["organisation__name"],
            "url": organisation_url(backer["organisation__slug"]),
            "kind_label": kinds[backer["organisation__kind"]],
        }
        for backer in backing
    ]
    keys = [row_key("organisation", backer["organisation_id"]) for backer in backing]
    return rows, keys


def crew_and_backers(rows):
    """(credit rows, backer rows, dependency keys) for the credits and backers among rows of
    credits_backing_and_milestones(): each credit's production, role, person, character and
    the person's URL; each backer's production, name, kind and URL."""
    person_url = url_pattern("people:detail")
    organisation_url = url_pattern("people:organisation-detail")
    roles, kinds = ROLE_LABELS, KIND_LABELS
    credits, backers, keys = [], [], []
    for row in rows:
        if row["part"] == "milestone":
            continue
        if row["part"] == "credit":
            credits.append(
                {
                    "project_id": row["production"],
                    "role": row["label"],
                    "role_label": roles[row["label"]],
                    "name": row["name"],
                    "url": person_url(row["slug"]),
                    "character": row["detail"],
                }
            )
            keys.append(row_key("person", row["pk"]))
        else:
            backers.append(
                {
                    "project_id": row["production"],
                    "name": row["name"],
                    "url": organisation_url(row["slug"]),
                    "kind_label": kinds[row["label"]],
                }
            )
            keys.append(row_key("organisation", row["pk"]))
    return credits, backers, keys


ID = models.BigIntegerField()
ROLE_LABELS = dict(Credit.Role.choices)
KIND_LABELS = dict(Organisation.Kind.choices)
STATUS_LABELS = dict(Project.Status.choices)
BACKING_FIELDS = (
    "project_id",
    "organisation_id",
    "organisation__name",
    "organisation__slug",
    "organisation__kind",
)


def backing_of(productions):
    """Who backs the `productions` (a Q on the link: `Q(project=7)`), by name."""
    return (
        Project.backers.through.objects.filter(productions)
        .order_by("organisation__name", "organisation_id")
        .values(*BACKING_FIELDS)
    )


def credits_backing_and_milestones(productions):
    """The credits on the `productions` (a Q on the credit, the link or the milestone:
    `Q(project=7)`) in their order, who backs them by name, and their milestones, in one query:
    rows of one shape, `part` "credit", "backer" or "milestone"; `production` the production's
    pk; pk, name and slug are the person's or the organisation's (a milestone's whoever
    announced it, and its title as name), label the role, the kind or the milestone's status,
    detail a credit's character (or the announcer's name). (A union's parts are ordered
    together: by part, then `sort` and `name_sort`, then `row`; milestone_values() puts the
    milestones in their order.)"""
    credits = _union_part(
        Credit.objects.filter(productions),
        part=Value("credit"),
        production=F("project_id"),
        sort=F("order"),
        row=F("pk"),
        pk=F("person_id"),
        name=F("person__name"),
        slug=F("person__slug"),
        label=F("role"),
        detail=F("character"),
    )
    backing = _union_part(
        Project.backers.through.objects.filter(productions),
        part=Value("backer"),
        production=F("project_id"),
        name_sort=F("organisation__name"),
        row=F("organisation_id"),
        pk=F("organisation_id"),
        name=F("organisation__name"),
        slug=F("organisation__slug"),
        label=F("organisation__kind"),
    )
    milestones = _union_part(
        Milestone.objects.filter(productions),
        part=Value("milestone"),
        production=F("project_id"),
        row=F("pk"),
        pk=F("claimed_by_id"),
        name=F("title"),
        slug=F("claimed_by__slug"),
        label=F("status"),
        detail=F("claimed_by__name"),
        planned=F("planned_for"),
        happened=F("happened_on"),
        production_title=F("project__title"),
        production_slug=F("project__slug"),
    )
    return credits.union(backing, milestones, all=True).order_by("part", "sort", "name_sort", "row")


# The union's columns in its order, and what a part that has nothing for one gives instead.
UNION_COLUMNS = (
    "part",
    "production",
    "sort",
    "name_sort",
    "row",
    "pk",
    "name",
    "slug",
    "label",
    "detail",
    "planned",
    "happened",
    "production_title",
    "production_slug",
)


def _union_part(queryset, **columns):
    """One part of credits_backing_and_milestones(): `columns` in the union's order, the rest
    blank."""
    # Typed, as the milestones' dates are: PostgreSQL reads a bare NULL as text.
    no_date = Cast(Value(None), models.DateField())
    blank = {
        "sort": Value(0),
        "name_sort": Value(""),
        "detail": Value(""),
        "planned": no_date,
        "happened": no_date,
        "production_title": Value(""),
        "production_slug": Value(""),
    }
    return queryset.order_by().values(
        **{name: columns[name] if name in columns else blank[name] for name in UNION_COLUMNS}
    )


def milestone_values(rows):
    """The milestones among rows of credits_backing_and_milestones(), as values() rows of
    their ROW_FIELDS, in timeline order (MilestoneQuerySet.in_timeline_order(): by the day it
    happened, else the day promised, undated last, then as entered)."""
    milestones = [
        {
            "title": row["name"],
            "planned_for": row["planned"],
            "happened_on": row["happened"],
            "status": row["label"],
            "project_id": row["production"],
            "project__title": row["production_title"],
            "project__slug": row["production_slug"],
            "claimed_by_id": row["pk"],
            "claimed_by__name": row["detail"],
            "claimed_by__slug": row["slug"],
            "pk": row["row"],
        }
        for row in rows
        if row["part"] == "milestone"
    ]

    def timeline_order(milestone):
        day = milestone["happened_on"] or milestone["planned_for"]
        return day is None, day or date.min, milestone["pk"]

    return sorted(milestones, key=timeline_order)


def lane(project, milestones):
    """One production's milestones (MilestoneRows) as a lane of the timeline."""
    return timeline.Lane(
        project.title, tuple(row.event for row in milestones if row.project_id == project.pk)
    )


class ProjectListView(DirectoryView):
    template_name = "projects/project_list.html"
    directory = "projects"
    title = "Productions"

    def get_queryset(self):
        return Project.objects.for_index()

    def rows(self, projects):
        project_url = url_pattern("projects:detail")
        statuses = dict(Project.Status.choices)
        by_pk, keys = {}, []
        for project in projects:
            project.update(
                url=project_url(project["slug"]),
                image=StoredImage.of_row(project, "poster"),
                status_label=statuses[project["status"]],
                rival_url=project_url(project["rival__slug"]) if project["rival_id"] else "",
                backers=[],
            )
            by_pk[project["pk"]] = project
            keys.append(row_key("project", project["pk"]))
            if project["rival_id"]:
                keys.append(row_key("project", project["rival_id"]))
        backers, backer_keys = backer_rows(backing_of(Q(project__in=list(by_pk))))
        for backer in backers:
            by_pk[backer["project_id"]]["backers"].append(backer)
        return projects, keys + backer_keys


class ProjectDetailView(CoverageDetailView):
    template_name = "projects/project_detail.html"
    section = ("Productions", "projects:list")
    kind = "project"
    model = Project
    subject = PreparedQuery(
        lambda slug: with_tags(Project.objects.for_page().filter(slug=slug)),
        slug=models.SlugField(),
    )
    credits_backing_and_milestones = PreparedQuery(
        lambda project: credits_backing_and_milestones(Q(project=project)), project=ID
    )

    def subject_from_row(self, row):
        project = super().subject_from_row(row)
        project.rival_title = row["rival__title"]
        project.rival_slug = row["rival__slug"]
        return project

    def get_context_data(self, **kwargs):
        project = self.object
        project_url = url_pattern("projects:detail")
        rows = self.credits_backing_and_milestones(project=project.pk)
        credits, backers, keys = crew_and_backers(rows)
        # Whether a promised date has been missed, and where today falls, turn with the date.
        today = timezone.localdate()
        milestones = Milestone.objects.rows_from(milestone_values(rows), today)
        keys += [row_key("person", row.claimed_by_id) for row in milestones if row.claimed_by_id]
        if project.rival_id:
            # The rival's title, and whether this pair is the race's.
            keys += [row_key("project", project.rival_id), "race"]
        depends_on(self.request, *keys, TODAY)
        by_role = {}
        for credit in credits:
            by_role.setdefault(credit["role"], []).append(credit)
        crew = [(label, by_role[role]) for role, label in ROLE_LABELS.items() if role in by_role]
        return super().get_context_data(
            project=project,
            status_label=STATUS_LABELS[project.status],
            rival_url=project_url(project.rival_slug) if project.rival_id else "",
            crew=crew,
            backers=backers,
            milestones=milestones,
            timeline=timeline.draw([lane(project, milestones)], today),
            structured_data=schema.movie(project, self.subject_url, credits, backers),
            **kwargs,
        )


def _in_the_race():
    return Project.objects.race().values("pk")


# The race page reads its rivals and what they show on every request: each query is compiled
# once per process, and finds the rivals again in SQL when it runs.
race_rivals = PreparedQuery(lambda: Project.objects.for_race())
race_credits_backing_and_milestones = PreparedQuery(
    lambda: credits_backing_and_milestones(Q(project__in=_in_the_race()))
)


class RaceView(BreadcrumbsMixin, TemplateView):
    """The two rivals side by side, on one timeline; a friendly page when there is no pair."""

    template_name = "projects/race.html"

    def get_breadcrumbs(self):
        return [Crumb("The race", url("projects:race"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        depends_on(self.request, "race")
        rivals = [Subject(Project, row) for row in race_rivals()]
        if len(rivals) != 2:
            return context
        rows = race_credits_backing_and_milestones()
        credits, backers, keys = crew_and_backers(rows)
        # Missed promises and the "today" line turn with the date.
        today = timezone.localdate()
        milestones = Milestone.objects.rows_from(milestone_values(rows), today)
        keys += [row_key("person", row.claimed_by_id) for row in milestones if row.claimed_by_id]
        project_url = url_pattern("projects:detail")
        # Productions sit below articles: they read their coverage's count through the relation
        # articles declare on them, from its model's manager rather than a manager made for each.
        articles = Project._meta.get_field("articles").related_model.objects
        coverage = [articles_key("project", project.pk) for project in rivals]
        counts = articles.published_counts_of_both(*coverage)
        sides = []
        for project, coverage_key, count in zip(rivals, coverage, counts, strict=True):
            keys += [row_key("project", project.pk), coverage_key]
            sides.append(
                {
                    "project": project,
                    "url": project_url(project.slug),
                    "status_label": STATUS_LABELS[project.status],
                    "credits": [row for row in credits if row["project_id"] == project.pk],
                    "backers": [row for row in backers if row["project_id"] == project.pk],
                    "coverage_count": count,
                }
            )
        depends_on(self.request, *keys, TODAY)
        context.update(
            rivals=sides,
            timeline=timeline.draw([lane(project, milestones) for project in rivals], today),
            milestones=milestones,
            structured_data=schema.race(
                [(side["project"], side["url"], side["credits"], side["backers"]) for side in sides]
            ),
        )
        return context
