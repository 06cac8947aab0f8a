"""Queries a page runs on every request, compiled to SQL once per process.

For the small queries of a page, building a QuerySet and compiling it costs several times
what the database takes to answer it. A `PreparedQuery` builds its QuerySet once, with a
`Parameter` wherever a value changes from one request to the next, compiles it once for
each database alias, and then only runs that SQL with the values given. Rows come back as
`values()` would give them: dicts, each column through Django's converters for its field,
so dates and times are exactly what the ORM reads.

Everything else in the QuerySet is fixed when it is compiled; expressions the database
evaluates (`Now()`) are evaluated on each run, values computed in Python are not.

A slice may change from run to run too (`Rows`): Django writes LIMIT and OFFSET into the SQL
as numbers, so the query is built with bounds no page uses, and those numbers are turned into
placeholders in the compiled SQL, in a subquery as well as at the end.

On SQLite the query's constants (a status, an empty string) are written into the compiled
SQL, and only each run's values are bound: SQLite plans a statement again at every run when
a value bound to it could decide whether a partial index applies, which costs more than the
query itself.

The compiled SQL names its placeholders (`%(p0)s`, Django's "pyformat" style) and each run
binds a dict: the SQLite backend turns positional `%s` into `?` with a regular expression
over the whole statement on every run, which costs more than a small query takes to answer;
named ones it converts by one string formatting.
"""

import itertools
import re

from django.core.signals import setting_changed
from django.db import connections, router
from django.db.models import Expression
from django.dispatch import receiver

# (prepared query, alias) -> Compiled; emptied when the databases change (in tests).
_compiled = {}


class Parameter(Expression):
    """A value given each time a prepared query runs, named as the query's argument."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        # The placeholder's value is this parameter, until a run puts the real value there.
        return "%s", [self]

    def __repr__(self):
        return f"Parameter({self.name!r})"


class Rows:
    """A slice given each time a prepared query runs (a page of a list): `build` receives a
    `slice` and slices the QuerySet (or a subquery of it) with it, once; a run gives a
    `slice(start, stop)` with both bounds.

        page = PreparedQuery(lambda rows: Article.objects.values("pk")[rows], rows=Rows())
        rows = page(rows=slice(40, 60))
    """

    # Bounds no list reaches, each Rows its own, so the numbers are found only where the
    # slice put them.
    _numbers = itertools.count(7_340_033_001, 1_000_003)

    def placeholder(self):
        start = next(self._numbers)
        return slice(start, start + next(self._numbers))


class Bound:
    """Where a slice's LIMIT or OFFSET goes among a compiled query's parameters."""

    __slots__ = ("name", "part")

    def __init__(self, name, part):
        self.name = name
        self.part = part


# A placeholder or an escaped percent sign: what the backends read in compiled SQL.
_PLACEHOLDERS = re.compile("%[%s]")


def _bind_slices(sql, params, slices):
    """`sql` and `params` with each {name: placeholder slice}'s numbers made placeholders."""
    for name, window in slices.items():
        clause = f"LIMIT {window.stop - window.start} OFFSET {window.start}"
        found = [match.start() for match in re.finditer(re.escape(clause), sql)]
        if len(found) != 1:
            raise ValueError(f"The query must be sliced once with {name}; its SQL is {sql}")
        at = found[0]
        position = sum(1 for token in _PLACEHOLDERS.findall(sql, 0, at) if token == "%s")
        sql = f"{sql[:at]}LIMIT %s OFFSET %s{sql[at + len(clause) :]}"
        params[position:position] = [Bound(name, "limit"), Bound(name, "offset")]
    return sql, params


