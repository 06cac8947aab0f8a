"""Values every public list needs, named by the dependency keys of the lists they describe:
how many published articles a list holds (for its paginator), the months with news (for the
archive), the sizes and latest change of the sitemap's article sections, each subject's
articles by publication time (for its pages), and each article's related articles.

Callers ask here and never count or rank for themselves. The values are kept at write time,
in the transaction of the change (the receivers at the end of this module), so a read costs
one query whatever the archive's size:

- ArticleTally: per list key, the number of articles with status "published", scheduled ones
  included. A read subtracts the list's scheduled articles in the same query (they are few,
  and the index article_status_published finds them), so a scheduled article joins every
  count at its time with no job to run.
- Expiry works the same way, then settles: an expired article stays counted, and a read
  subtracts it (by the database clock) until settle_expiries() takes it out of the counts,
  the list entries and the news's latest change at once (Article.expiry_settled). Reads are
  exact before and after; settling only spares them the work, so it runs when convenient:
  when the page cache finds a scheduled moment passed, when the outbox worker looks (it
  runs beside the app servers), by `manage.py settle_expiries`, and on a rebuild.
- ListEntry: each subject list's articles with status "published", by publication time, so
  a page of a subject's list is one range of an index (lists.py); scheduled ones wait there
  for their time, which the page's query compares.
- RelatedArticle: each published article's related articles, best first; TagCombination:
  each published article's tag combinations, so ranking a list, and finding the later lists
  a changed article enters, are index seeks (see _best_before and _lists_entered_by).

Paths that write in bulk without signals (the demo's generators, the archive import) run
inside `bulk()`, which rebuilds everything once at its end; `manage.py refresh_tallies` does
the same by hand.
"""

import bisect
import contextlib
import contextvars
import datetime
import itertools
from dataclasses import dataclass

from django.db import connections, models, router, transaction
from django.db.models import Count, Exists, F, Func, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Length, Now
from django.db.models.lookups import Exact, StartsWith
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from newsroom.changes import changed
from newsroom.dependencies import NEWS, articles_key, row_key
from newsroom.prepared import PreparedQuery

# The relation on Article that holds each kind of subject, as in articles_key(kind, pk).
SUBJECT_RELATIONS = {
    "tag": "tags",
    "person": "people",
    "organisation": "organisations",
    "project": "projects",
    "author": "authors",
}

# How many related articles an article shows.
RELATED = 4

PUBLISHED = "published"


def month_key(year, month=None):
    """The key of the news of one year ("news-2021") or one month ("news-2021-05")."""
    return f"{NEWS}-{year:04d}" if month is None else f"{NEWS}-{year:04d}-{month:02d}"


def _local(moment):
    # The site's own time zone, not a request's: a month's articles are the same for everyone.
    return timezone.localtime(moment, timezone.get_default_timezone())


def _month_keys(moment):
    local = _local(moment)
    return [month_key(local.year), month_key(local.year, local.month)]


def list_shape(key):
    """(shape, values) of the list `key` names: ("news", {}); ("period", {"start", "end"}) for
    a year's or a month's news; (the subject's kind, {"subject": pk}) for a subject's."""
    if key == NEWS:
        return "news", {}
    if key.startswith(f"{NEWS}-"):
        year, month = [*(int(part) for part in key.split("-")[1:]), None][:2]
        if month is None:
            start, end = datetime.datetime(year, 1, 1), datetime.datetime(year + 1, 1, 1)
        else:
            start = datetime.datetime(year, month, 1)
            end = (start + datetime.timedelta(days=32)).replace(day=1)
        zone = timezone.get_default_timezone()
        return "period", {
            "start": timezone.make_aware(start, zone),
            "end": timezone.make_aware(end, zone),
        }
    kind, pk, _ = key.split("-")
    return kind, {"subject": int(pk)}


def members(articles, shape, start=None, end=None, subject=None):
    """`articles` narrowed to a list of `shape` (see list_shape), for these values (or the
    Parameters of a prepared query)."""
    if shape == "news":
        return articles
    if shape == "period":
        return articles.filter(published_at__gte=start, published_at__lt=end)
    relation = getattr(articles.model, SUBJECT_RELATIONS[shape])
    if shape == "tag":
        links = relation.through.objects.filter(tag_id=subject, content_object=OuterRef("pk"))
    else:
        column = relation.field.m2m_reverse_name()
        links = relation.through.objects.filter(**{column: subject, "article": OuterRef("pk")})
    # Each of `articles` probes the subject's links, rather than every link the article: a
    # busy tag has thousands, the scheduled articles a read subtracts are few.
    return articles.filter(Exists(links))


def _models(apps=None):
    """Article, ArticleTally, RelatedArticle, TaggedArticle and TagCombination: as they are
    now, or as a migration's `apps` has them."""
    if apps is None:
        from .models import Article, ArticleTally, RelatedArticle, TagCombination, TaggedArticle

        return Article, ArticleTally, RelatedArticle, TaggedArticle, TagCombination
    return tuple(
        apps.get_model("articles", name)
        for name in (
            "Article",
            "ArticleTally",
            "RelatedArticle",
            "TaggedArticle",
            "TagCombination",
        )
    )


def _published(Article):
    return Article.objects.filter(status=PUBLISHED, published_at__isnull=False)


def _settles(Article):
    # A migration's Article from before expiries settled has no such field.
    return any(field.name == "expiry_settled" for field in Article._meta.get_fields())


def _counted(Article):
    """The articles the stored counts and list entries hold: with status "published", but
    for those whose expiry has settled."""
    published = _published(Article)
    return published.filter(expiry_settled=False) if _settles(Article) else published


# Reading ---------------------------------------------------------------------------------


