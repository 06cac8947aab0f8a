from django.core.management.base import BaseCommand, CommandError

from articles import cards, tallies


class Command(BaseCommand):
    help = (
        "Compute the write-time values again (list counts, the news list's latest "
        "modification, related articles, article cards): after writes that skipped signals, "
        "or a change of the site's time zone, URL prefix or media storage, which cards show. "
        "With --check, only report the values that differ from a direct count or a fresh "
        "rendering, and fail if any do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: list the drifted counts, related lists and cards, exit 1 if any.",
        )

    def handle(self, *args, check=False, **options):
        if not check:
            tallies.rebuild()
            self.stdout.write(
                self.style.SUCCESS("List counts, related articles and cards rebuilt.")
            )
            return
        keys, lists = tallies.drift()
        drifted_cards = cards.drift()
        for key in keys:
            self.stdout.write(f"count drifted: {key}")
        for pk in lists:
            self.stdout.write(f"related articles drifted: article {pk}")
        for pk in drifted_cards:
            self.stdout.write(f"card drifted: article {pk}")
        if keys or lists or drifted_cards:
            raise CommandError(
                f"{len(keys)} counts, {len(lists)} related lists and {len(drifted_cards)} cards "
                "differ from a direct count or a fresh rendering: run 'manage.py "
                "refresh_tallies' to rebuild them."
            )
        self.stdout.write(
            self.style.SUCCESS("List counts, related articles and cards are current.")
        )