def _literal(value):
    """`value` as an SQLite literal in SQL that still goes through `%s` formatting, or None
    for a value that stays bound."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int) and -(2**63) <= value < 2**63:
        # In parentheses: "- -1", never "--1", a comment.
        return str(int(value)) if value >= 0 else f"({int(value)})"
    if isinstance(value, str) and "\x00" not in value:
        return "'{}'".format(str.replace(value, "'", "''").replace("%", "%%"))
    return None


def _write_constants(sql, params):
    """`sql` and `params` with each constant that has an SQLite literal written in its place."""
    tokens = [match for match in _PLACEHOLDERS.finditer(sql) if match.group() == "%s"]
    if len(tokens) != len(params):
        raise ValueError(f"{len(params)} values for {len(tokens)} placeholders in {sql}")
    parts, bound, written = [], [], 0
    for token, value in zip(tokens, params, strict=True):
        literal = None if isinstance(value, (Parameter, Bound)) else _literal(value)
        if literal is None:
            bound.append(value)
        else:
            parts += [sql[written : token.start()], literal]
            written = token.end()
    parts.append(sql[written:])
    return "".join(parts), bound


def _name_placeholders(sql, params):
    """`sql` with its placeholders named p0, p1... in order, and `params` as {name: value}."""
    parts, named, written = [], {}, 0
    for token in _PLACEHOLDERS.finditer(sql):
        if token.group() == "%s":
            name = f"p{len(named)}"
            parts += [sql[written : token.start()], f"%({name})s"]
            written = token.end()
            named[name] = params[len(named)]
    if len(named) != len(params):
        raise ValueError(f"{len(params)} values for {len(named)} placeholders in {sql}")
    parts.append(sql[written:])
    return "".join(parts), named


class Compiled:
    """A query's SQL for one database, where its parameters go, and how to read its rows."""

    __slots__ = ("sql", "params", "slots", "names", "converters")

    def __init__(self, queryset, alias, slices):
        query = queryset.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        self.sql, self.params = _bind_slices(sql, list(params), slices)
        if connections[alias].vendor == "sqlite":
            self.sql, self.params = _write_constants(self.sql, self.params)
        self.sql, self.params = _name_placeholders(self.sql, self.params)
        self.slots = [
            (name, value)
            for name, value in self.params.items()
            if isinstance(value, (Parameter, Bound))
        ]
        # The names and converters ValuesIterable and results_iter() use.
        if query.selected:
            self.names = list(query.selected)
        else:
            self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        # The converters of the connection compiled on serve every connection to the alias:
        # they read only the settings those connections share (USE_TZ, the alias's TIME_ZONE).
        selected = [column for column, _, _ in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(selected).items())


class PreparedQuery:
    """`build(**parameters)` returns a values() QuerySet; `fields` gives each parameter's
    model field, which prepares its values for the database as a lookup on that field would.

        article_by_slug = PreparedQuery(
            lambda slug: Article.objects.filter(slug=slug).values("pk", "headline"),
            slug=models.SlugField(),
        )
        rows = article_by_slug(slug="first-film-in-orbit")

    A value may not be None: the SQL was written for a value (`= %s`), not for `IS NULL`.
    A `Rows()` in place of a field makes that parameter a slice (see Rows).
    """

    def __init__(self, build, **fields):
        self.build = build
        self.fields = fields
        self._queryset = None
        self._slices = {}

    def queryset(self):
        if self._queryset is None:
            parameters = {}
            for name, field in self.fields.items():
                if isinstance(field, Rows):
                    parameters[name] = self._slices[name] = field.placeholder()
                else:
                    parameters[name] = Parameter(name, field)
            self._queryset = self.build(**parameters)
        return self._queryset

    def compiled(self, alias):
        key = (self, alias)
        compiled = _compiled.get(key)
        if compiled is None:
            compiled = _compiled[key] = Compiled(self.queryset(), alias, self._slices)
        return compiled

    def __call__(self, using=None, **values):
        """The rows for these parameter values, as dicts."""
        if values.keys() != self.fields.keys():
            raise TypeError(f"Expected the values of {sorted(self.fields)}, got {sorted(values)}.")
        alias = using or router.db_for_read(self.queryset().model)
        connection = connections[alias]
        compiled = self.compiled(alias)
        params = dict(compiled.params)
        for name, parameter in compiled.slots:
            value = values[parameter.name]
            if value is None:
                raise ValueError(f"{parameter.name} may not be None in a prepared query.")
            if isinstance(parameter, Bound):
                start, stop = int(value.start), int(value.stop)
                if not 0 <= start <= stop:
                    raise ValueError(f"{parameter.name} must run from 0 up, not {value}.")
                params[name] = stop - start if parameter.part == "limit" else start
            else:
                params[name] = parameter.output_field.get_db_prep_value(value, connection)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        names = compiled.names
        if compiled.converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for position, (converters, expression) in compiled.converters:
                    value = row[position]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[position] = value
        return [dict(zip(names, row, strict=True)) for row in rows]


@receiver(setting_changed)
def forget_compiled_queries(*, setting, **kwargs):
    """Other databases (or the same under other settings) may need other SQL."""
    if setting in {"DATABASES", "TIME_ZONE", "USE_TZ"}:
        _compiled.clear()
