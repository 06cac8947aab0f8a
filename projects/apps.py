from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Productions"

    def ready(self):
        # What each change to productions evicts from the page cache, in every process that saves.
        from . import changes  # noqa: F401
