"""The search index: the one module that knows whether SQLite or PostgreSQL answers.

index_object(obj)       add or refresh one article, person, organisation or production
remove_object(obj)      take it out
search(text, kinds)     ranked results, lazily paged (Paginator-friendly)
matching(model, text)   an expression for `pk__in=`, for the admin's search box
rebuild(progress)       index everything again
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from articles.models import Article

from .documents import DOCUMENTS, document_for
from .models import SearchEntry
from .text import Query, highlight

ENTRY_TABLE = SearchEntry._meta.db_table
FTS_TABLE = f"{ENTRY_TABLE}_fts"
ENTITY_KINDS = [SearchEntry.Kind.PERSON, SearchEntry.Kind.PROJECT, SearchEntry.Kind.ORGANISATION]


class SQLiteIndex:
    """FTS5 over the entry table (external content), ranked by bm25 with column weights."""

    # Columns title, names, body: a headline match outweighs a passing mention in the body.
    rank = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"

    def match(self, query):
        terms = [f'"{term}"' for term in query.terms]
        if query.prefix:
            terms[-1] += "*"
        return (
            f"{FTS_TABLE} JOIN {ENTRY_TABLE} e ON e.id = {FTS_TABLE}.rowid",
            f"{FTS_TABLE} MATCH %s",
            [" ".join(terms)],
        )


class PostgreSQLIndex:
    """A generated tsvector column (weights A, B, D) behind a GIN index, ranked by ts_rank."""

    rank = "-ts_rank(e.vector, search_query)"

    def match(self, query):
        terms = [f"'{term}'" for term in query.terms]
        if query.prefix:
            terms[-1] += ":*"
        return (
            f"{ENTRY_TABLE} e CROSS JOIN to_tsquery('simple', %s) search_query",
            "e.vector @@ search_query",
            [" & ".join(terms)],
        )


def backend():
    return PostgreSQLIndex() if connection.vendor == "postgresql" else SQLiteIndex()


def index_object(obj):
    document = document_for(obj)
    if document is None:
        return
    SearchEntry.objects.update_or_create(
        kind=document.kind, object_id=obj.pk, defaults=document.entry(obj)
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
    return total


def matching(model, text):
    """Primary keys of `model` whose entries match `text`, drafts included (for the newsroom)."""
    query = Query(text)
    document = next(document for document in DOCUMENTS.values() if document.model is model)
    if not query:
        return RawSQL(f"SELECT object_id FROM {ENTRY_TABLE} WHERE 1 = 0", [])
    source, condition, params = backend().match(query)
    return RawSQL(
        f"SELECT e.object_id FROM {source} WHERE {condition} AND e.kind = %s",
        [*params, document.kind],
    )


@dataclass
class Hit:
    kind: str
    object: object
    title: str
    excerpt: str

    @property
    def label(self):
        return SearchEntry.Kind(self.kind).label


class Results:
    """Matches for a query in `kinds`, grouped by kind, best first; slicing runs one page's queries.

    Counts cover every kind, so a page narrowed to people can still say how many articles match.

    Queries per page, whatever the size of the newsroom: exact names, counts, the page
    itself and one per kind shown.
    """

    def __init__(self, text, kinds=None):
        self.query = text if isinstance(text, Query) else Query(text)
        self.kinds = [kind for kind in kinds or SearchEntry.Kind.values if kind in DOCUMENTS]
        self.index = backend()

    def _where(self, kinds):
        source, condition, params = self.index.match(self.query)
        published_sql, published_params = (
            Article.objects.published().order_by().values("pk").query.sql_with_params()
        )
        placeholders = ", ".join(["%s"] * len(kinds))
        where = (
            f"{condition} AND e.kind IN ({placeholders})"
            f" AND (e.kind <> %s OR e.object_id IN ({published_sql}))"
        )
        return source, where, [*params, *kinds, SearchEntry.Kind.ARTICLE, *published_params]

    @cached_property
    def exact_kinds(self):
        """Kinds where a name is exactly what was typed ("Yulia Peresild", "Вызов")."""
        if not self.query:
            return set()
        return set(
            SearchEntry.objects.filter(
                Q(title=self.query.phrase) | Q(names__contains=f"\n{self.query.phrase}\n"),
                kind__in=ENTITY_KINDS,
            )
            .values_list("kind", flat=True)
            .distinct()
        )

    @cached_property
    def summary(self):
        """{kind: (count, best rank)} for every kind, in the order the groups are shown."""
        if not self.query:
            return {}
        source, where, params = self._where(list(DOCUMENTS))
        with connection.cursor() as cursor:
            cursor.execute(
                # SQLite's bm25() cannot sit inside an aggregate, even in a subquery the
                # planner flattens: rank in a materialised CTE first.
                f"WITH matches AS MATERIALIZED (SELECT e.kind AS kind, {self.index.rank} AS rank"
                f" FROM {source} WHERE {where}) SELECT kind, COUNT(*), MIN(rank) FROM matches"
                " GROUP BY kind",
                params,
            )
            rows = cursor.fetchall()
        exact = [kind for kind in ENTITY_KINDS if kind in self.exact_kinds]
        rows.sort(key=lambda row: (exact.index(row[0]) if row[0] in exact else len(exact), row[2]))
        return {kind: (count, rank) for kind, count, rank in rows}

    @property
    def counts(self):
        return {kind: count for kind, (count, _rank) in self.summary.items()}

    def count(self):
        return sum(count for kind, count in self.counts.items() if kind in self.kinds)

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        if not isinstance(page, slice) or not self.count():
            return []
        order = [kind for kind in self.summary if kind in self.kinds]
        source, where, params = self._where(order)
        cases = " ".join("WHEN %s THEN %s" for _kind in order)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.kind, e.object_id FROM {source} WHERE {where}"
                f" ORDER BY CASE e.kind {cases} END, {self.index.rank}, e.id LIMIT %s OFFSET %s",
                [
                    *params,
                    *(value for position, kind in enumerate(order) for value in (kind, position)),
                    page.stop - (page.start or 0),
                    page.start or 0,
                ],
            )
            rows = cursor.fetchall()
        return self._hits(rows)

    def _hits(self, rows):
        wanted = {}
        for kind, object_id in rows:
            wanted.setdefault(kind, []).append(object_id)
        objects = {kind: DOCUMENTS[kind].for_results().in_bulk(ids) for kind, ids in wanted.items()}
        hits = []
        for kind, object_id in rows:
            obj = objects[kind].get(object_id)
            if obj is None:
                # Unpublished or deleted between the two queries: leave it out rather than fail.
                continue
            document = DOCUMENTS[kind]
            hits.append(
                Hit(
                    kind=kind,
                    object=obj,
                    title=highlight(str(obj), self.query),
                    excerpt=document.excerpt(obj, self.query),
                )
            )
        return hits


def search(text, kinds=None):
    return Results(text, kinds)
