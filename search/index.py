"""The search index: the one module that knows whether SQLite or PostgreSQL answers.

index_object(obj)           add or refresh one article, person, organisation or production
index_objects(model, ids)   the same for many of one kind
remove_object(obj)          take it out
search(text, kinds, ...)    ranked results, lazily paged (Paginator-friendly)
matching(model, text)       an expression for `pk__in=`, for the admin's search box
name_rank(model, text)      how well each entry's names answer it, for the admin's pickers
rebuild(progress)           index everything again
drift()                     what entries keep a result other than their object's own
renumber(apps)              the ids of the entries of an index built before they had an order

An entry's id is its row in the full-text index, and SQLite's FTS5 walks a query's matches in
that order and stops at a LIMIT; so ids are given, not counted, in bands:

    id >= SUBJECTS   SUBJECTS + BAND * n + pk: a person's (n 0), production's (1) or
                     organisation's (2), read first, as there are few
    1 <= id < SUBJECTS   an article readers may find, now or at its time (published or
                     scheduled): the second it is published (since 1970), or the first later
                     one no other article holds. Ids follow publication, and no id is earlier
                     than its article's time.
    id < 0           -pk: an article readers may not find (a draft, one in review)

"Matching articles, newest first" is then the end of one range, read backwards; drafts are out
of every range searched, without a lookup. The few entries from the current second on (articles
scheduled, or published this second) are tested one by one against published(): time passing
is not a save, and no entry is ever found before its time. Entries of articles past their expiry
keep their ids and are passed over (Document.withdrawn()), read as one small set per search.
"""

import functools
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.db.models.expressions import RawSQL

from newsroom.changes import changed

from .documents import DOCUMENTS, document_for
from .models import SearchEntry
from .text import ELSEWHERE, EXACT_NAME, NAME_START, NAME_WORD_START, Query, excerpt, highlight

ENTRY_TABLE = SearchEntry._meta.db_table
FTS_TABLE = f"{ENTRY_TABLE}_fts"
ENTITY_KINDS = [SearchEntry.Kind.PERSON, SearchEntry.Kind.PROJECT, SearchEntry.Kind.ORGANISATION]
GROUP_ORDER = [SearchEntry.Kind.ARTICLE, *ENTITY_KINDS]

# A placeholder, or a percent sign written for Python's formatting, in compiled SQL.
PLACEHOLDER = re.compile("%[%s]")

SUBJECTS = 2**62
BAND = 2**40
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SECOND = timedelta(seconds=1)
# How many ids after a taken second one look reads.
FREE_SECONDS_READ = 64


def release_second(moment):
    """The first whole second since 1970 at or after `moment` (at least 1)."""
    seconds, rest = divmod(moment - EPOCH, SECOND)
    return max(1, seconds + (rest > timedelta(0)))


def unreleased_id(kind, pk):
    """The id of an entry not found by its date: a subject's, found always by its band, or an
    unpublished article's, in no band searched."""
    if kind == SearchEntry.Kind.ARTICLE:
        return -pk
    return SUBJECTS + BAND * ENTITY_KINDS.index(kind) + pk


def entry_id(document, obj, taken=None):
    """`obj`'s entry id (see the module's docstring).

    An article's second may be held by another published in the same one: it takes the next
    free. `taken` is the set of ids already given when a whole index is numbered at once (its
    ids are added to it); without it, the entries stored say which seconds are free.
    """
    released = document.release(obj) if document.date_field else None
    if released is None:
        return unreleased_id(document.kind, obj.pk)
    # As the row stores it: a date given as text, or without a time zone, is read the same way.
    second = release_second(obj._meta.get_field(document.date_field).get_prep_value(released))
    if taken is not None:
        while second in taken:
            second += 1
        taken.add(second)
        return second
    while True:
        held = {
            id: (kind, object_id)
            for id, kind, object_id in SearchEntry.objects.filter(
                id__gte=second, id__lt=second + FREE_SECONDS_READ
            ).values_list("id", "kind", "object_id")
        }
        for candidate in range(second, second + FREE_SECONDS_READ):
            if held.get(candidate, (document.kind, obj.pk)) == (document.kind, obj.pk):
                return candidate
        second += FREE_SECONDS_READ


