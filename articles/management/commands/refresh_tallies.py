from django.core.management.base import BaseCommand, CommandError

from articles import cards, feed_entries, tallies


class Command(BaseCommand):
    help = (
        "Compute the write-time values again (list counts and subject list entries, the news "
        "list's latest modification, related articles, article cards, feed entries): after "
        "writes that "
        "skipped signals, or a change of the site's time zone, URL prefix or media storage, "
        "which cards and feed entries show. With --check, only report the values that differ "
        "from a direct count or a fresh rendering, and fail if any do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: list the drifted counts, list entries, related lists, cards "
            "and feed entries, exit 1 if any.",
        )

    def handle(self, *args, check=False, **options):
        if not check:
            tallies.rebuild()
            self.stdout.write(
                self.style.SUCCESS(
                    "List counts and entries, related articles, cards and feed entries rebuilt."
                )
            )
            return
        keys, lists = tallies.drift()
        listed = tallies.drifted_entries()
        drifted_cards = cards.drift()
        entries = feed_entries.drift()
        alongside = [(name, found) for name, found in tallies.drift_alongside() if found]
        for key in keys:
            self.stdout.write(f"count drifted: {key}")
        for key in listed:
            self.stdout.write(f"list entries drifted: {key}")
        for pk in lists:
            self.stdout.write(f"related articles drifted: article {pk}")
        for pk in drifted_cards:
            self.stdout.write(f"card drifted: article {pk}")
        for pk in entries:
            self.stdout.write(f"feed entry drifted: article {pk}")
        for name, found in alongside:
            self.stdout.write(f"{name} drifted: {', '.join(map(str, found))}")
        if keys or listed or lists or drifted_cards or entries or alongside:
            raise CommandError(
                f"{len(keys)} counts, {len(listed)} lists' entries, {len(lists)} related lists, "
                f"{len(drifted_cards)} cards, {len(entries)} feed entries and "
                f"{len(alongside)} other kinds of values differ from a direct count or a fresh "
                "rendering: run 'manage.py refresh_tallies' to rebuild them."
            )
        self.stdout.write(
            self.style.SUCCESS(
                "List counts and entries, related articles, cards and feed entries are current."
            )
        )
