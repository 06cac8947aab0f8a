"""How the database would read a query, as the tests that guard an index read it."""

from django.db import connection


def query_plan(queryset):
    """The plan of `queryset` as one string, after ANALYZE: the statistics a newsroom's database
    has are what make a planner pass over an index. PostgreSQL is told to avoid whole-table
    scans, which it rightly prefers on a test's few rows."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row) for row in cursor.fetchall())
