from django.urls import path

from .views import api, docs

urlpatterns = [
    path("", api.urls),
    path("docs/", docs, name="api-docs"),
]
