from articles.workflow import WRITER, EnrolCommand


class Command(EnrolCommand):
    help = "Create a writer: drafts and submits articles under their own byline."
    role = WRITER
