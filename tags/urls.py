from django.urls import path

from . import views

app_name = "newsroom"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tags/", views.TagListView.as_view(), name="tags"),
    # Taggit keeps Unicode in tag slugs ("вызов"), which the slug converter would refuse.
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag"),
]
