from django.core.management.base import BaseCommand

from articles import tallies


class Command(BaseCommand):
    help = (
        "Take the articles whose expiry has passed out of the stored list counts and entries, "
        "so reads stop subtracting them. Readers never see an expired article either way: this "
        "only spares the reads the work. The outbox worker does it each time it looks, and the "
        "page cache when it finds an expiry passed."
    )

    def handle(self, *args, **options):
        settled = tallies.settle_expiries()
        self.stdout.write(self.style.SUCCESS(f"{settled} expired article(s) settled."))
