from people.sitemaps import UpdatedAtSitemap

from .models import Project


class ProjectSitemap(UpdatedAtSitemap):
    priority = 0.6
    model = Project
    view_name = "projects:detail"
    dependencies = ("projects",)
    picture = "poster"
