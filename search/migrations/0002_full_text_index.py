"""The full-text index beside search_searchentry, in whichever form the database offers.

SQLite: an FTS5 table reading its text from search_searchentry (external content), kept
in step by triggers. Django rebuilds a SQLite table to alter it, which drops its triggers:
a later migration that alters SearchEntry must create them again.

PostgreSQL: a generated tsvector column with a GIN index. The 'simple' configuration
(no stemming, no stop words) suits the already folded, mixed-language words.
"""

from django.db import migrations

SQLITE_FORWARDS = [
    """
    CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title, names, body,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title, names, body)
        VALUES (new.id, new.title, new.names, new.body);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, names, body)
        VALUES ('delete', old.id, old.title, old.names, old.body);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, names, body)
        VALUES ('delete', old.id, old.title, old.names, old.body);
        INSERT INTO search_searchentry_fts(rowid, title, names, body)
        VALUES (new.id, new.title, new.names, new.body);
    END
    """,
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
    # Joins from FTS matches to (kind, object_id) read this small index, not the wide rows.
    "CREATE INDEX search_searchentry_match ON search_searchentry(id, kind, object_id)",
]
SQLITE_BACKWARDS = [
    "DROP INDEX search_searchentry_match",
    "DROP TRIGGER search_searchentry_fts_update",
    "DROP TRIGGER search_searchentry_fts_delete",
    "DROP TRIGGER search_searchentry_fts_insert",
    "DROP TABLE search_searchentry_fts",
]

POSTGRESQL_FORWARDS = [
    """
    ALTER TABLE search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, names), 'B')
        || setweight(to_tsvector('simple'::regconfig, body), 'D')
    ) STORED
    """,
    "CREATE INDEX search_searchentry_vector ON search_searchentry USING gin (vector)",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX search_searchentry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN vector",
]


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRESQL_FORWARDS}),
            run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRESQL_BACKWARDS}),
        )
    ]
