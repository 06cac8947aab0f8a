import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import index


class Command(BaseCommand):
    help = (
        "Index every article, person, organisation and production again, in one transaction: "
        "after writes that skipped signals, or a change of the site's time zone or URL prefix, "
        "which results show. With --check, only report the results that differ from a fresh "
        "writing, and fail if any do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: list the objects whose kept result has drifted, exit 1 if any.",
        )

    def handle(self, *args, check=False, **options):
        if check:
            drifted = index.drift()
            for kind, pk in drifted:
                self.stdout.write(f"result drifted: {kind} {pk}")
            if drifted:
                raise CommandError(
                    f"{len(drifted)} search results differ from a fresh writing: run"
                    " 'manage.py rebuild_search_index' to write them again."
                )
            self.stdout.write(self.style.SUCCESS("Search results are current."))
            return
        started = time.perf_counter()
        with tqdm(unit="item", file=self.stderr, disable=options["verbosity"] == 0) as progress:
            total = index.rebuild(progress=progress)
        self.stdout.write(f"Indexed {total} items in {time.perf_counter() - started:.1f} s.")
