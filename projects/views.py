from django.views.generic import DetailView, ListView, TemplateView

from .models import Project


class ProjectListView(ListView):
    model = Project


class ProjectDetailView(DetailView):
    model = Project


class RaceView(TemplateView):
    template_name = "projects/race.html"
