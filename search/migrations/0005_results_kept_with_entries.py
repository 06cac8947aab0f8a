"""Each entry keeps what its result shows (SearchEntry.result), so that the ranking statement
returns whole results; an existing index has it filled here, in the same transaction.

A nullable column without a default is added to SQLite's table in place, which keeps the full-
text index's triggers (a rebuilt table would lose them). The update trigger now runs only when
the words or the id change: writing a result leaves the index as it is, rather than taking each
entry's words out and putting them back.
"""

from django.db import migrations, models

TABLE = "search_searchentry"
BATCH = 2000

UPDATE_TRIGGER = """
    CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE{columns} ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, names, body)
        VALUES ('delete', old.id, old.title, old.names, old.body);
        INSERT INTO search_searchentry_fts(rowid, title, names, body)
        VALUES (new.id, new.title, new.names, new.body);
    END
"""


def update_trigger(columns):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute("DROP TRIGGER search_searchentry_fts_update")
            schema_editor.execute(UPDATE_TRIGGER.format(columns=columns))

    return operation


def fill(apps, schema_editor):
    from search.documents import DOCUMENTS

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        if not cursor.fetchone()[0]:
            return
        for document in DOCUMENTS.values():
            model = apps.get_model(document.model._meta.label)
            objects = model.objects.order_by("pk").iterator(chunk_size=BATCH)
            batch = []
            for obj in objects:
                batch.append((document.result(obj), document.kind, obj.pk))
                if len(batch) == BATCH:
                    cursor.executemany(
                        f"UPDATE {TABLE} SET result = %s WHERE kind = %s AND object_id = %s",
                        batch,
                    )
                    batch = []
            cursor.executemany(
                f"UPDATE {TABLE} SET result = %s WHERE kind = %s AND object_id = %s", batch
            )


class Migration(migrations.Migration):
    # The objects' fields as they are now: what a result is made of.
    dependencies = [
        ("search", "0004_begun_words_and_merged_index"),
        ("articles", "0016_subject_links_by_subject"),
        ("people", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="result",
            field=models.TextField(
                help_text="What the result shows, as JSON (see search.documents.Document.result).",
                null=True,
            ),
        ),
        migrations.RunPython(update_trigger(" OF id, title, names, body"), update_trigger("")),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
