from django.urls import path

from . import views

app_name = "tags"

urlpatterns = [
    path("tags/", views.TagListView.as_view(), name="list"),
    # Taggit keeps Unicode in tag slugs ("вызов"), which the slug converter would refuse.
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="detail"),
]
