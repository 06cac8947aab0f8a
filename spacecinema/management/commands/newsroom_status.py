from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse

from newsroom.links import absolute_url


class Command(BaseCommand):
    help = "Where the site is served, and how to get into the newsroom if no one can yet."

    def handle(self, *args, **options):
        site, newsroom = (
            absolute_url(reverse("home")),
            absolute_url(reverse("admin:index")),
        )
        self.stdout.write(f"{settings.SITE_NAME}: {site}   newsroom: {newsroom}")
        if not get_user_model().objects.filter(is_staff=True, is_active=True).exists():
            self.stdout.write(
                "No admin login exists until you make one: "
                "run 'make superuser' in another terminal."
            )
