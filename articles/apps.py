from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "News"

    def ready(self):
        # What each change to the news evicts from the page cache, in every process that saves.
        from . import (
            announcements,  # noqa: F401
            cards,
            changes,  # noqa: F401
            feed_entries,
            review_notes,  # noqa: F401
            tallies,
            webhooks,  # noqa: F401
        )

        # The write-time values are kept in the transaction of each change.
        tallies.connect()
        cards.connect()
        feed_entries.connect()
