"""Prepared queries: built and compiled once, run with each request's values, and reading
rows exactly as the ORM's values() reads them, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.signals import setting_changed
from django.db import connection, models
from django.db.models import F, Value
from django.utils import timezone

from articles.models import Article, Correction, Source
from articles.tests.factories import ArticleFactory, CorrectionFactory, SourceFactory
from newsroom.prepared import Parameter, PreparedQuery, Rows

pytestmark = pytest.mark.django_db


def corrections_of(article):
    return Correction.objects.filter(article_id=article).values("made_at", "text_html", "pk")


def test_rows_are_what_values_gives_for_each_run_s_values():
    corrected, sourced = ArticleFactory(), ArticleFactory()
    CorrectionFactory(article=corrected, made_at=timezone.now() - datetime.timedelta(hours=3))
    CorrectionFactory(article=corrected)
    SourceFactory(article=sourced, as_of=datetime.date(2021, 10, 5))
    SourceFactory(article=sourced, as_of=None)
    corrections = PreparedQuery(corrections_of, article=models.BigIntegerField())
    sources = PreparedQuery(
        lambda article: Source.objects.filter(article_id=article).values("publisher", "as_of"),
        article=models.BigIntegerField(),
    )

    for article in (corrected, sourced):
        # repr(): a datetime in another time zone, or a date read as a string, would differ.
        assert repr(corrections(article=article.pk)) == repr(list(corrections_of(article.pk)))
        expected = Source.objects.filter(article=article).values("publisher", "as_of")
        assert repr(sources(article=article.pk)) == repr(list(expected))
    assert [row["made_at"].tzinfo for row in corrections(article=corrected.pk)] == [
        datetime.UTC,
        datetime.UTC,
    ]


def test_a_union_s_rows_are_what_the_orm_reads_from_it():
    article = ArticleFactory()
    CorrectionFactory(article=article)

    def moments_of(article):
        made = Correction.objects.filter(article_id=article).order_by().values(moment=F("made_at"))
        published = Article.objects.filter(pk=article).order_by().values(moment=F("published_at"))
        return made.union(published, all=True).order_by("moment")

    moments = PreparedQuery(moments_of, article=models.BigIntegerField())

    rows = moments(article=article.pk)
    assert len(rows) == 2
    assert repr(rows) == repr(list(moments_of(article.pk)))


def test_the_query_is_built_once_and_each_run_reads_its_own_values():
    first, second = ArticleFactory(headline="First"), ArticleFactory(headline="Second")
    built = []

    def headline_of(slug):
        built.append(slug)
        return Article.objects.filter(slug=slug).values("headline")

    headline = PreparedQuery(headline_of, slug=models.SlugField())

    assert headline(slug=first.slug) == [{"headline": "First"}]
    assert headline(slug=second.slug) == [{"headline": "Second"}]
    assert headline(slug="nobody-s-slug") == []
    assert len(built) == 1


def test_what_the_database_evaluates_is_evaluated_at_each_run():
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    published = PreparedQuery(
        lambda slug: Article.objects.published().filter(slug=slug).values("pk"),
        slug=models.SlugField(),
    )
    assert published(slug=article.slug) == []

    # The scheduled time comes: the compiled SQL asks the database for its clock again.
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert published(slug=article.slug) == [{"pk": article.pk}]


def test_other_databases_get_their_sql_compiled_again():
    article = ArticleFactory()
    headline = PreparedQuery(
        lambda slug: Article.objects.filter(slug=slug).values("headline"), slug=models.SlugField()
    )
    compiled = headline.compiled("default")

    # As override_settings(DATABASES=...) sends it; Django warns whoever does that.
    with pytest.warns(UserWarning, match="Overriding setting DATABASES"):
        setting_changed.send(sender=None, setting="DATABASES", value={}, enter=True)

    assert headline.compiled("default") is not compiled
    assert headline(slug=article.slug) == [{"headline": article.headline}]


def test_a_missing_or_empty_value_is_refused_with_its_name():
    headline = PreparedQuery(
        lambda slug: Article.objects.filter(slug=slug).values("headline"), slug=models.SlugField()
    )
    with pytest.raises(TypeError, match="slug"):
        headline()
    with pytest.raises(ValueError, match="slug may not be None"):
        headline(slug=None)


def test_a_slice_is_each_run_s_own_as_the_orm_would_slice():
    ArticleFactory.create_batch(7)
    newest = PreparedQuery(lambda rows: Article.objects.values("pk", "headline")[rows], rows=Rows())

    for start, stop in [(0, 3), (2, 5), (5, 20), (0, 0), (9, 12)]:
        expected = list(Article.objects.values("pk", "headline")[start:stop])
        assert newest(rows=slice(start, stop)) == expected
    with pytest.raises(ValueError, match="rows"):
        newest(rows=slice(4, 2))


def test_a_slice_in_a_subquery_takes_its_place_among_the_other_values():
    tagged = [ArticleFactory(tags=["orbit"]) for _ in range(5)]
    ArticleFactory(tags=["orbit"], headline="Not this one")
    ArticleFactory.create_batch(2, tags=["moon"])

    def tagged_after(tag, rows, headline):
        ids = Article.objects.filter(tags__name=tag).order_by("pk").values("pk")[rows]
        return Article.objects.filter(pk__in=ids).exclude(headline=headline).values("pk")

    prepared = PreparedQuery(
        tagged_after, tag=models.CharField(), rows=Rows(), headline=models.CharField()
    )

    for start, stop in [(0, 2), (1, 4), (3, 9)]:
        expected = list(tagged_after("orbit", slice(start, stop), "Not this one"))
        assert expected
        rows = prepared(tag="orbit", rows=slice(start, stop), headline="Not this one")
        assert rows == expected
    assert {row["pk"] for row in prepared(tag="orbit", rows=slice(0, 5), headline="-")} == {
        article.pk for article in tagged
    }


def test_a_slice_the_query_does_not_use_is_refused_with_its_name():
    unsliced = PreparedQuery(lambda rows: Article.objects.values("pk"), rows=Rows())
    with pytest.raises(ValueError, match="sliced once with rows"):
        unsliced(rows=slice(0, 20))


def published_with(headline, version, slug):
    return (
        Article.objects.published()
        .filter(headline=headline, version__gte=version, lead_image_credit="")
        .exclude(slug=slug)
        .exclude(headline__contains="%s")
        .order_by("pk")
        .values("pk", "headline", shown=Value(True), version_after=F("version") + 1)
    )


def test_constants_in_the_sql_compare_as_the_orm_s_bound_values_do():
    quoted = ArticleFactory.create_batch(2, headline="it's 100%")
    for headline in ("its 100", "it''s 100%%", "it's 100%s", "it's 100", "it's 100%%"):
        ArticleFactory(headline=headline)
    not_this = quoted[1].slug
    prepared = PreparedQuery(
        lambda rows, slug: published_with("it's 100%", -1, slug)[rows],
        rows=Rows(),
        slug=models.SlugField(),
    )

    rows = prepared(rows=slice(0, 5), slug=not_this)

    expected = {"pk": quoted[0].pk, "headline": "it's 100%", "shown": True}
    assert rows == [expected | {"version_after": quoted[0].version + 1}]
    assert repr(rows) == repr(list(published_with("it's 100%", -1, not_this)[0:5]))


def test_on_sqlite_only_each_run_s_values_stay_bound():
    """SQLite plans a statement again at each run when a value bound to it could change
    which partial index applies: constants written into the SQL keep one plan."""
    headline = PreparedQuery(lambda slug: published_with("Orbit", 2, slug), slug=models.SlugField())
    sql, params = headline.queryset().query.sql_with_params()

    compiled = headline.compiled("default")

    if connection.vendor == "sqlite":
        assert [type(value) for value in compiled.params.values()] == [Parameter]
        assert "'Orbit'" in compiled.sql and "'published'" in compiled.sql
        # headline__contains="%s": a LIKE pattern, its percent signs escaped for the cursor.
        assert r"LIKE '%%\%%s%%' ESCAPE" in compiled.sql
    else:
        assert list(compiled.params.values()) == list(params)
        assert compiled.sql % dict.fromkeys(compiled.params, "%s") == sql % (("%s",) * len(params))
