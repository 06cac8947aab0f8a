from articles.workflow import EDITOR, EnrolCommand


class Command(EnrolCommand):
    help = "Create an editor: edits everything, publishes, schedules and unpublishes."
    role = EDITOR
