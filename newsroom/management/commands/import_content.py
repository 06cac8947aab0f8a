from django.core.management.base import BaseCommand, CommandError

from newsroom.portable import ContentFileError, import_content


class Command(BaseCommand):
    help = (
        "Load a file written by export_content: all of it in one transaction, or nothing. "
        "Image files are referenced, not copied: they must already be in media storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file written by export_content.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as source:
                text = source.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            count = import_content(text)
        except ContentFileError as error:
            raise CommandError(f"{file} was not imported: {error}") from None
        self.stdout.write(self.style.SUCCESS(f"{count} rows imported from {file}."))
