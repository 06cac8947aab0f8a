from django.core.management.base import BaseCommand

from articles import tallies


class Command(BaseCommand):
    help = (
        "Compute the write-time values again (list counts, the news list's latest "
        "modification, related articles): after writes that skipped signals."
    )

    def handle(self, *args, **options):
        tallies.rebuild()
        self.stdout.write(self.style.SUCCESS("List counts and related articles rebuilt."))