# The values of each shape of list (see list_shape), as a prepared query's parameters.
SHAPE_FIELDS = {
    "news": {},
    "period": {"start": models.DateTimeField(), "end": models.DateTimeField()},
    **{kind: {"subject": models.BigIntegerField()} for kind in SUBJECT_RELATIONS},
}


def _count_of(shape):
    """The prepared count of a list of `shape`: its stored count less its scheduled and its
    expired articles."""
    return PreparedQuery(
        lambda key, **values: _visible_count(shape, key, **values),
        key=models.CharField(),
        **SHAPE_FIELDS[shape],
    )


def _visible_count(shape, key, **values):
    """The stored count of the list `key` (of `shape`) less its scheduled and its expired
    articles, as "visible": no row if nothing was ever stored."""
    from .models import Article, ArticleTally

    def number(articles):
        articles = members(articles, shape, **values).order_by()
        return Subquery(articles.annotate(number=Func(F("pk"), function="COUNT")).values("number"))

    # Expired articles are counted as the scheduled are, until they settle: kept in the
    # stored count and taken off on reading (by the database clock), so an expiry needs no
    # write when its time comes.
    withheld = number(Article.objects.scheduled()) + number(Article.objects.unsettled_expired())
    return ArticleTally.objects.filter(key=key).values(visible=F("count") - withheld)


_counts = {shape: _count_of(shape) for shape in SHAPE_FIELDS}


def published_count(key):
    """How many published articles the list `key` names holds (NEWS, month_key(...),
    articles_key("tag", 7)...): one query."""
    shape, values = list_shape(key)
    rows = _counts[shape](key=key, **values)
    return max(rows[0]["visible"] or 0, 0) if rows else 0


def _count_of_both(kind):
    """The prepared counts of two subjects' lists of one `kind`, in one query: a row for each
    list ever stored, `second` telling which of the two it is."""

    def build(key, subject, second_key, second_subject):
        first = _visible_count(kind, key, subject=subject).values("visible", second=Value(False))
        second = _visible_count(kind, second_key, subject=second_subject)
        return first.union(second.values("visible", second=Value(True)), all=True)

    subject = models.BigIntegerField()
    return PreparedQuery(
        build,
        key=models.CharField(),
        subject=subject,
        second_key=models.CharField(),
        second_subject=subject,
    )


_counts_of_both = {kind: _count_of_both(kind) for kind in SUBJECT_RELATIONS}


def published_counts_of_both(key, second_key):
    """(published_count(key), published_count(second_key)) of two subjects' lists of one kind
    (articles_key("project", 1), articles_key("project", 2)): one query."""
    kind, values = list_shape(key)
    second_kind, second_values = list_shape(second_key)
    if kind != second_kind or kind not in SUBJECT_RELATIONS:
        raise ValueError(f"Not two subjects' lists of one kind: {key!r}, {second_key!r}.")
    rows = _counts_of_both[kind](
        key=key,
        subject=values["subject"],
        second_key=second_key,
        second_subject=second_values["subject"],
    )
    counts = [0, 0]
    for row in rows:
        counts[bool(row["second"])] = max(row["visible"] or 0, 0)
    return tuple(counts)


class _StartsWith(StartsWith):
    """`startswith`, which SQLite answers from the column's index as a range: its LIKE ignores
    case, so no index can answer it, and a range compares bytes as the index is ordered.
    Elsewhere LIKE, which PostgreSQL answers from the `_like` index Django gives a key."""

    def as_sqlite(self, compiler, connection):
        column, params = compiler.compile(self.lhs)
        after = self.rhs[:-1] + chr(ord(self.rhs[-1]) + 1)
        return f"({column} >= %s AND {column} < %s)", [*params, self.rhs, after]


def _periods_of_news(key_length):
    """The stored counts of the years' (or the months') news, by the length of their keys,
    and the publication times of the scheduled and the expired articles, which those counts
    include."""
    from .models import Article, ArticleTally

    stored = ArticleTally.objects.filter(
        _StartsWith(F("key"), f"{NEWS}-"), Exact(Length("key"), key_length), count__gt=0
    ).values("key", "count", moment=Value(None, output_field=models.DateTimeField()))
    withheld = [
        articles.order_by().values(key=Value(""), count=Value(0), moment=F("published_at"))
        for articles in (Article.objects.scheduled(), Article.objects.unsettled_expired())
    ]
    return stored.union(*withheld, all=True)


_months = PreparedQuery(lambda: _periods_of_news(len(month_key(2000, 1))))
_years = PreparedQuery(lambda: _periods_of_news(len(month_key(2000))))


def months_with_news():
    """[(first day of the month, number of articles)] for every month with published news,
    oldest first: one query."""
    counts = {}
    for row in _months():
        if row["moment"] is None:
            _, year, month = row["key"].split("-")
            first = datetime.date(int(year), int(month), 1)
            counts[first] = counts.get(first, 0) + row["count"]
        else:
            local = _local(row["moment"])
            first = datetime.date(local.year, local.month, 1)
            counts[first] = counts.get(first, 0) - 1
    return sorted((first, count) for first, count in counts.items() if count > 0)


def years_with_news():
    """[(year, number of articles)] for every year with published news, oldest first: the
    years of months_with_news(), read from a row per year rather than per month. One query."""
    counts = {}
    for row in _years():
        if row["moment"] is None:
            year = int(row["key"].split("-")[1])
            counts[year] = counts.get(year, 0) + row["count"]
        else:
            year = _local(row["moment"]).year
            counts[year] = counts.get(year, 0) - 1
    return sorted((year, count) for year, count in counts.items() if count > 0)


def news_last_modified():
    """When the news list last changed: the latest publication or correction of a published
    article, or expiry of one (an edit that is no correction leaves the date readers see, as
    in the feeds and each sitemap entry). One query."""
    return _news_last_modified().values_list("moment", flat=True).first()


