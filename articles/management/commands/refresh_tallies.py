from django.core.management.base import BaseCommand, CommandError

from articles import feed_entries, tallies


class Command(BaseCommand):
    help = (
        "Compute the write-time values again (list counts, the news list's latest "
        "modification, related articles, feed entries): after writes that skipped signals. "
        "With --check, only report the values that differ from a direct count, and fail if any "
        "do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: list the drifted counts, related lists and feed entries, "
            "exit 1 if any.",
        )

    def handle(self, *args, check=False, **options):
        if not check:
            tallies.rebuild()
            self.stdout.write(
                self.style.SUCCESS("List counts, related articles and feed entries rebuilt.")
            )
            return
        keys, lists = tallies.drift()
        entries = feed_entries.drift()
        for key in keys:
            self.stdout.write(f"count drifted: {key}")
        for pk in lists:
            self.stdout.write(f"related articles drifted: article {pk}")
        for pk in entries:
            self.stdout.write(f"feed entry drifted: article {pk}")
        if keys or lists or entries:
            raise CommandError(
                f"{len(keys)} counts, {len(lists)} related lists and {len(entries)} feed "
                "entries differ from a direct count: run 'manage.py refresh_tallies' to rebuild "
                "them."
            )
        self.stdout.write(
            self.style.SUCCESS("List counts, related articles and feed entries are current.")
        )