class SQLiteIndex:
    """FTS5 over the entry table (external content), ranked by where the words are."""

    # A statement's constants are written into it (see Ranking._value()).
    literals = True
    row = f"{FTS_TABLE}.rowid"
    query = "SELECT %s AS query"
    # The statement's clock as published() reads it (Now()), to the second.
    now_second = "unixepoch(STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW'))"
    greatest, least = "MAX", "MIN"
    # Not LIKE: SQLite prepares a statement again whenever a LIKE pattern it was given as a
    # parameter is bound, and this one is long.
    position = "INSTR"

    def match_text(self, query, prefix=True):
        terms = [f'"{term}"' for term in query.terms]
        if prefix and query.prefix:
            terms[-1] += "*"
        return " ".join(terms)

    def search_query(self, statement):
        # FTS5 gathers every match of every word a prefix begins before it returns one: the
        # last word is completed only when nothing holds it as it was typed.
        return (
            f"SELECT CASE WHEN EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH"
            f" {statement._name('whole_words')}) THEN {statement._name('whole_words')}"
            f" ELSE {statement._name('match')} END AS query"
        )

    def matches(self, band, order=""):
        """(id, rank 0) of the matching entries whose id meets `band` (SQL on `row`), in
        `order` (ORDER BY and LIMIT, which FTS5 follows as it reads)."""
        return (
            f"SELECT {self.row} AS id, 0.0 AS rank FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH (SELECT query FROM search_query) AND {band} {order}"
        )

    def ranked(self, window, start):
        """(id, rank) of the matches in the table `window`, none before the id `start` (SQL):
        0 with every word in the title (a headline, a name), 1 in the title and names (a
        standfirst, other names), else 2. Not bm25: its first call reads every entry that holds
        each word, however few are ranked; the column filters read only from `start` on."""
        # The title's filter is read only when an entry has every word in the title and names.
        return (
            f"SELECT id, CASE WHEN id NOT IN ({self._within('title names', start)}) THEN 2"
            f" WHEN id IN ({self._within('title', start)}) THEN 0 ELSE 1 END AS rank"
            f" FROM {window}"
        )

    def _within(self, columns, start):
        return (
            f"SELECT {self.row} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH"
            f" '{{{columns}}} : (' || (SELECT query FROM search_query) || ')'"
            f" AND {self.row} >= {start}"
        )


class PostgreSQLIndex:
    """A generated tsvector column (weights A, B, D) behind a GIN index, ranked by where the
    words are, as on SQLite."""

    literals = False
    row = "e.id"
    query = "SELECT to_tsquery('simple', %s) AS query"
    now_second = "FLOOR(EXTRACT(EPOCH FROM STATEMENT_TIMESTAMP()))::bigint"
    greatest, least = "GREATEST", "LEAST"
    position = "STRPOS"

    def match_text(self, query, prefix=True):
        terms = [f"'{term}'" for term in query.terms]
        if prefix and query.prefix:
            terms[-1] += ":*"
        return " & ".join(terms)

    def search_query(self, statement):
        # As on SQLite: the last word is completed only when nothing holds it as typed.
        return (
            f"SELECT CASE WHEN EXISTS (SELECT 1 FROM {ENTRY_TABLE} WHERE vector @@"
            f" to_tsquery('simple', {statement._name('whole_words')}))"
            f" THEN to_tsquery('simple', {statement._name('whole_words')})"
            f" ELSE to_tsquery('simple', {statement._name('match')}) END AS query"
        )

    def matches(self, band, order=""):
        return (
            f"SELECT e.id, 0.0 AS rank FROM {ENTRY_TABLE} e"
            f" WHERE e.vector @@ (SELECT query FROM search_query) AND {band} {order}"
        )

    def ranked(self, window, start):
        # SQLiteIndex.ranked()'s ranks, from the words of the title (weight A) and names (B).
        return (
            "SELECT e.id, CASE WHEN ts_filter(e.vector, '{a}') @@ (SELECT query FROM search_query)"
            " THEN 0 WHEN ts_filter(e.vector, '{a,b}') @@ (SELECT query FROM search_query)"
            f" THEN 1 ELSE 2 END AS rank FROM {window} JOIN {ENTRY_TABLE} e ON e.id = {window}.id"
        )


