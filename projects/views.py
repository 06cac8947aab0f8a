from django.utils import timezone
from django.views.generic import TemplateView

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.dependencies import TODAY, articles_key, depends_on, row_key
from newsroom.rendering import url, url_pattern
from people.models import Organisation
from people.views import CoverageDetailView, DirectoryView, stored_image

from . import schema, timeline
from .models import Credit, Milestone, Project


def crew_rows(credits):
    """(credit rows, dependency keys) for values rows of credits: each credit's role, person,
    character, and the person's URL."""
    person_url = url_pattern("people:detail")
    rows = [
        {
            "project_id": project_id,
            "role": role,
            "role_label": Credit.Role(role).label,
            "name": name,
            "url": person_url(slug),
            "character": character,
        }
        for project_id, role, person_id, name, slug, character in credits
    ]
    keys = [row_key("person", person_id) for _, _, person_id, *_ in credits]
    return rows, keys


def backer_rows(backing):
    """(backer rows, dependency keys) for values rows of who backs which production."""
    organisation_url = url_pattern("people:organisation-detail")
    kinds = dict(Organisation.Kind.choices)
    rows = [
        {
            "project_id": project_id,
            "name": name,
            "url": organisation_url(slug),
            "kind_label": kinds[kind],
        }
        for project_id, organisation_id, name, slug, kind in backing
    ]
    keys = [row_key("organisation", organisation_id) for _, organisation_id, *_ in backing]
    return rows, keys


def credits_of(project_ids):
    return list(
        Credit.objects.filter(project__in=project_ids).values_list(
            "project_id", "role", "person_id", "person__name", "person__slug", "character"
        )
    )


def backing_of(project_ids):
    return list(
        Project.backers.through.objects.filter(project__in=project_ids)
        .order_by("organisation__name", "organisation_id")
        .values_list(
            "project_id",
            "organisation_id",
            "organisation__name",
            "organisation__slug",
            "organisation__kind",
        )
    )


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
                image=stored_image(project, "poster"),
                status_label=statuses[project["status"]],
                rival_url=project_url(project["rival__slug"]) if project["rival_id"] else "",
                backers=[],
            )
            by_pk[project["pk"]] = project
            keys.append(row_key("project", project["pk"]))
            if project["rival_id"]:
                keys.append(row_key("project", project["rival_id"]))
        backers, backer_keys = backer_rows(backing_of(list(by_pk)))
        for backer in backers:
            by_pk[backer["project_id"]]["backers"].append(backer)
        return projects, keys + backer_keys


class ProjectDetailView(CoverageDetailView):
    template_name = "projects/project_detail.html"
    section = ("Productions", "projects:list")
    kind = "project"

    def get_subject_queryset(self):
        return Project.objects.for_page()

    def get_context_data(self, **kwargs):
        project = self.object
        credits, keys = crew_rows(credits_of([project.pk]))
        backers, backer_keys = backer_rows(backing_of([project.pk]))
        # Whether a promised date has been missed, and where today falls, turn with the date.
        today = timezone.localdate()
        milestones = project.milestones.rows(today)
        keys += backer_keys
        keys += [row_key("person", row.claimed_by_id) for row in milestones if row.claimed_by_id]
        if project.rival_id:
            # The rival's title, and whether this pair is the race's.
            keys += [row_key("project", project.rival_id), "race"]
        depends_on(self.request, *keys, TODAY)
        crew = [
            (label, [credit for credit in credits if credit["role"] == role])
            for role, label in Credit.Role.choices
            if any(credit["role"] == role for credit in credits)
        ]
        return super().get_context_data(
            project=project,
            status_label=project.get_status_display(),
            rival_url=url("projects:detail", project.rival.slug) if project.rival_id else "",
            crew=crew,
            backers=backers,
            milestones=milestones,
            timeline=timeline.draw([lane(project, milestones)], today),
            structured_data=schema.movie(project, credits, backers),
            **kwargs,
        )


class RaceView(BreadcrumbsMixin, TemplateView):
    """The two rivals side by side, on one timeline; a friendly page when there is no pair."""

    template_name = "projects/race.html"

    def get_breadcrumbs(self):
        return [Crumb("The race", url("projects:race"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        depends_on(self.request, "race")
        rivals = list(Project.objects.for_race())
        if len(rivals) != 2:
            return context
        ids = [project.pk for project in rivals]
        credits, keys = crew_rows(credits_of(ids))
        backers, backer_keys = backer_rows(backing_of(ids))
        # Missed promises and the "today" line turn with the date.
        today = timezone.localdate()
        milestones = Milestone.objects.filter(project__in=ids).rows(today)
        keys += backer_keys
        keys += [row_key("person", row.claimed_by_id) for row in milestones if row.claimed_by_id]
        project_url = url_pattern("projects:detail")
        sides = []
        for project in rivals:
            coverage = articles_key("project", project.pk)
            keys += [row_key("project", project.pk), coverage]
            sides.append(
                {
                    "project": project,
                    "url": project_url(project.slug),
                    "status_label": project.get_status_display(),
                    "credits": [row for row in credits if row["project_id"] == project.pk],
                    "backers": [row for row in backers if row["project_id"] == project.pk],
                    # Productions sit below articles: they read their coverage's count through
                    # the relation articles declare on them.
                    "coverage_count": project.articles.published_count(coverage),
                }
            )
        depends_on(self.request, *keys, TODAY)
        context.update(
            rivals=sides,
            timeline=timeline.draw([lane(project, milestones) for project in rivals], today),
            milestones=milestones,
            structured_data=schema.race(
                [(side["project"], side["credits"], side["backers"]) for side in sides]
            ),
        )
        return context
