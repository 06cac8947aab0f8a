"""SQLite's full-text index made again with prefix indexes, and merged into one b-tree.

A word being typed ("soy", "orbi") is matched as a prefix: without an index of word beginnings
FTS5 gathers every word that begins so, and every entry holding each, on each of the ranking
statement's scans; the prefix indexes (of two, three and four characters) answer it as a
whole word is answered. Rows written one by one leave the index in several b-trees that
every scan seeks through: merged once here, and by index.rebuild().

The table's triggers (on search_searchentry) name it and carry on across the change.
"""

from django.db import migrations

FTS_TABLE = "search_searchentry_fts"


def create(prefix):
    return [
        f"DROP TABLE {FTS_TABLE}",
        f"""
        CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
            title, names, body,
            content='search_searchentry', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'{prefix}
        )
        """,
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')",
    ]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entries_in_publication_order")]

    operations = [
        migrations.RunPython(run(create(", prefix='2 3 4'")), run(create(""))),
    ]
