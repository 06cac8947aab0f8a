from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organisations"

    def ready(self):
        # What each change to people evicts from the page cache, in every process that saves.
        from . import changes  # noqa: F401
