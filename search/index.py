"""The search index: the one module that knows whether SQLite or PostgreSQL answers.

index_object(obj)           add or refresh one article, person, organisation or production
index_objects(model, ids)   the same for many of one kind
remove_object(obj)          take it out
search(text, kinds)         ranked results, lazily paged (Paginator-friendly)
matching(model, text)       an expression for `pk__in=`, for the admin's search box
rebuild(progress)           index everything again
"""

import functools
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from newsroom.changes import changed
from newsroom.rendering import day, iso, url_pattern

from .documents import DOCUMENTS, document_for
from .models import SearchEntry
from .text import Query, highlight

ENTRY_TABLE = SearchEntry._meta.db_table
FTS_TABLE = f"{ENTRY_TABLE}_fts"
ENTITY_KINDS = [SearchEntry.Kind.PERSON, SearchEntry.Kind.PROJECT, SearchEntry.Kind.ORGANISATION]
GROUP_ORDER = [SearchEntry.Kind.ARTICLE, *ENTITY_KINDS]


class SQLiteIndex:
    """FTS5 over the entry table (external content), ranked by bm25 with column weights."""

    # Columns title, names, body: a headline match outweighs a passing mention in the body.
    rank = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"

    # The planner would look each match up by rowid in the wide table; the covering index
    # made by the migration answers the same lookup from far fewer pages.
    source = (
        f"{FTS_TABLE} JOIN {ENTRY_TABLE} e INDEXED BY search_searchentry_match"
        f" ON e.id = {FTS_TABLE}.rowid"
    )
    condition = f"{FTS_TABLE} MATCH %s"

    def match_text(self, query):
        terms = [f'"{term}"' for term in query.terms]
        if query.prefix:
            terms[-1] += "*"
        return " ".join(terms)

    def visible(self, document):
        """SQL true when the entry `e` is not one of the document's hidden objects.

        Tested match by match against the objects readers may find, a common word costs a
        lookup per match; the hidden ones (drafts, articles in review, scheduled ones) are
        few, listed once per statement from the index ranges each part reads.
        """
        parts = [part.order_by().values("pk").query.sql_with_params() for part in document.hidden()]
        return (
            f"e.object_id NOT IN ({' UNION ALL '.join(sql for sql, _params in parts)})",
            [param for _sql, params in parts for param in params],
        )


class PostgreSQLIndex:
    """A generated tsvector column (weights A, B, D) behind a GIN index, ranked by ts_rank."""

    rank = "-ts_rank(e.vector, search_query)"

    source = f"{ENTRY_TABLE} e CROSS JOIN to_tsquery('simple', %s) search_query"
    condition = "e.vector @@ search_query"

    def match_text(self, query):
        terms = [f"'{term}'" for term in query.terms]
        if query.prefix:
            terms[-1] += ":*"
        return " & ".join(terms)

    def visible(self, document):
        """SQL true when the entry `e` is one of the document's visible objects (the planner
        picks the join)."""
        sql, params = document.visible().order_by().values("pk").query.sql_with_params()
        return f"e.object_id IN ({sql})", params


def backend():
    return PostgreSQLIndex() if connection.vendor == "postgresql" else SQLiteIndex()


def visibility(index):
    """SQL true when the entry `e` is something readers may find: each kind's own rule
    (an article's is `published()`), applied inside the search."""
    conditions, params = [], []
    for document in DOCUMENTS.values():
        if document.visible() is not None:
            sql, visible_params = index.visible(document)
            conditions.append(f"(e.kind <> %s OR {sql})")
            params += [document.kind, *visible_params]
    return " AND ".join(conditions) or "1 = 1", params


def index_object(obj):
    document = document_for(obj)
    if document is None:
        return
    SearchEntry.objects.update_or_create(
        kind=document.kind, object_id=obj.pk, defaults=document.entry(obj)
    )


def index_objects(model, ids, batch_size=1000):
    """Refresh the entries of `model`'s objects `ids` (say, everything a tag was on)."""
    document = next(document for document in DOCUMENTS.values() if document.model is model)
    ids = list(ids)
    for start in range(0, len(ids), batch_size):
        objects = document.for_index().filter(pk__in=ids[start : start + batch_size])
        SearchEntry.objects.bulk_create(
            [
                SearchEntry(kind=document.kind, object_id=obj.pk, **document.entry(obj))
                for obj in objects
            ],
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["title", "names", "body"],
        )


