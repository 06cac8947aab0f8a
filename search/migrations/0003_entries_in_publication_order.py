"""Entry ids in publication order (see search/index.py): an index built before is given its new
ids, and entries of objects that are gone are dropped.

SQLite's full-text index keys its rows by entry id: its triggers are set aside while the ids
change, and it is rebuilt from the entries once, rather than row by row.
"""

from django.db import migrations

TABLE = "search_searchentry"
# Below every id the index gives, and every id it gave before.
OUT_OF_THE_WAY = -(2**62)

SQLITE_TRIGGERS = [
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
]
SQLITE_TRIGGER_NAMES = [
    "search_searchentry_fts_insert",
    "search_searchentry_fts_delete",
    "search_searchentry_fts_update",
]


def renumber(apps, schema_editor):
    from search import index

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        if not cursor.fetchone()[0]:
            return
    ids = index.renumber(apps)
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        if sqlite:
            for name in SQLITE_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(
            "CREATE TEMPORARY TABLE search_new_ids"
            " (kind varchar(20), object_id bigint, id bigint, PRIMARY KEY (kind, object_id))"
        )
        rows = [(kind, object_id, id) for (kind, object_id), id in ids.items()]
        for start in range(0, len(rows), 10_000):
            cursor.executemany(
                "INSERT INTO search_new_ids VALUES (%s, %s, %s)", rows[start : start + 10_000]
            )
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE NOT EXISTS (SELECT 1 FROM search_new_ids new"
            f" WHERE new.kind = {TABLE}.kind AND new.object_id = {TABLE}.object_id)"
        )
        cursor.execute(f"SELECT id FROM {TABLE}")
        old_ids = {id for (id,) in cursor.fetchall()}
        if old_ids & set(ids.values()):
            # Ids are unique at every row changed: move them all where no new one is first.
            cursor.execute(f"UPDATE {TABLE} SET id = %s - id", [OUT_OF_THE_WAY])
        cursor.execute(
            f"UPDATE {TABLE} SET id = (SELECT new.id FROM search_new_ids new"
            f" WHERE new.kind = {TABLE}.kind AND new.object_id = {TABLE}.object_id)"
        )
        cursor.execute("DROP TABLE search_new_ids")
        if sqlite:
            cursor.execute(
                "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')"
            )
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)


class Migration(migrations.Migration):
    # The objects' fields as they are now: what the index reads to number them.
    dependencies = [
        ("search", "0002_full_text_index"),
        ("articles", "0011_fill_write_time_tallies"),
        ("people", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(renumber, migrations.RunPython.noop)]
