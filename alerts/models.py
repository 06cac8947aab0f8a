"""Readers following subjects by email: only the address and what it follows are stored."""

import secrets
from functools import reduce
from operator import or_

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

# What a subscription may point at: every subject with a feed (alerts/subjects.py), or the race.
SUBJECT_FIELDS = ("person", "organisation", "project", "tag", "author")


def new_token():
    """The secret in a subscriber's manage and unsubscribe links."""
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    """An address that asked for email alerts. Nothing but its confirmation is sent to it until
    its owner follows the link in that email (double opt-in)."""

    address = models.EmailField(max_length=254)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When its last confirmation email was queued: one per ALERTS_CONFIRMATION_INTERVAL_MINUTES.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Addresses differ in case only in the mailboxes of pedants: one row for all.
            models.UniqueConstraint(Lower("address"), name="alerts_one_subscriber_per_address")
        ]

    def __str__(self):
        return self.address

    @property
    def confirmed(self):
        return self.confirmed_at is not None


def _one_subject():
    """Each subscription follows exactly one thing: one subject, or the race."""
    cases = [
        models.Q(**{f"{other}__isnull": other != field for other in SUBJECT_FIELDS}, race=False)
        for field in SUBJECT_FIELDS
    ]
    cases.append(models.Q(**{f"{field}__isnull": True for field in SUBJECT_FIELDS}, race=True))
    return reduce(or_, cases)


class Subscription(models.Model):
    """One subject an address follows. Pending until the address's owner confirms it."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "people.Organisation", null=True, on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey("taggit.Tag", null=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        "articles.Author", null=True, on_delete=models.CASCADE, related_name="+"
    )
    race = models.BooleanField(default=False)
    confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=_one_subject(), name="alerts_follows_one_subject"),
            *(
                models.UniqueConstraint(
                    fields=["subscriber", field], name=f"alerts_follows_{field}_once"
                )
                for field in SUBJECT_FIELDS
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=models.Q(race=True),
                name="alerts_follows_race_once",
            ),
        ]

    def __str__(self):
        kind = self.kind
        return f"{self.subscriber} follows {kind} {getattr(self, f'{kind}_id', '')}".rstrip()

    @property
    def kind(self):
        if self.race:
            return "race"
        return next(field for field in SUBJECT_FIELDS if getattr(self, f"{field}_id"))
