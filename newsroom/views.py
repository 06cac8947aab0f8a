from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag


class HomeView(TemplateView):
    template_name = "newsroom/home.html"


class TagListView(ListView):
    model = Tag
    template_name = "newsroom/tag_list.html"


class TagDetailView(DetailView):
    model = Tag
    template_name = "newsroom/tag_detail.html"
