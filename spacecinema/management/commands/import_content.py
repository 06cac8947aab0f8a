from django.core.management.base import BaseCommand, CommandError

from spacecinema.portable import ContentFileError, import_content


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_content into an empty newsroom (a freshly "
        "migrated database and empty media storage): all of it in one transaction, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An archive written by export_content.")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as source:
                manifest = import_content(source)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from None
        except ContentFileError as error:
            raise CommandError(f"{file} was not imported: {error}") from None
        rows = sum(entry["rows"] for entry in manifest["data"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows} rows and {len(manifest['media'])} media files imported from {file}."
            )
        )
