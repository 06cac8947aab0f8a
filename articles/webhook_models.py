"""Webhooks: addresses other newsrooms and apps give the editors, to be told when an article is
published, corrected or unpublished (articles/webhooks.py sends them)."""

import secrets

from django.db import models

from newsroom.models import OutboxMessage


def new_secret():
    return secrets.token_hex(32)


class Webhook(models.Model):
    url = models.URLField(
        "address",
        max_length=500,
        help_text="The receiver's https:// (or http://) address. Each announcement is a signed "
        "JSON POST to it; see docs/webhooks.md for checking the signature.",
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="Who receives it, for the newsroom's own record."
    )
    secret = models.CharField(
        max_length=64,
        default=new_secret,
        editable=False,
        help_text="The receiver checks each request's signature with it. Keep it private.",
    )
    on_published = models.BooleanField("when an article is published", default=True)
    on_corrected = models.BooleanField("when a published article is corrected", default=True)
    on_unpublished = models.BooleanField("when an article is unpublished or expires", default=True)
    active = models.BooleanField(
        default=True, help_text="Switched off, it receives nothing until switched on again."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url", "pk"]

    def __str__(self):
        return self.description or self.url

    def wants(self, event):
        return getattr(self, f"on_{event}")

    @property
    def events(self):
        return [event for event in ("published", "corrected", "unpublished") if self.wants(event)]


class WebhookDelivery(models.Model):
    """One announcement to one webhook: the JSON sent (the same body on every try) and the
    receiver's last answer. Its state (waiting, sent, failed), tries, last error and next try
    are its outbox message's."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    message = models.OneToOneField(
        OutboxMessage, on_delete=models.CASCADE, related_name="webhook_delivery"
    )
    event = models.CharField(max_length=20)
    article_id_sent = models.PositiveBigIntegerField("article")
    headline = models.CharField(max_length=300)
    body = models.TextField(help_text="The JSON sent.")
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event}: {self.headline}"
