from django.urls import path

from . import corrections, views

app_name = "articles"

urlpatterns = [
    path("news/", views.ArticleListView.as_view(), name="list"),
    path("news/<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive-year"),
    path(
        "news/<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="archive-month",
    ),
    path("news/preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("news/shared/<str:signed>/", views.SharedPreviewView.as_view(), name="shared-preview"),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("corrections/", corrections.CorrectionListView.as_view(), name="corrections"),
]
