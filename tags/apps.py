from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "tags"
    verbose_name = "Tags"

    def ready(self):
        # What each change to a tag evicts from the page cache, in every process that saves.
        from . import carriers, changes  # noqa: F401

        carriers.connect()
