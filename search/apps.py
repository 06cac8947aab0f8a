from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from . import signals

        autodiscover_modules("search_documents")

        signals.connect()
        post_migrate.connect(signals.index_existing_content, sender=self)
