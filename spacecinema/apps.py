from django.apps import AppConfig


class SpaceCinemaConfig(AppConfig):
    name = "spacecinema"
    verbose_name = "Space Cinema"

    def ready(self):
        from . import purge

        purge.connect()
