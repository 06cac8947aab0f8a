from django.core.management.base import BaseCommand

from articles import tallies


class Command(BaseCommand):
    help = (
        "Take the articles whose expiry has passed out of the stored list counts and entries, "
        "so reads stop subtracting them. Readers never see an expired article either way: this "
        "only spares the reads the work. The page cache does it when it finds an expiry passed; "
        "run it from cron where the page cache is off."
    )

    def handle(self, *args, **options):
        settled = tallies.settle_expiries()
        self.stdout.write(self.style.SUCCESS(f"{settled} expired article(s) settled."))
