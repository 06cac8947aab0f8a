import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from spacecinema.portable import export_content


class Command(BaseCommand):
    help = (
        "Back up the whole newsroom to one zip archive that import_content restores: content, "
        "logins and roles (with password hashes: keep the archive as safe as the database), "
        "bylines, status log, revisions, admin history and the media files rows name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the archive, e.g. newsroom.zip.")

    def handle(self, *args, file, **options):
        target = Path(file)
        # Written beside the target and renamed when complete: a failed export leaves no
        # half archive under the name an operator would restore from. mkstemp makes it
        # readable by its owner only, as password hashes should be.
        try:
            handle, partial = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
            )
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
        try:
            with os.fdopen(handle, "wb") as output:
                manifest = export_content(output)
            os.replace(partial, target)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror or error}") from None
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        rows = sum(entry["rows"] for entry in manifest["data"])
        for name in manifest["missing"]:
            self.stderr.write(
                self.style.WARNING(f"Not in the archive, missing from media storage: {name}")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{file}: {rows} rows of {len(manifest['data'])} models and "
                f"{len(manifest['media'])} media files ({filesizeformat(target.stat().st_size)})."
            )
        )
        self.stdout.write("It holds the logins' password hashes: keep it as safe as the database.")