def _newest_publication():
    from .models import Article

    return Article.objects.published().order_by("-published_at").values("published_at")[:1]


def _news_last_modified():
    from .models import Article, ArticleTally

    newest = Subquery(_newest_publication())
    # An expiry changes the list at its time, with no write: the latest passed and not yet
    # settled is read here, from the few articles with one (a settled expiry is in the stored
    # value). The stored value keeps what an article added while it was visible, which its
    # expiry (or its publication, if that came later) outdoes.
    expired = (
        Article.objects.unsettled_expired()
        .annotate(left=Greatest("published_at", "expires_at"))
        .order_by("-left")
        .values("left")[:1]
    )
    moments = [F("latest"), newest, Subquery(expired)]
    # The greatest of those known: GREATEST is NULL on SQLite if any is, so each is read
    # through a COALESCE that falls back on the others.
    known = [
        Coalesce(first, *(other for other in moments if other is not first)) for first in moments
    ]
    return ArticleTally.objects.filter(key=NEWS).annotate(moment=Greatest(*known)).values("moment")


def related_ids(article):
    """The ids of the articles shown as related to `article`, best first: the published
    articles published before it that share the most tags with it, then the newest.

    Only earlier articles compete, so a new publication never changes an older article's
    list, and a visible article never lists a scheduled one (anything published before a
    visible article is visible too). A published article's list is kept at write time: one
    query. An unpublished article (a preview) is ranked as if published at its time.
    """
    from .models import RelatedArticle

    if article.status != PUBLISHED or article.pk is None:
        # Ranked as if published now at the latest, so nothing scheduled is shown.
        moment = min(article.published_at or timezone.now(), timezone.now())
        tags = set(_tags_of(article.pk).values_list("tag_id", flat=True))
        return [pk for pk, _, _ in _best_before(article.pk or 0, moment, tags)]
    rows = RelatedArticle.objects.filter(article_id=article.pk).order_by("rank")
    return list(rows.values_list("related_id", flat=True))


@dataclass(frozen=True)
class SitemapTallies:
    """What the sitemap index says of its article sections: their sizes and latest changes."""

    articles: int  # published articles: the news section's size
    authors: int  # bylines with a published article: the authors section's size
    last_changed: datetime.datetime | None  # the latest publication or correction
    last_published: datetime.datetime | None  # the latest publication


def sitemap_tallies():
    """The sizes and latest changes of the sitemap's news and authors sections (the tags
    section is dated by `last_published` too): the stored values, and the bylines with news
    (a short table) counted."""
    (row,) = _sitemap_tallies()
    return SitemapTallies(
        articles=max(row["news"] or 0, 0),
        authors=row["authors"],
        last_changed=row["last_changed"],
        last_published=row["last_published"],
    )


def _bylines_with_news():
    """The authors with a published article, counted, and the news's tallies beside them:
    one row (a count without GROUP BY), whether or not anything is stored."""
    from .models import Article, Author

    bylines = Author.objects.filter(
        Exists(Article.objects.published().filter(authors=OuterRef("pk")))
    )
    return (
        bylines.order_by()
        .annotate(authors=Func(F("pk"), function="COUNT"))
        .values(
            "authors",
            news=Subquery(_visible_count("news", NEWS)),
            last_changed=Subquery(_news_last_modified()),
            last_published=Subquery(_newest_publication()),
        )
    )


_sitemap_tallies = PreparedQuery(_bylines_with_news)


# Computing -------------------------------------------------------------------------------


def _tags_of(pk, apps=None):
    TaggedArticle = _models(apps)[3]
    return TaggedArticle.objects.filter(content_object_id=pk).values("tag_id")


def _earlier(published_at, pk, prefix="", field="pk"):
    """Articles before (published_at, pk): the same moment is broken by id."""
    return Q(**{f"{prefix}published_at__lt": published_at}) | Q(
        **{f"{prefix}published_at": published_at, f"{prefix}{field}__lt": pk or 0}
    )


def _ranked(pk, published_at, tag_ids, apps=None, visible=False):
    """[(id, shared tags, published_at)] of the best RELATED published articles before
    (published_at, pk) sharing a tag in `tag_ids`; `visible` leaves scheduled ones out.

    Read from the tag rows and the article_published_by_id index alone, never the articles'
    wide rows.
    """
    TaggedArticle = _models(apps)[3]
    rows = TaggedArticle.objects.filter(tag_id__in=tag_ids, content_object__status=PUBLISHED)
    rows = rows.filter(_earlier(published_at, pk, prefix="content_object__"))
    if visible:
        rows = rows.filter(content_object__published_at__lte=Now())
    return list(
        rows.values("content_object_id", "content_object__published_at")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-content_object__published_at", "-content_object_id")
        .values_list("content_object_id", "shared", "content_object__published_at")[:RELATED]
    )


def _subject_keys(pk):
    """The keys of the subject lists article `pk` is on, in one query."""
    from .models import Article, TaggedArticle

    links = TaggedArticle.objects.filter(content_object_id=pk).values_list(Value("tag"), "tag_id")
    for kind, relation in SUBJECT_RELATIONS.items():
        if kind != "tag":
            through = getattr(Article, relation).through
            column = getattr(Article, relation).field.m2m_reverse_name()
            links = links.union(
                through.objects.filter(article_id=pk).values_list(Value(kind), column), all=True
            )
    return [articles_key(kind, subject) for kind, subject in links]