def remove_object(obj):
    document = document_for(obj)
    if document is not None:
        SearchEntry.objects.filter(kind=document.kind, object_id=obj.pk).delete()


def rebuild(progress=None, batch_size=1000):
    """Replace the whole index in one transaction; readers keep the old one until it commits."""
    total = sum(document.model.objects.count() for document in DOCUMENTS.values())
    if progress is not None:
        progress.reset(total=total)
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for document in DOCUMENTS.values():
            batch = []
            for obj in document.for_index().iterator(chunk_size=batch_size):
                batch.append(
                    SearchEntry(kind=document.kind, object_id=obj.pk, **document.entry(obj))
                )
                if len(batch) == batch_size:
                    SearchEntry.objects.bulk_create(batch)
                    if progress is not None:
                        progress.update(len(batch))
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            if progress is not None:
                progress.update(len(batch))
        # Saves index one thing each and their apps name what changed; a rebuild changes all.
        changed("search")
    return total


def matching(model, text):
    """Primary keys of `model` whose entries match `text`, drafts included (for the newsroom)."""
    query = Query(text)
    document = next(document for document in DOCUMENTS.values() if document.model is model)
    if not query:
        return RawSQL(f"SELECT object_id FROM {ENTRY_TABLE} WHERE 1 = 0", [])
    index = backend()
    return RawSQL(
        f"SELECT e.object_id FROM {index.source} WHERE {index.condition} AND e.kind = %s",
        [index.match_text(query), document.kind],
    )


@dataclass(slots=True)
class Hit:
    """One result as the page shows it: its page, its title and excerpt with the query's words
    marked, and for an article its date."""

    kind: str
    pk: int
    name: str
    url: str
    title: str
    excerpt: str
    date_iso: str = ""
    date_day: str = ""


class Ranking:
    """The one statement that counts a query's matches of every kind, names the kinds with a
    name exactly the query, and ranks one page of `kinds`. Its SQL depends on the database and
    the kinds alone: it is written once per process.

    Materialised, the matches are ranked and checked for visibility once for both halves
    (and SQLite's bm25() may not sit inside an aggregate); only the kinds the page may show
    are ranked. A person's, production's or organisation's name that is exactly the query
    holds every word of it, so it is among the matches.

    Rows: (kind, count, COUNTED, ...) for each kind with matches, (kind, _, EXACT, ...) for
    each kind with an exact name, and the page's (kind, object id, HIT, position, rank, id).
    """

    COUNTED, EXACT, HIT = 0, 1, 2

    def __init__(self, index, kinds):
        visible_sql, visible_params = visibility(index)
        shown = ", ".join(["%s"] * len(kinds))
        entities = ", ".join(["%s"] * len(ENTITY_KINDS))
        positions = " ".join("WHEN %s THEN %s" for _kind in GROUP_ORDER)
        counts = ", ".join(
            f"COUNT(*) FILTER (WHERE kind = %s) AS count_{number}"
            for number, _kind in enumerate(GROUP_ORDER)
        )
        counted = " UNION ALL ".join(
            f"SELECT %s, count_{number}, {self.COUNTED}, 0, 0.0, 0 FROM counted"
            f" WHERE count_{number} > 0"
            for number, _kind in enumerate(GROUP_ORDER)
        )
        self.sql = (
            "WITH matches AS MATERIALIZED (SELECT e.id, e.kind, e.object_id,"
            f" CASE WHEN e.kind IN ({shown}) THEN {index.rank} ELSE 0 END AS rank,"
            f" CASE e.kind {positions} END AS position"
            f" FROM {index.source} WHERE {index.condition} AND {visible_sql}),"
            # Match by match: joined, SQLite may read every entry to filter the join first.
            f" exact AS MATERIALIZED (SELECT DISTINCT kind FROM matches WHERE kind IN ({entities})"
            f" AND EXISTS (SELECT 1 FROM {ENTRY_TABLE} named WHERE named.id = matches.id"
            " AND (named.title = %s OR named.names LIKE %s))),"
            # One pass, where GROUP BY would sort every match.
            f" counted AS MATERIALIZED (SELECT {counts} FROM matches)"
            f" {counted}"
            f" UNION ALL SELECT kind, 0, {self.EXACT}, 0, 0.0, 0 FROM exact"
            f" UNION ALL SELECT * FROM (SELECT kind, object_id, {self.HIT},"
            " CASE WHEN kind IN (SELECT kind FROM exact) THEN 0"
            f" ELSE {len(GROUP_ORDER)} END + position AS placed, rank, id FROM matches"
            f" WHERE kind IN ({shown}) ORDER BY placed, rank, id LIMIT %s OFFSET %s) page"
        )
        self.index = index
        self.kinds = list(kinds)
        self.selected = [
            *self.kinds,
            *(value for position, kind in enumerate(GROUP_ORDER) for value in (kind, position)),
        ]
        self.visible = [*visible_params, *ENTITY_KINDS]
        self.counted = [*GROUP_ORDER, *GROUP_ORDER, *self.kinds]

    def params(self, query, offset, limit):
        """The statement's parameters, in the order its placeholders come."""
        return [
            *self.selected,
            self.index.match_text(query),
            *self.visible,
            # The name fields as documents write them: folded words, one name a line.
            query.phrase,
            f"%\n{query.phrase}\n%",
            *self.counted,
            limit,
            offset,
        ]


