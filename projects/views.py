from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from people.models import far_side
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
        # Productions sit below articles: they count their coverage through the relation
        # articles declare on them, with Article's own rule for what is published.
        articles = far_side(Project, "articles").objects
        rivals = list(
            Project.objects.race()
            .with_crew_and_timeline()
            .annotate(coverage_count=articles.published().coverage_counts("projects"))
        )
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