def _links(articles, apps=None):
    """(kind, subject, article id, published_at) for every subject link of `articles` (a
    QuerySet of Article), one query."""
    Article, TaggedArticle = _models(apps)[0], _models(apps)[3]
    chosen = articles.values("pk")
    links = TaggedArticle.objects.filter(content_object__in=chosen).values_list(
        Value("tag"), "tag_id", "content_object_id", "content_object__published_at"
    )
    for kind, relation in SUBJECT_RELATIONS.items():
        if kind != "tag":
            through = getattr(Article, relation).through
            column = getattr(Article, relation).field.m2m_reverse_name()
            links = links.union(
                through.objects.filter(article__in=chosen).values_list(
                    Value(kind), column, "article_id", "article__published_at"
                ),
                all=True,
            )
    return links.order_by()


def _store_entries(pks):
    """The list entries of articles `pks` as they now stand: one for each subject link of
    each of them that has status "published"."""
    from .models import Article, ListEntry

    ListEntry.objects.filter(article_id__in=list(pks)).delete()
    ListEntry.objects.bulk_create(
        ListEntry(kind=kind, subject=subject, article_id=article, published_at=moment)
        for kind, subject, article, moment in _links(_counted(Article).filter(pk__in=list(pks)))
    )


def fill_entries(apps=None):
    """Every list entry again, from the links of the published articles (a migration passes
    its `apps`): one statement, the database copying the rows it selects."""
    Article = _models(apps)[0]
    if apps is None:
        from .models import ListEntry
    else:
        ListEntry = apps.get_model("articles", "ListEntry")
    ListEntry.objects.all().delete()
    links = _links(_counted(Article), apps)
    sql, params = links.query.sql_with_params()
    connection = connections[router.db_for_write(ListEntry)]
    name = connection.ops.quote_name
    columns = ", ".join(
        name(column) for column in ("kind", "subject", "article_id", "published_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {name(ListEntry._meta.db_table)} ({columns}) {sql}", params)


# Keeping ---------------------------------------------------------------------------------

_bulk = contextvars.ContextVar("tallies_bulk", default=False)


def in_bulk():
    """Whether the writes now running skip the per-change upkeep (see bulk())."""
    return _bulk.get()


@contextlib.contextmanager
def bulk():
    """Writes inside skip the per-change upkeep; everything is rebuilt once at the end."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)
    rebuild()


def _shift(keys, delta):
    from .models import ArticleTally

    if not keys:
        return
    if delta > 0:
        ArticleTally.objects.bulk_create(
            [ArticleTally(key=key) for key in keys], ignore_conflicts=True
        )
    ArticleTally.objects.filter(key__in=keys).update(count=F("count") + delta)


def _contribution(state):
    """What an article adds to the news list's latest modification, None while hidden: its
    publication or correction, and its expiry once settled (before, reads add that)."""
    if state is None or state["status"] != PUBLISHED or state["published_at"] is None:
        return None
    if state["published_at"] > timezone.now():
        return None
    settled = state.get("expiry_settled") and state["expires_at"]
    return max(filter(None, [state["published_at"], state["corrected_at"], settled]))


def _latest_of_news(apps=None):
    Article = _models(apps)[0]
    edited = [Coalesce("corrected_at", "published_at")]
    if _settles(Article):
        left = models.Case(models.When(expiry_settled=True, then=F("expires_at")))
        edited.append(Coalesce(left, "published_at"))
    visible = _published(Article).filter(published_at__lte=Now())
    return visible.aggregate(latest=Max(Greatest("published_at", *edited)))["latest"]


def _follow_latest(before, after):
    """Keep the news row's latest modification after one article went from `before` to
    `after` (None when hidden)."""
    from .models import ArticleTally

    if before == after:
        return
    if before is not None and (after is None or after < before):
        # The maximum falls only if this article held it: otherwise no scan.
        ArticleTally.objects.filter(key=NEWS, latest=before).update(latest=_latest_of_news())
    if after is not None:
        latest = Greatest(Coalesce("latest", Value(after)), Value(after))
        if not ArticleTally.objects.filter(key=NEWS).update(latest=latest):
            ArticleTally.objects.create(key=NEWS, latest=after)


def _recompute_related(pks, apps=None):
    """Rank again the related articles of each article in `pks`, writing only what changed."""
    Article, _, RelatedArticle, _, _ = _models(apps)
    if not pks:
        return
    articles = _published(Article).filter(pk__in=pks)
    states = dict(articles.values_list("pk", "published_at"))
    stored = {}
    for pk, related, shared, published_at in (
        RelatedArticle.objects.filter(article_id__in=pks)
        .order_by("article_id", "rank")
        .values_list("article_id", "related_id", "shared_tags", "related_published_at")
    ):
        stored.setdefault(pk, []).append((related, shared, published_at))
    gone = [pk for pk in stored if pk not in states]
    RelatedArticle.objects.filter(article_id__in=gone).delete()
    tags = _tag_sets(states, apps)
    for pk, published_at in states.items():
        ranked = _best_before(pk, published_at, tags.get(pk, set()), apps)
        if ranked == stored.get(pk, []):
            continue
        if apps is None:
            # The article's page shows the list: it is made again.
            changed(row_key("article", pk))
        RelatedArticle.objects.filter(article_id=pk).delete()
        RelatedArticle.objects.bulk_create(
            RelatedArticle(
                article_id=pk,
                related_id=related,
                rank=rank,
                shared_tags=shared,
                related_published_at=moment,
            )
            for rank, (related, shared, moment) in enumerate(ranked)
        )


# Past this many tags an article's combinations are too many to store: it has one row, "*",
# and is looked at directly by every ranking it could take part in.
WIDE = 8
WIDE_ROW = "*"


def _combination_keys(tags):
    tags = sorted(tags)
    if len(tags) > WIDE:
        return [WIDE_ROW]
    return [
        ",".join(map(str, combination))
        for size in range(1, len(tags) + 1)
        for combination in itertools.combinations(tags, size)
    ]


def _tag_sets(pks, apps=None):
    TaggedArticle = _models(apps)[3]
    tags = {}
    rows = TaggedArticle.objects.filter(content_object_id__in=list(pks))
    for pk, tag in rows.values_list("content_object_id", "tag_id"):
        tags.setdefault(pk, set()).add(tag)
    return tags


def _store_combinations(pks, apps=None):
    """The tag combinations of articles `pks` as they now stand (none unless published)."""
    Article, _, _, _, TagCombination = _models(apps)
    TagCombination.objects.filter(article_id__in=list(pks)).delete()
    states = dict(_published(Article).filter(pk__in=list(pks)).values_list("pk", "published_at"))
    tags = _tag_sets(states, apps)
    TagCombination.objects.bulk_create(
        TagCombination(article_id=pk, tags=key, published_at=published_at)
        for pk, published_at in states.items()
        if tags.get(pk)
        for key in _combination_keys(tags[pk])
    )


def _holders(key, pk, published_at, later=False, apps=None):
    """[(id, published_at)] of the RELATED articles holding the tag combination `key` nearest
    before (or after) (published_at, pk), nearest first: index seeks."""
    TagCombination = _models(apps)[4]
    rows = TagCombination.objects.filter(tags=key)
    if later:
        near = [
            rows.filter(published_at=published_at, article_id__gt=pk),
            rows.filter(published_at__gt=published_at),
        ]
        order = ("published_at", "article_id")
    else:
        near = [
            rows.filter(published_at=published_at, article_id__lt=pk),
            rows.filter(published_at__lt=published_at),
        ]
        order = ("-published_at", "-article_id")
    found = []
    for holders in near:
        if len(found) < RELATED:
            holders = holders.order_by(*order).values_list("article_id", "published_at")
            found += holders[: RELATED - len(found)]
    return found


def _best_before(pk, published_at, tags, apps=None):
    """[(id, shared tags, published_at)]: the RELATED published articles before
    (published_at, pk) sharing the most of `tags`, then the newest.

    An article C enters the list only if it is among the RELATED newest before it holding
    every tag of the exact set the two share (otherwise that many newer articles hold those
    tags too, share at least as many, and win). So the candidates are those of each
    combination of `tags`, plus the few wide articles, and ranking them is the whole work.
    """
    if not tags:
        return []
    if len(tags) > WIDE:
        return _ranked(pk, published_at, tags, apps)
    places = {}
    for key in _combination_keys(tags):
        places.update(_holders(key, pk, published_at, apps=apps))
    TagCombination = _models(apps)[4]
    wide = TagCombination.objects.filter(tags=WIDE_ROW).filter(
        _earlier(published_at, pk, field="article_id")
    )
    places.update(wide.values_list("article_id", "published_at"))
    held = _tag_sets(places, apps)
    ranked = sorted(
        (
            (len(tags & held.get(other, set())), places[other], other)
            for other in places
            if tags & held.get(other, set())
        ),
        reverse=True,
    )[:RELATED]
    return [(other, shared, moment) for shared, moment, other in ranked]


def _lists_entered_by(pk, apps=None):
    """The lists of later published articles that article `pk`, as it now stands, may enter.

    It enters a later article A's list only if, of the articles holding every tag the two
    share, fewer than RELATED lie between them: so A is among the RELATED first after it
    holding one of its tag combinations (or a wide article). Index seeks, no ranking.
    """
    Article, _, _, _, TagCombination = _models(apps)
    state = _published(Article).filter(pk=pk).values_list("published_at", flat=True).first()
    tags = _tag_sets([pk], apps).get(pk, set())
    if state is None or not tags:
        return set()
    if len(tags) > WIDE:
        return _lists_entered_by_wide(pk, state)
    lists = set()
    for key in _combination_keys(tags):
        lists.update(other for other, _ in _holders(key, pk, state, later=True, apps=apps))
    wide = TagCombination.objects.filter(tags=WIDE_ROW).exclude(
        _earlier(state, pk, field="article_id")
    )
    lists.update(wide.exclude(article_id=pk).values_list("article_id", flat=True))
    return lists


def _lists_entered_by_wide(pk, state):
    """For an article with too many tags to combine: the later lists sharing a tag with it
    that are not full or whose weakest entry it beats, in one query over their tag rows."""
    from .models import Article

    later = Q(published_at__gt=state) | Q(published_at=state, pk__gt=pk)
    weakest = models.FilteredRelation(
        "related_entries", condition=Q(related_entries__rank=RELATED - 1)
    )
    beaten = (
        Q(weakest__isnull=True)
        | Q(shared__gt=F("weakest__shared_tags"))
        | Q(shared=F("weakest__shared_tags"), weakest__related_published_at__lt=state)
        | Q(
            shared=F("weakest__shared_tags"),
            weakest__related_published_at=state,
            weakest__related_id__lt=pk,
        )
    )
    lists = (
        Article.objects.filter(later, status=PUBLISHED, taggedarticle__tag_id__in=_tags_of(pk))
        .annotate(weakest=weakest)
        .values("pk", "weakest__shared_tags", "weakest__related_published_at")
        .annotate(shared=Count("taggedarticle"))
        .filter(beaten)
        .values_list("pk", flat=True)
    )
    return set(lists)


def _showing(pks):
    from .models import RelatedArticle

    rows = RelatedArticle.objects.filter(related_id__in=pks)
    return set(rows.values_list("article_id", flat=True))


def _follow_related(pks):
    """After articles `pks` changed (tags, status, publication time): their own lists, the
    lists that showed them, and the later lists they now enter."""
    pks = set(pks)
    _store_combinations(pks)
    affected = pks | _showing(pks)
    entering = set()
    for pk in pks:
        entering |= _lists_entered_by(pk)
    _recompute_related(affected | _beaten(entering - affected, pks))


def _beaten(lists, pks):
    """Of the lists `lists`, those that one of articles `pks` now enters: not full, or their
    weakest entry (shared tags, then publication) loses to it. Three queries for them all."""
    from .models import Article, RelatedArticle

    if not lists:
        return set()
    places = dict(_published(Article).filter(pk__in=pks).values_list("pk", "published_at"))
    tags = _tag_sets(lists | set(places))
    entries = {}
    for pk, shared, moment, related in (
        RelatedArticle.objects.filter(article_id__in=lists)
        .order_by("article_id", "rank")
        .values_list("article_id", "shared_tags", "related_published_at", "related_id")
    ):
        entries.setdefault(pk, []).append((shared, moment, related))
    beaten = set()
    for pk in lists:
        listed = entries.get(pk, [])
        for other, moment in places.items():
            shared = len(tags.get(pk, set()) & tags.get(other, set()))
            if shared and (len(listed) < RELATED or (shared, moment, other) > listed[-1]):
                beaten.add(pk)
    return beaten


# (rebuild, drift) of the write-time values apps above articles keep beside the tallies.
_kept_alongside = []


def keep_with_tallies(rebuild, drift):
    """Have `rebuild()` run whenever the tallies are rebuilt (after bulk writes, by
    `refresh_tallies`), and `drift()` (a list of what differs, [] if nothing) report with
    theirs (`refresh_tallies --check`): for values an app above articles keeps."""
    if (rebuild, drift) not in _kept_alongside:
        _kept_alongside.append((rebuild, drift))


def drift_alongside():
    """[(the rebuild's module name, what its drift() reports)] of the values kept alongside."""
    return [(rebuild.__module__, drift()) for rebuild, drift in _kept_alongside]


def rebuild(apps=None):
    """Every stored value computed again from the articles: for bulk writes that skip
    signals, and to repair drift (`manage.py refresh_tallies`). A migration passes its
    `apps`; the cards, which came later, are filled by their own migration."""
    from . import cards

    Article, ArticleTally, RelatedArticle, _, TagCombination = _models(apps)
    with transaction.atomic():
        if apps is None:
            from .models import unsettled_expired_ids

            cards.rebuild()
            # Counted again from scratch: the expiries due settle on the way.
            Article.objects.filter(pk__in=unsettled_expired_ids()).update(expiry_settled=True)
        ArticleTally.objects.all().delete()
        ArticleTally.objects.bulk_create(
            (ArticleTally(key=key, count=count) for key, count in stored_counts(apps).items()),
            batch_size=1000,
        )
        ArticleTally.objects.filter(key=NEWS).update(latest=_latest_of_news(apps))
        TagCombination.objects.all().delete()
        related = all_related(apps, combinations=TagCombination)
        RelatedArticle.objects.all().delete()
        RelatedArticle.objects.bulk_create(
            (
                RelatedArticle(
                    article_id=pk,
                    related_id=related,
                    rank=rank,
                    shared_tags=shared,
                    related_published_at=moment,
                )
                for pk, ranked in related.items()
                for rank, (related, shared, moment) in enumerate(ranked)
            ),
            batch_size=1000,
        )
    if apps is None:
        # Migrations that fill the feed entries and the list entries run after the ones that
        # made their tables.
        from . import feed_entries

        feed_entries.rebuild()
        fill_entries()
        for rebuild_alongside, _ in _kept_alongside:
            rebuild_alongside()


def all_related(apps=None, combinations=None):
    """{id: [(related id, shared tags, published_at)]} for every published article, ranked
    in memory the way _best_before ranks one, without a query per article. Given the
    TagCombination model, it stores every article's combinations on the way."""
    Article, _, _, TaggedArticle, _ = _models(apps)
    published = _published(Article)
    places = dict(published.values_list("pk", "published_at").iterator())
    tags = {}
    tagged = TaggedArticle.objects.filter(content_object_id__in=published.values("pk"))
    for pk, tag in tagged.values_list("content_object_id", "tag_id").iterator():
        tags.setdefault(pk, set()).add(tag)
    holding = {}
    order = sorted(places, key=lambda pk: (places[pk], pk))
    for pk in order:
        for key in _combination_keys(tags.get(pk, ())) if tags.get(pk) else []:
            holding.setdefault(key, []).append((places[pk], pk))
    if combinations is not None:
        combinations.objects.bulk_create(
            (
                combinations(article_id=pk, tags=key, published_at=moment)
                for key, holders in holding.items()
                for moment, pk in holders
            ),
            batch_size=2000,
        )
    wide = holding.get(WIDE_ROW, [])
    related = {}
    for pk in order:
        mine = tags.get(pk, set())
        place = (places[pk], pk)
        if len(mine) > WIDE:
            related[pk] = _ranked(pk, places[pk], mine, apps)
            continue
        candidates = {other for moment, other in wide if (moment, other) < place}
        for key in _combination_keys(mine) if mine else []:
            holders = holding[key]
            before = bisect.bisect_left(holders, place)
            candidates.update(other for _, other in holders[max(0, before - RELATED) : before])
        ranked = sorted(
            (
                (len(mine & tags[other]), places[other], other)
                for other in candidates
                if mine & tags[other]
            ),
            reverse=True,
        )[:RELATED]
        related[pk] = [(other, shared, moment) for shared, moment, other in ranked]
    return related


def stored_counts(apps=None):
    """{key: number of articles with status "published", less those whose expiry has
    settled} for every list, counted directly."""
    Article, _, _, TaggedArticle, _ = _models(apps)
    published = _counted(Article)
    counts = {NEWS: 0}
    for published_at in published.values_list("published_at", flat=True).iterator():
        counts[NEWS] += 1
        for key in _month_keys(published_at):
            counts[key] = counts.get(key, 0) + 1
    tagged = TaggedArticle.objects.filter(content_object__in=published).values("tag_id")
    for tag, count in tagged.annotate(number=Count("pk")).values_list("tag_id", "number"):
        counts[articles_key("tag", tag)] = count
    for kind, relation in SUBJECT_RELATIONS.items():
        if kind == "tag":
            continue
        through = getattr(Article, relation).through
        column = getattr(Article, relation).field.m2m_reverse_name()
        rows = through.objects.filter(article__in=published).values(column)
        for subject, count in rows.annotate(number=Count("pk")).values_list(column, "number"):
            counts[articles_key(kind, subject)] = count
    return counts


def drift():
    """The keys whose stored count differs from a direct count, and the articles whose stored
    related list differs from a fresh ranking: what `refresh_tallies --check` reports."""
    from .models import ArticleTally, RelatedArticle

    expected = {key: count for key, count in stored_counts().items() if count}
    stored = dict(ArticleTally.objects.filter(count__gt=0).values_list("key", "count"))
    keys = sorted(
        key for key in expected.keys() | stored.keys() if expected.get(key) != stored.get(key)
    )
    rows = {}
    for pk, related in RelatedArticle.objects.order_by("article_id", "rank").values_list(
        "article_id", "related_id"
    ):
        rows.setdefault(pk, []).append(related)
    ranked = {pk: [related for related, _, _ in entries] for pk, entries in all_related().items()}
    lists = sorted(
        pk for pk in ranked.keys() | rows.keys() if ranked.get(pk, []) != rows.get(pk, [])
    )
    return keys, lists


def expected_entries():
    """{(kind, subject): {(article id, published_at)}} of every subject list, from the links."""
    from .models import Article

    entries = {}
    for kind, subject, article, moment in _links(_counted(Article)).iterator():
        entries.setdefault((kind, subject), set()).add((article, moment))
    return entries


def drifted_entries():
    """The keys of the subject lists whose stored entries differ from their links: what
    `refresh_tallies --check` reports."""
    from .models import ListEntry

    stored = {}
    rows = ListEntry.objects.values_list("kind", "subject", "article_id", "published_at")
    for kind, subject, article, moment in rows.iterator():
        stored.setdefault((kind, subject), []).append((article, moment))
    expected = expected_entries()
    return sorted(
        articles_key(kind, subject)
        for kind, subject in expected.keys() | stored.keys()
        if sorted(expected.get((kind, subject), ())) != sorted(stored.get((kind, subject), ()))
    )


def settle_expiries():
    """Take the articles whose expiry has passed (by the database clock) out of the stored
    counts, list entries and the news's latest change, once: reads stop subtracting them.
    Returns how many settled. Exact at every moment: before, reads take them off; after, the
    stored values no longer hold them. Two workers settling at once take turns on the rows."""
    from .models import Article, unsettled_expired_ids

    fields = ("pk", "status", "published_at", "corrected_at", "expires_at")
    with transaction.atomic():
        due = Article.objects.filter(pk__in=unsettled_expired_ids()).select_for_update()
        rows = list(due.filter(expires_at__lte=Now(), expiry_settled=False).values(*fields))
        if not rows:
            return 0
        Article.objects.filter(pk__in=[row["pk"] for row in rows]).update(expiry_settled=True)
        if _bulk.get():
            return len(rows)
        counted = []
        for row in rows:
            before = {**row, "expiry_settled": False}
            if _list_keys(before):
                counted.append(row["pk"])
                _shift(sorted(_list_keys(before) | set(_subject_keys(row["pk"]))), -1)
            _follow_latest(_contribution(before), _contribution({**row, "expiry_settled": True}))
        _store_entries(counted)
    return len(rows)


# Receivers -------------------------------------------------------------------------------


def _state(article):
    # What the row now holds: a time given as text (fixtures, the shell) is read as it was saved.
    return {"status": article.status, "expiry_settled": article.expiry_settled} | {
        field: article._meta.get_field(field).to_python(getattr(article, field))
        for field in ("published_at", "corrected_at", "expires_at")
    }


def _is_published(state):
    return state is not None and state["status"] == PUBLISHED and state["published_at"] is not None


def _list_keys(state):
    """The keys of the news lists an article in `state` counts in (subjects aside): none once
    its expiry has settled."""
    if not _is_published(state) or state["expiry_settled"]:
        return set()
    return {NEWS, *_month_keys(state["published_at"])}


def note_article_before(sender, instance, raw, **kwargs):
    if raw or _bulk.get():
        return
    instance.stored_before()


def follow_article_save(sender, instance, raw, **kwargs):
    if raw or _bulk.get():
        return
    before = instance.stored_before()
    after = _state(instance)
    _shift(sorted(_list_keys(before) - _list_keys(after)), -1)
    _shift(sorted(_list_keys(after) - _list_keys(before)), +1)
    was_counted, is_counted = bool(_list_keys(before)), bool(_list_keys(after))
    if was_counted != is_counted and before is not None:
        _shift(sorted(_subject_keys(instance.pk)), +1 if is_counted else -1)
    _follow_latest(_contribution(before), _contribution(after))
    moved = before is None or any(
        before[field] != after[field] for field in ("status", "published_at")
    )
    unsettled = before is not None and before["expiry_settled"] != after["expiry_settled"]
    if (moved or unsettled) and (was_counted or is_counted):
        _store_entries({instance.pk})
    # Related lists rank every article with status "published", its expiry settled or not.
    if moved and (_is_published(before) or _is_published(after)):
        _follow_related({instance.pk})


def note_correction(pk, corrected_before):
    """Article `pk`'s latest correction moved from `corrected_before` (set by a query,
    without a save)."""
    from .models import Article

    if _bulk.get():
        return
    state = Article.objects.filter(pk=pk).values(
        "status", "published_at", "corrected_at", "expires_at", "expiry_settled"
    )
    after = state.first()
    if after is None:
        return
    before = {**after, "corrected_at": corrected_before}
    _follow_latest(_contribution(before), _contribution(after))


def note_article_deleted(sender, instance, **kwargs):
    if _bulk.get():
        return
    before = _state(instance)
    if _list_keys(before):
        _shift(sorted(_list_keys(before) | set(_subject_keys(instance.pk))), -1)
    instance._tallies_showing = _showing({instance.pk}) - {instance.pk}
    instance._tallies_contribution = _contribution(before)


def follow_article_delete(sender, instance, **kwargs):
    if _bulk.get():
        return
    _follow_latest(instance.__dict__.pop("_tallies_contribution", None), None)
    _recompute_related(instance.__dict__.pop("_tallies_showing", set()))


def _kind_of_link(sender):
    from .models import Article, TaggedArticle

    if sender is TaggedArticle:
        return "tag"
    for kind, relation in SUBJECT_RELATIONS.items():
        if kind != "tag" and sender is getattr(Article, relation).through:
            return kind
    return None


def follow_links(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Subjects, bylines or tags set on or taken off articles, from either side."""
    from .models import Article

    kind = _kind_of_link(sender)
    if kind is None or _bulk.get():
        return
    if action == "pre_clear":
        # Which links go can only be read before the rows do.
        instance._tallies_cleared = _linked(kind, instance, reverse)
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_tallies_cleared", set())
    elif action == "pre_remove" and kind != "tag":
        # Django names what it was asked to take off; only the links that exist go.
        instance._tallies_removed = _linked(kind, instance, reverse, among=pk_set)
        return
    elif action == "post_remove" and kind != "tag":
        pk_set = instance.__dict__.pop("_tallies_removed", set())
    elif action not in {"post_add", "post_remove"}:
        return
    if not pk_set:
        return
    delta = +1 if action == "post_add" else -1
    published = _published(Article)
    if reverse:
        counted = _counted(Article).filter(pk__in=pk_set).count()
        _shift([articles_key(kind, instance.pk)], delta * counted)
        articles = set(pk_set)
    else:
        counted = _counted(Article).filter(pk=instance.pk).exists()
        if counted:
            _shift(sorted(articles_key(kind, pk) for pk in pk_set), delta)
        articles = {instance.pk}
    if counted:
        _store_entries(articles)
    if kind == "tag":
        _follow_related(set(published.filter(pk__in=articles).values_list("pk", flat=True)))


def _linked(kind, instance, reverse, among=None):
    """The ids on the other side of `instance`'s links of `kind` (of those in `among`)."""
    from .models import Article, TaggedArticle

    if kind == "tag":
        mine, other = (
            ("tag_id", "content_object_id") if reverse else ("content_object_id", "tag_id")
        )
        through = TaggedArticle
    else:
        subject_column = getattr(Article, SUBJECT_RELATIONS[kind]).field.m2m_reverse_name()
        mine, other = (subject_column, "article_id") if reverse else ("article_id", subject_column)
        through = getattr(Article, SUBJECT_RELATIONS[kind]).through
    rows = through.objects.filter(**{mine: instance.pk})
    if among is not None:
        rows = rows.filter(**{f"{other}__in": list(among)})
    return set(rows.values_list(other, flat=True))


def note_subject_deleted(sender, instance, **kwargs):
    """A deleted tag or byline takes its links with it, unsignalled: the articles that lose a
    tag are ranked again, and the subject's own count and list entries go."""
    from .models import ArticleTally, ListEntry, TaggedArticle

    if _bulk.get():
        return
    kind = "tag" if sender._meta.model_name == "tag" else sender._meta.model_name
    if kind == "tag":
        rows = TaggedArticle.objects.filter(tag_id=instance.pk)
        instance._tallies_tagged = set(rows.values_list("content_object_id", flat=True))
    ArticleTally.objects.filter(key=articles_key(kind, instance.pk)).delete()
    ListEntry.objects.filter(kind=kind, subject=instance.pk).delete()


def follow_subject_delete(sender, instance, **kwargs):
    from .models import Article

    if _bulk.get():
        return
    tagged = instance.__dict__.pop("_tallies_tagged", set())
    if tagged:
        published = Article.objects.filter(status=PUBLISHED, pk__in=tagged)
        _follow_related(set(published.values_list("pk", flat=True)))


def connect():
    """Called by the app's ready(): the upkeep follows every change of an article, its links,
    and the subjects and tags they point at."""
    from taggit.models import Tag

    from people.models import Organisation, Person
    from projects.models import Project

    from .models import Article, Author, TaggedArticle

    pre_save.connect(note_article_before, sender=Article, dispatch_uid="tallies-before")
    post_save.connect(follow_article_save, sender=Article, dispatch_uid="tallies-save")
    pre_delete.connect(note_article_deleted, sender=Article, dispatch_uid="tallies-deleted")
    post_delete.connect(follow_article_delete, sender=Article, dispatch_uid="tallies-delete")
    for through in [
        TaggedArticle,
        *(
            getattr(Article, relation).through
            for kind, relation in SUBJECT_RELATIONS.items()
            if kind != "tag"
        ),
    ]:
        m2m_changed.connect(follow_links, sender=through, dispatch_uid=f"tallies-{through}")
    for subject in (Tag, Author, Person, Organisation, Project):
        pre_delete.connect(note_subject_deleted, sender=subject, dispatch_uid=f"tallies-{subject}")
        post_delete.connect(
            follow_subject_delete, sender=subject, dispatch_uid=f"tallies-gone-{subject}"
        )