@functools.cache
def ranking(vendor, kinds):
    return Ranking(PostgreSQLIndex() if vendor == "postgresql" else SQLiteIndex(), kinds)


class Results:
    """Matches for a query in `kinds`, grouped by kind, best first, for a Paginator.

    Groups come in a fixed order (articles, people, productions, organisations) except that
    people, productions and organisations whose name is exactly the query go first. Counts
    cover every kind, so a page narrowed to people can still say how many articles match.

    One statement ranks the matches once and answers the exact names, the counts and one
    page; with one query per kind shown, a page costs at most five queries, whatever the
    size of the newsroom.
    """

    def __init__(self, text, kinds=None):
        self.query = text if isinstance(text, Query) else Query(text)
        self.kinds = [kind for kind in kinds or SearchEntry.Kind.values if kind in DOCUMENTS]
        self._window = None
        self._counts = {}
        self._rows = []

    def fetch(self, offset, limit):
        """Count every kind's matches and keep rows [offset, offset + limit) of `kinds`."""
        self._window = (offset, limit)
        if not self.query:
            self._counts, self._rows = {}, []
            return
        statement = ranking(connection.vendor, tuple(self.kinds))
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params(self.query, offset, limit))
            rows = cursor.fetchall()
        exact = {kind for kind, _count, row_kind, *_rest in rows if row_kind == Ranking.EXACT}
        order = [kind for kind in ENTITY_KINDS if kind in exact]
        order += [kind for kind in GROUP_ORDER if kind not in exact]
        counts = {
            kind: count for kind, count, row_kind, *_rest in rows if row_kind == Ranking.COUNTED
        }
        self._counts = {kind: counts[kind] for kind in order if kind in counts}
        # UNION ALL keeps no order of its own: sort the page again by (position, rank, id).
        hits = sorted((row for row in rows if row[2] == Ranking.HIT), key=lambda row: row[3:])
        self._rows = [(kind, object_id) for kind, object_id, *_order in hits]

    @property
    def counts(self):
        """{kind: matches} for every kind that has any, in the order the groups are shown."""
        if self._window is None:
            self.fetch(0, 0)
        return self._counts

    def count(self):
        return sum(count for kind, count in self.counts.items() if kind in self.kinds)

    def __getitem__(self, page):
        start, stop = page.start or 0, page.stop
        if self._window is not None:
            offset, limit = self._window
            # The Paginator trims the last page's slice to the count: no need to ask again.
            if offset <= start and stop <= offset + limit:
                return self._hits(self._rows[start - offset : stop - offset])
        self.fetch(start, stop - start)
        return self._hits(self._rows)

    def _hits(self, rows):
        """The hits of (kind, object id) rows: one query per kind, for the rows each shows."""
        wanted = {}
        for kind, object_id in rows:
            wanted.setdefault(kind, []).append(object_id)
        found = {kind: DOCUMENTS[kind].for_results(ids) for kind, ids in wanted.items()}
        hits = []
        for kind, object_id in rows:
            row = found[kind].get(object_id)
            if row is None:
                # Unpublished or deleted since it was ranked: leave it out rather than fail.
                continue
            document = DOCUMENTS[kind]
            name = row[document.title_field]
            date = row[document.date_field] if document.date_field else None
            hits.append(
                Hit(
                    kind=kind,
                    pk=object_id,
                    name=name,
                    url=url_pattern(document.url_name)(row["slug"]),
                    title=highlight(name, self.query),
                    excerpt=document.excerpt(row, self.query),
                    date_iso=iso(date),
                    date_day=day(date),
                )
            )
        return hits


def search(text, kinds=None):
    return Results(text, kinds)
