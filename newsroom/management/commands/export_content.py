from django.core.management.base import BaseCommand, CommandError

from newsroom.portable import export_content


class Command(BaseCommand):
    help = (
        "Write every article, author, person, organisation, production, credit, milestone, "
        "tag and image reference to a JSON file that import_content reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the JSON.")

    def handle(self, *args, file, **options):
        try:
            with open(file, "w", encoding="utf-8") as output:
                output.write(export_content())
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"Content written to {file}."))
