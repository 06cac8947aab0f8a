import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import index


class Command(BaseCommand):
    help = "Index every article, person, organisation and production again, in one transaction."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with tqdm(unit="item", file=self.stderr, disable=options["verbosity"] == 0) as progress:
            total = index.rebuild(progress=progress)
        self.stdout.write(f"Indexed {total} items in {time.perf_counter() - started:.1f} s.")
