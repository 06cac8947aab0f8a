import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from newsroom.images import unused_media

# An upload is stored before its row commits: a younger file may be about to be used.
SETTLING = datetime.timedelta(hours=1)


class Command(BaseCommand):
    help = (
        "Delete the originals and renditions in the image folders of media storage that no "
        "row and no revision names (restoring a revision brings its image back), and that "
        "were written more than an hour ago. With --dry-run, only list them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Delete nothing: list what would go."
        )

    def handle(self, *args, dry_run=False, **options):
        unused = unused_media(timezone.now() - SETTLING)
        for name in unused:
            if dry_run:
                self.stdout.write(f"would remove {name}")
            else:
                default_storage.delete(name)
                self.stdout.write(f"removed {name}")
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(self.style.SUCCESS(f"{len(unused)} unused media files {verb}."))