def backend():
    return PostgreSQLIndex() if connection.vendor == "postgresql" else SQLiteIndex()


def index_object(obj):
    document = document_for(obj)
    if document is None:
        return
    values = document.entry(obj)
    if document.date_field is None:
        _store(document, obj, values)
        return
    # Two articles published in the same second by two editors at once may both find it
    # free: the second to store tries again.
    for attempt in range(3):
        try:
            with transaction.atomic():
                _store(document, obj, values)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def _store(document, obj, values):
    id = entry_id(document, obj)
    if not SearchEntry.objects.filter(kind=document.kind, object_id=obj.pk).update(id=id, **values):
        SearchEntry.objects.create(id=id, kind=document.kind, object_id=obj.pk, **values)


def index_objects(model, ids, batch_size=1000):
    """Refresh the words of `model`'s objects `ids` (say, everything a tag was on)."""
    document = next(document for document in DOCUMENTS.values() if document.model is model)
    ids = list(ids)
    for start in range(0, len(ids), batch_size):
        objects = list(document.for_index().filter(pk__in=ids[start : start + batch_size]))
        entry_ids = dict(
            SearchEntry.objects.filter(
                kind=document.kind, object_id__in=[obj.pk for obj in objects]
            ).values_list("object_id", "id")
        )
        SearchEntry.objects.bulk_create(
            [
                SearchEntry(
                    id=entry_ids.get(obj.pk) or entry_id(document, obj),
                    kind=document.kind,
                    object_id=obj.pk,
                    **document.entry(obj),
                )
                for obj in objects
            ],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["title", "names", "body", "result"],
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
    taken = set()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for document in DOCUMENTS.values():
            batch = []
            objects = document.for_index().order_by(*in_publication_order(document))
            for obj in objects.iterator(chunk_size=batch_size):
                batch.append(
                    SearchEntry(
                        id=entry_id(document, obj, taken),
                        kind=document.kind,
                        object_id=obj.pk,
                        **document.entry(obj),
                    )
                )
                if len(batch) == batch_size:
                    SearchEntry.objects.bulk_create(batch)
                    if progress is not None:
                        progress.update(len(batch))
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            if progress is not None:
                progress.update(len(batch))
        if connection.vendor == "sqlite":
            # Written row by row, the index is several b-trees that every search seeks
            # through; merged, one.
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        # Saves index one thing each and their apps name what changed; a rebuild changes all.
        changed("search")
    return total


def drift(batch_size=1000):
    """(kind, object id) of every object whose entry does not keep the result its document
    writes now (or that has no entry), in order."""
    drifted = []
    for document in DOCUMENTS.values():
        pks = list(document.model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            batch = pks[start : start + batch_size]
            stored = dict(
                SearchEntry.objects.filter(kind=document.kind, object_id__in=batch).values_list(
                    "object_id", "result"
                )
            )
            drifted += [
                (document.kind, obj.pk)
                for obj in document.model.objects.filter(pk__in=batch).order_by("pk")
                if stored.get(obj.pk, "") != document.result(obj)
            ]
    return drifted


def renumber(apps):
    """{(kind, object id): id} for every object that has an entry, its objects read as `apps`
    (a migration's) has them: the ids of an index numbered before they had an order."""
    taken = set()
    ids = {}
    for document in DOCUMENTS.values():
        model = apps.get_model(document.model._meta.label)
        objects = model.objects.only(*document.release_fields)
        for obj in objects.order_by(*in_publication_order(document)).iterator(chunk_size=5000):
            ids[document.kind, obj.pk] = entry_id(document, obj, taken)
    return ids


def in_publication_order(document):
    """An order for numbering `document`'s objects: two articles published in one second take
    it and the next in the order readers see them."""
    return [document.date_field, "pk"] if document.date_field else ["pk"]


def matching(model, text):
    """Primary keys of `model` whose entries match `text`, drafts included (for the newsroom)."""
    query = Query(text)
    document = next(document for document in DOCUMENTS.values() if document.model is model)
    if not query:
        return RawSQL(f"SELECT object_id FROM {ENTRY_TABLE} WHERE 1 = 0", [])
    index = backend()
    sql = index.matches(f"{index.row} IS NOT NULL")
    return RawSQL(
        f"WITH search_query AS ({index.query}) SELECT e.object_id FROM ({sql}) found"
        f" JOIN {ENTRY_TABLE} e ON e.id = found.id WHERE e.kind = %s",
        [index.match_text(query), document.kind],
    )


def name_rank(model, text):
    """How well the entry of each of `model`'s rows names `text`, for `.annotate()`: the rule of
    search.text.name_rank() (exact, a name begins with it, a word of a name does, elsewhere),
    read from the folded title and names the entry keeps, in the statement that lists them."""
    phrase = Query(text).phrase
    document = next(document for document in DOCUMENTS.values() if document.model is model)
    # A name is a line of `names` (see Document.entry()).
    rank = Case(
        When(Q(title=phrase) | Q(names__contains=f"\n{phrase}\n"), then=EXACT_NAME),
        When(Q(title__startswith=phrase) | Q(names__contains=f"\n{phrase}"), then=NAME_START),
        When(
            Q(title__contains=f" {phrase}") | Q(names__contains=f" {phrase}"),
            then=NAME_WORD_START,
        ),
        default=ELSEWHERE,
    )
    entries = SearchEntry.objects.filter(kind=document.kind, object_id=OuterRef("pk"))
    return Subquery(entries.annotate(rank=rank).values("rank")[:1])


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


RELEVANCE, NEWEST = "relevance", "newest"


class Ranking:
    """The one statement that counts a query's matches of every kind, names the kinds with a
    name exactly the query, and ranks one page of `kinds`. Its SQL depends on the database, the
    kinds and the order alone: it is written once per process.

    People, productions and organisations that match are all found and ranked. Articles are
    either (RELEVANCE) ranked among the newest `articles` that match, read newest first from
    the index so that it stops there, and counted up to `counted` (past it the count means
    "more"); or (NEWEST) one page of them all is read in publication order, and all are counted.
    A person's, production's or organisation's name that is exactly the query holds every word
    of it, so it is among the matches.

    Rows: (kind, count, COUNTED, ...) for each kind with matches, (kind, _, EXACT, ...) for
    each kind with an exact name, and the page's (kind, object id, HIT, position, rank, id,
    result), the result as its entry keeps it (Document.result()): the page needs no other
    query.
    """

    COUNTED, EXACT, HIT = 0, 1, 2

    def __init__(self, index, kinds, order):
        self.index = index
        # The values bound to the statement: those fixed here, by the name of their placeholder,
        # and the names of those each search brings.
        self.values = {}
        self.names = set()
        row = index.row
        articles = DOCUMENTS[SearchEntry.Kind.ARTICLE]
        withdrawn, withdrawn_params = (
            SearchEntry.objects.filter(
                kind=SearchEntry.Kind.ARTICLE, object_id__in=articles.withdrawn()
            )
            .order_by()
            .values("id")
            .query.sql_with_params()
        )
        visible, visible_params = (
            articles.visible()
            .filter(pk=RawSQL(f"SELECT object_id FROM {ENTRY_TABLE} WHERE id = {row}", ()))
            .order_by()
            .values("pk")
            .query.sql_with_params()
        )

        def released():
            # Articles readers may find: those published before this second, then the few from
            # it on, each as published() has it now.
            return f"{row} >= 1 AND {released_after_one()}"

        def released_after_one():
            # An expired article's entry keeps its place by date: the few withdrawn are read
            # once per statement and passed over.
            return (
                f"{row} < {self._value(SUBJECTS)} AND ({row} < {index.now_second}"
                f" OR EXISTS ({self._sql(visible, visible_params)}))"
                f" AND {row} NOT IN ({self._sql(withdrawn, withdrawn_params)})"
            )

        def shown():
            return ", ".join(self._value(GROUP_ORDER.index(kind)) for kind in kinds)

        def subject_band():
            return f"{row} >= {self._value(SUBJECTS)}"

        def subjects(matches):
            # A subject's group is the band its id is in (see unreleased_id()), as GROUP_ORDER
            # has the subjects' kinds after the articles: no entry to read. Read where it is
            # used: copying the ranked rows once more costs more than that.
            return (
                f" subjects AS NOT MATERIALIZED (SELECT id, rank,"
                f" (id - {self._value(SUBJECTS)}) / {self._value(BAND)} + 1 AS position"
                f" FROM {matches} WHERE id >= {self._value(SUBJECTS)}),"
            )

        def kind_of(position):
            return (
                f"CASE {position} "
                + " ".join(
                    f"WHEN {self._value(GROUP_ORDER.index(kind))} THEN {self._value(kind)}"
                    for kind in ENTITY_KINDS
                )
                + " END"
            )

        newest = f"ORDER BY {row} DESC"
        sql = f"WITH search_query AS ({index.search_query(self)}),"
        if order == NEWEST:
            sql += f" subject_window AS MATERIALIZED ({index.matches(subject_band())}),"
            sql += (
                " subject_matches AS MATERIALIZED"
                f" ({index.ranked('subject_window', '(SELECT MIN(id) FROM subject_window)')}),"
            )
            sql += subjects("subject_matches")
        else:
            # The newest articles ranked, and every subject that matches (they are few).
            sql += (
                f" newest_articles AS MATERIALIZED ({index.matches(released(), newest)}"
                f" LIMIT {self._name('articles')}),"
                f" ranked_from AS MATERIALIZED (SELECT COALESCE(MIN(id), {self._value(SUBJECTS)})"
                " AS id FROM newest_articles),"
                # In id order: newest first, FTS5 would read back past the band through every
                # article holding some of the words to find one that holds them all.
                f" window_ AS MATERIALIZED ({index.matches(subject_band())}"
                " UNION ALL SELECT id, rank FROM newest_articles),"
            )
            sql += (
                " matches AS MATERIALIZED"
                f" ({index.ranked('window_', '(SELECT id FROM ranked_from)')}),"
            )
            sql += subjects("matches")
            sql += (
                " articles AS NOT MATERIALIZED (SELECT id, rank FROM matches"
                f" WHERE id < {self._value(SUBJECTS)}),"
            )
        # A name that is exactly the query holds every word of it in the title or names: its
        # subject ranks 0 or 1.
        sql += (
            " exact AS MATERIALIZED (SELECT DISTINCT position FROM subjects WHERE rank < 2"
            f" AND EXISTS (SELECT 1 FROM {ENTRY_TABLE} named WHERE named.id = subjects.id"
            f" AND (named.title = {self._name('phrase')}"
            f" OR {index.position}(named.names, {self._name('line')}) > 0))),"
        )
        if order == NEWEST:
            sql += (
                " article_count AS MATERIALIZED (SELECT COUNT(*) AS n"
                f" FROM ({index.matches(released())}) found),"
                # The articles on earlier pages, after the exact names that come first.
                f" skipped AS MATERIALIZED (SELECT {index.greatest}(0, {index.least}("
                f"{self._name('offset')} - (SELECT COUNT(*) FROM subjects WHERE position IN"
                f" ({shown()}) AND position IN (SELECT position FROM exact)),"
                " (SELECT n FROM article_count))) AS n),"
                " articles AS MATERIALIZED (SELECT id, -id AS rank FROM"
                f" ({index.matches(released(), newest)} LIMIT {self._name('articles')}"
                " OFFSET (SELECT n FROM skipped)) slice),"
            )
        else:
            # Fewer than are ranked are all there are; else count on, to one more than counted.
            sql += (
                " article_count AS MATERIALIZED (SELECT CASE WHEN"
                f" (SELECT COUNT(*) FROM newest_articles) < {self._name('articles')}"
                " THEN (SELECT COUNT(*) FROM newest_articles) ELSE (SELECT COUNT(*) FROM"
                f" ({index.matches(released(), newest)} LIMIT {self._name('counted')}) found)"
                " END AS n),"
            )
        sql += " counted AS MATERIALIZED (SELECT "
        sql += ", ".join(
            f"COUNT(*) FILTER (WHERE position = {self._value(GROUP_ORDER.index(kind))})"
            f" AS count_{number}"
            for number, kind in enumerate(ENTITY_KINDS)
        )
        sql += " FROM subjects) "
        sql += " UNION ALL ".join(
            f"SELECT {self._value(kind)}, count_{number}, {self.COUNTED}, 0, 0.0, 0, NULL"
            " FROM counted"
            f" WHERE count_{number} > 0"
            for number, kind in enumerate(ENTITY_KINDS)
        )
        sql += (
            f" UNION ALL SELECT {self._value(SearchEntry.Kind.ARTICLE)}, n, {self.COUNTED}, 0,"
            " 0.0, 0, NULL FROM article_count WHERE n > 0"
            f" UNION ALL SELECT {kind_of('position')}, 0, {self.EXACT}, 0, 0.0, 0, NULL FROM exact"
            f" UNION ALL SELECT e.kind, e.object_id, {self.HIT}, page.placed, page.rank, page.id,"
            " e.result"
            " FROM (SELECT id, placed, rank FROM (SELECT id, CASE WHEN position IN (SELECT"
            f" position FROM exact) THEN 0 ELSE {len(GROUP_ORDER)} END + position AS placed,"
            f" rank FROM subjects WHERE position IN ({shown()})"
            f" UNION ALL SELECT id, {len(GROUP_ORDER)}, rank FROM articles) candidates"
            f" ORDER BY placed, rank, id DESC LIMIT {self._name('limit')}"
            f" OFFSET {self._name('offset')}"
        )
        if order == NEWEST:
            sql += " - (SELECT n FROM skipped)"
        sql += f") page JOIN {ENTRY_TABLE} e ON e.id = page.id"
        self.sql = sql

    def _value(self, value):
        """A placeholder for `value`, or on SQLite the value itself, as prepared queries write
        their constants (newsroom/prepared.py): only each search's values are bound, by name,
        which Django turns into SQLite's placeholders by one string formatting where positional
        ones take a regular expression over the whole statement on every run."""
        if self.index.literals:
            if isinstance(value, int):
                # In parentheses: "- -1", never "--1", a comment.
                return str(value) if value >= 0 else f"({value})"
            if isinstance(value, str):
                return "'{}'".format(value.replace("'", "''").replace("%", "%%"))
        name = f"value_{len(self.values)}"
        self.values[name] = value
        return f"%({name})s"

    def _name(self, name):
        self.names.add(name)
        return f"%({name})s"

    def _sql(self, sql, params):
        """`sql` (with positional placeholders for `params`) as this statement writes values."""
        values = iter(params)
        return PLACEHOLDER.sub(
            lambda token: token.group() if token.group() == "%%" else self._value(next(values)),
            sql,
        )

    def params(self, **values):
        """The statement's parameters, with `values` for the names: match (the query as the
        index reads it), whole_words (the same, its last word not completed), phrase and line
        (the query as a name, as a line of names), articles, counted, limit and offset."""
        return self.values | {name: values[name] for name in self.names}


@functools.cache
def ranking(vendor, kinds, order):
    return Ranking(PostgreSQLIndex() if vendor == "postgresql" else SQLiteIndex(), kinds, order)


class Results:
    """Matches for a query in `kinds`, grouped by kind, best first, for a Paginator.

    Groups come in a fixed order (articles, people, productions, organisations) except that
    people, productions and organisations whose name is exactly the query go first. Counts
    cover every kind, so a page narrowed to people can still say how many articles match.

    Articles are ranked among the newest `articles` that match (settings.SEARCH_RANKED_ARTICLES)
    and counted up to `counted` (settings.SEARCH_COUNTED_ARTICLES): a page costs the same
    however many there are. `order=NEWEST` pages through them all, newest first, instead.

    One statement ranks the matches once and answers the exact names, the counts and one
    page with what each of its results shows: a page costs one query, whatever the size of
    the newsroom.
    """

    def __init__(self, text, kinds=None, order=RELEVANCE, articles=None, counted=None):
        self.query = text if isinstance(text, Query) else Query(text)
        self.kinds = [kind for kind in kinds or SearchEntry.Kind.values if kind in DOCUMENTS]
        self.order = order
        self.ranked_articles = settings.SEARCH_RANKED_ARTICLES if articles is None else articles
        self.counted_articles = max(
            self.ranked_articles,
            settings.SEARCH_COUNTED_ARTICLES if counted is None else counted,
        )
        self._window = None
        self._counts = {}
        self._rows = []

    def fetch(self, offset, limit):
        """Count every kind's matches and keep rows [offset, offset + limit) of `kinds`."""
        self._window = (offset, limit)
        if not self.query:
            self._counts, self._rows = {}, []
            return
        statement = ranking(connection.vendor, tuple(self.kinds), self.order)
        shows_articles = SearchEntry.Kind.ARTICLE in self.kinds
        with connection.cursor() as cursor:
            cursor.execute(
                statement.sql,
                statement.params(
                    match=statement.index.match_text(self.query),
                    whole_words=statement.index.match_text(self.query, prefix=False),
                    # The name fields as documents write them: folded words, one name a line.
                    phrase=self.query.phrase,
                    line=f"\n{self.query.phrase}\n",
                    articles=(
                        (limit if self.order == NEWEST else self.ranked_articles)
                        if shows_articles
                        else 0
                    ),
                    counted=self.counted_articles + 1,
                    limit=limit,
                    offset=offset,
                ),
            )
            rows = cursor.fetchall()
        exact = {kind for kind, _count, row_kind, *_rest in rows if row_kind == Ranking.EXACT}
        order = [kind for kind in ENTITY_KINDS if kind in exact]
        order += [kind for kind in GROUP_ORDER if kind not in exact]
        counts = {
            kind: count for kind, count, row_kind, *_rest in rows if row_kind == Ranking.COUNTED
        }
        self._counts = {kind: counts[kind] for kind in order if kind in counts}
        # UNION ALL keeps no order of its own: sort the page again by position and rank,
        # then newest first.
        hits = sorted(
            (row for row in rows if row[2] == Ranking.HIT),
            key=lambda row: (row[3], row[4], -row[5]),
        )
        self._rows = [(kind, object_id, result) for kind, object_id, *_order, result in hits]

    @property
    def counts(self):
        """{kind: matches} for every kind that has any, in the order the groups are shown;
        the articles' may be `counted_articles` + 1, meaning more than counted_articles."""
        if self._window is None:
            self.fetch(0, 0)
        return self._counts

    @property
    def more_articles_than_counted(self):
        # Newest first, every article is counted.
        if self.order == NEWEST:
            return False
        return self.counts.get(SearchEntry.Kind.ARTICLE, 0) > self.counted_articles

    @property
    def article_matches(self):
        """How many articles match, or `counted_articles` when more do."""
        count = self.counts.get(SearchEntry.Kind.ARTICLE, 0)
        return self.counted_articles if self.more_articles_than_counted else count

    @property
    def ranked_among(self):
        """How many of the newest matching articles the ranking covers when it does not cover
        them all, else None."""
        if self.order != RELEVANCE or SearchEntry.Kind.ARTICLE not in self.kinds:
            return None
        if self.counts.get(SearchEntry.Kind.ARTICLE, 0) <= self.ranked_articles:
            return None
        return self.ranked_articles

    def matches(self):
        """How many things of `kinds` match (the articles as article_matches has them)."""
        return sum(
            self.article_matches if kind == SearchEntry.Kind.ARTICLE else count
            for kind, count in self.counts.items()
            if kind in self.kinds
        )

    def count(self):
        """How many results there are to page through."""
        among = self.ranked_among
        return sum(
            among if kind == SearchEntry.Kind.ARTICLE and among is not None else count
            for kind, count in self.counts.items()
            if kind in self.kinds
        )

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
        """The hits of (kind, object id, result) rows, from the results their entries keep."""
        query = self.query
        hits = []
        for kind, object_id, result in rows:
            result = json.loads(result)
            name = result["title"]
            hit = Hit(
                kind=kind,
                pk=object_id,
                name=name,
                url=result["url"],
                title=highlight(name, query),
                excerpt=excerpt(result["texts"], query),
            )
            if "date" in result:
                hit.date_iso, hit.date_day = result["date"]
            hits.append(hit)
        return hits


def search(text, kinds=None, order=RELEVANCE):
    return Results(text, kinds, order)
