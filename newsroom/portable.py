"""The newsroom's content as one JSON document: export_content writes it, import_content reads it.

Rows keep their primary keys, so links between them (bylines, subjects, rivals, credits,
milestone sources, tags) survive the trip; images travel as references to files in storage.
"""

import datetime
import json

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction

FORMAT = "spacecinema-content"
VERSION = 1

CONTENT_MODELS = [
    apps.get_model(label)
    for label in (
        "taggit.Tag",
        "people.Organisation",
        "people.Person",
        "people.TaggedOrganisation",
        "people.TaggedPerson",
        "projects.Project",
        "projects.TaggedProject",
        "projects.Credit",
        "articles.Author",
        "articles.Article",
        "articles.TaggedArticle",
        "articles.Source",
        "articles.Correction",
        "projects.Milestone",
    )
]
# Logins are not content: a byline travels with its name, not with the account behind it.
LEFT_BEHIND = {"articles.author": {"user"}}


class ContentFileError(Exception):
    pass


class ContentEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds.

    DjangoJSONEncoder cuts them to milliseconds, so 12:00:00.000456 came back from an import
    as 12:00:00 and the next export differed (about once in twenty round trips).
    """

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def export_content():
    every_row = (
        instance for model in CONTENT_MODELS for instance in model._default_manager.order_by("pk")
    )
    rows = serializers.serialize("python", every_row)
    for row in rows:
        for field in LEFT_BEHIND.get(row["model"], ()):
            row["fields"].pop(field, None)
    document = {"format": FORMAT, "version": VERSION, "objects": rows}
    return json.dumps(document, cls=ContentEncoder, indent=2, ensure_ascii=False) + "\n"


def import_content(text):
    """Load an exported document in one transaction; returns how many rows were loaded."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ContentFileError(f"not JSON: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ContentFileError("not a Space Cinema content export")
    if document.get("version") != VERSION:
        raise ContentFileError(f"export version {document.get('version')!r} is not {VERSION}")
    allowed = {model._meta.label_lower for model in CONTENT_MODELS}
    rows = document.get("objects")
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and row.get("model") in allowed for row in rows
    ):
        raise ContentFileError("its objects are not all newsroom content")
    if any(model._default_manager.exists() for model in CONTENT_MODELS):
        # Rows keep their keys: loading over existing content would overwrite editors' work.
        raise ContentFileError("this newsroom already has content; import into an empty one")
    try:
        with transaction.atomic():
            # Rows may point at rows later in the file (rival productions): check at the end.
            with connection.constraint_checks_disabled():
                for item in serializers.deserialize("python", rows):
                    item.save()
            connection.check_constraints(table_names=[m._meta.db_table for m in CONTENT_MODELS])
            reset = connection.ops.sequence_reset_sql(no_style(), CONTENT_MODELS)
            with connection.cursor() as cursor:
                for statement in reset:
                    cursor.execute(statement)
    except (DeserializationError, IntegrityError, DatabaseError) as error:
        raise ContentFileError(str(error).splitlines()[0]) from None
    return len(rows)
