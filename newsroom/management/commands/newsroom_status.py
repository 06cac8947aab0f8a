from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Where the site is served, and how to get into the newsroom if no one can yet."

    def handle(self, *args, **options):
        self.stdout.write(
            f"{settings.SITE_NAME}: {settings.SITE_URL}/   newsroom: {settings.SITE_URL}/admin/"
        )
        if not get_user_model().objects.filter(is_staff=True, is_active=True).exists():
            self.stdout.write(
                "No admin login exists until you make one: "
                "run 'make superuser' in another terminal."
            )
