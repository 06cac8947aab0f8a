from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alerts/follow/race/", views.follow, {"kind": "race"}, name="follow-race"),
    # Taggit keeps Unicode in tag slugs, which the slug converter would refuse.
    path("alerts/follow/<str:kind>/<str:slug>/", views.follow, name="follow"),
    path("alerts/sent/", views.sent, name="sent"),
    path("alerts/confirm/<str:signed>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
