from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Email alerts"

    def ready(self):
        # The outbox's senders and the receiver of announced articles, in every process: the
        # site enqueues, the worker sends.
        from . import emails  # noqa: F401
