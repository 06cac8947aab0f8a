from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from people.views import CoverageDetailView

from . import schema, timeline
from .models import Milestone, Project


class ProjectListView(BreadcrumbsMixin, ListView):
    paginate_by = 50

    def get_breadcrumbs(self):
        return [Crumb("Productions", reverse("projects:list"))]

    def get_queryset(self):
        return Project.objects.for_list()


class ProjectDetailView(CoverageDetailView):
    template_name = "projects/project_detail.html"
    subject_field = "projects"
    section = ("Productions", "projects:list")

    def get_subject_queryset(self):
        return Project.objects.for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=schema.movie(self.object),
            timeline=timeline.draw([self.object.timeline_lane()], timezone.localdate()),
            **kwargs,
        )


class RaceView(BreadcrumbsMixin, TemplateView):
    """The two rivals side by side, on one timeline; a friendly page when there is no pair."""

    template_name = "projects/race.html"

    def get_breadcrumbs(self):
        return [Crumb("The race", reverse("projects:race"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rivals = list(Project.objects.race().for_race())
        if len(rivals) != 2:
            return context
        context.update(
            rivals=rivals,
            timeline=timeline.draw(
                [project.timeline_lane() for project in rivals], timezone.localdate()
            ),
            milestones=sorted(
                (milestone for project in rivals for milestone in project.milestones.all()),
                key=Milestone.timeline_key,
            ),
            structured_data=schema.race(rivals),
        )
        return context
