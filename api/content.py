"""What the API answers with, read as rows: published articles with what they name, their
corrections and pictures; people, organisations, productions, milestones and the race.

Each list is a fixed number of queries whatever its length: a page's rows in one, then each
relation for every row of the page in one. Articles are only ever read through
`Article.objects.published()`, the rule every page follows. Each answer records the dependency
keys of what it shows (newsroom/dependencies.py), so the page cache and an HTTP cache in front
are purged when it changes, as pages are.
"""

import datetime
import functools

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from articles.changes import ANY_ARTICLE
from articles.models import Article, Correction, TaggedArticle
from newsroom.changes import SITE
from newsroom.dependencies import NEWS, TODAY, articles_key, depends_on, row_key, translations_key
from newsroom.links import absolute_url
from newsroom.models import body_images
from newsroom.prepared import PreparedQuery, Rows
from newsroom.rendering import url_pattern
from newsroom.text import image_references, sanitise_on
from people.models import Organisation, Person
from projects.models import Milestone, Project
from projects.rows import ROW_FIELDS
from projects.views import (
    KIND_LABELS,
    STATUS_LABELS,
    credits_backing_and_milestones,
    crew_and_backers,
    milestone_values,
    race_credits_backing_and_milestones,
    race_rivals,
)

from . import cursor

ARTICLE_FIELDS = (
    "slug",
    "headline",
    "standfirst",
    "body",
    "body_html",
    "published_at",
    "corrected_at",
    "language",
    "translation_of",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
)

# What an article names, by kind: its link table, the column naming the article there, and
# the name of what it links.
NAMED = {
    "tag": (TaggedArticle, "content_object_id", "tag__name"),
    "author": (Article.authors.through, "article_id", "author__name"),
    "project": (Article.projects.through, "article_id", "project__title"),
    "person": (Article.people.through, "article_id", "person__name"),
    "organisation": (Article.organisations.through, "article_id", "organisation__name"),
}
PAGES = {
    "tag": "tags:detail",
    "author": "articles:author",
    "project": "projects:detail",
    "person": "people:detail",
    "organisation": "people:organisation-detail",
}


def whole(path):
    return absolute_url(path) if path else None


def media_url(name):
    """The absolute URL of an upload stored as `name`."""
    return absolute_url(storages["default"].url(name))


def picture(name, width, height, alt, credit, caption=""):
    if not name:
        return None
    return {
        "url": media_url(name),
        "width": width or 0,
        "height": height or 0,
        "alt": alt,
        "credit": credit,
        "caption": caption,
    }


def start_of(day):
    """The first moment of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


# Articles


class ArticleFilters:
    """The filters of the article list. A subject's or tag's slug is resolved to its row, one
    query each (an unknown one is a LookupError), and names the list the answer shows."""

    SUBJECTS = {
        "person": (Person, "people", "person"),
        "organisation": (Organisation, "organisations", "organisation"),
        "production": (Project, "projects", "project"),
        "tag": (Tag, "tags", "tag"),
    }

    def __init__(self, *, language=None, published_after=None, published_before=None, **slugs):
        # {relation: the subject's pk}, in the order of SUBJECTS.
        self.subjects = {}
        self.keys = []
        for name, slug in slugs.items():
            if slug is None:
                continue
            model, relation, kind = self.SUBJECTS[name]
            found = subject_by_slug(model)(slug=slug)
            if not found:
                raise LookupError(f"No {name} has the slug {slug!r}.")
            pk = found[0]["pk"]
            self.subjects[relation] = pk
            self.keys.append(articles_key(kind, pk))
        self.language = language
        self.after = start_of(published_after) if published_after is not None else None
        self.before = start_of(published_before) if published_before is not None else None

    def list_keys(self):
        """The keys of the lists whose membership the answer shows: the subjects' lists, else
        all the news (which a date only narrows). An article's language has no list of its
        own: a language's list changes with any change to a published article."""
        keys = self.keys or [NEWS]
        if self.language is not None:
            keys = [*keys, *ANY_ARTICLE]
        return keys

    def page(self, rows, position=None):
        """values() rows of ARTICLE_FIELDS of the newest articles the filters let through
        (after `position`, (moment, pk), when given), the slice `rows` of them."""
        given = {"language": self.language, "after": self.after, "before": self.before}
        values = {name: value for name, value in given.items() if value is not None}
        query = article_list(tuple(self.subjects), frozenset(values), position is not None)
        if position is not None:
            values["moment"], values["pk"] = position
        return query(rows=rows, **values, **self.subjects)


@functools.cache
def subject_by_slug(model):
    """The prepared query of the pk of `model`'s row with a slug."""
    return PreparedQuery(
        lambda slug: model.objects.filter(slug=slug).order_by().values("pk")[:1],
        slug=models.CharField(),
    )


# Each filter of the article list, given its value.
LIST_FILTERS = {
    "language": lambda value: Q(language=value),
    "after": lambda value: Q(published_at__gte=value),
    "before": lambda value: Q(published_at__lt=value),
}
LIST_FILTER_FIELDS = {
    "language": models.CharField(),
    "after": models.DateTimeField(),
    "before": models.DateTimeField(),
}


@functools.cache
def article_list(relations, given, after_cursor):
    """The prepared query of a page of the article list filtered by the subjects `relations`
    and the LIST_FILTERS named in `given`, after a cursor's (moment, pk) when `after_cursor`:
    one per combination of filters, built the first time it is asked for."""
    fields = {name: LIST_FILTER_FIELDS[name] for name in LIST_FILTERS if name in given}
    if after_cursor:
        fields |= {"moment": models.DateTimeField(), "pk": models.BigIntegerField()}
    fields |= {relation: models.BigIntegerField() for relation in relations}

    def build(rows, **values):
        filters = Q()
        for relation in relations:
            filters &= Q(**{relation: values[relation]})
        for name, condition in LIST_FILTERS.items():
            if name in values:
                filters &= condition(values[name])
        articles = Article.objects.published().filter(filters).order_by("-published_at", "-pk")
        if after_cursor:
            moment, pk = values["moment"], values["pk"]
            articles = articles.filter(
                Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk)
            )
        return articles.values("pk", *ARTICLE_FIELDS)[rows]

    return PreparedQuery(build, rows=Rows(), **fields)


def article_page(request, filters, limit, after=None):
    """(articles, next cursor or None): the `limit` newest published articles `filters` lets
    through, after the cursor `after`."""
    position = None
    if after is not None:
        moment, pk = cursor.read("articles", after, 2)
        try:
            position = (datetime.datetime.fromisoformat(moment), int(pk))
        except (TypeError, ValueError) as error:
            raise cursor.BadCursor("This cursor is not one of this list's.") from error
    rows = filters.page(slice(0, limit + 1), position)
    more = len(rows) > limit
    rows = rows[:limit]
    depends_on(request, *filters.list_keys())
    following = None
    if more:
        last = rows[-1]
        following = cursor.make("articles", last["published_at"].isoformat(), last["pk"])
    return articles_shown(request, rows), following


def article_by_key(request, key):
    """The published article whose slug or id is `key`, as the API shows it; None if there is
    none. (A slug is never all digits: Article refuses them.)"""
    if key.isdigit():
        if int(key) >= 2**63:
            return None
        rows = article_by_id(key=int(key))
    else:
        rows = article_by_slug(key=key)
    if not rows:
        return None
    return articles_shown(request, rows)[0]


article_by_id = PreparedQuery(
    lambda key: Article.objects.published().filter(pk=key).values("pk", *ARTICLE_FIELDS)[:1],
    key=models.BigIntegerField(),
)
article_by_slug = PreparedQuery(
    lambda key: Article.objects.published().filter(slug=key).values("pk", *ARTICLE_FIELDS)[:1],
    key=models.CharField(),
)


# How many ids a query for the rows of a page is prepared for: a page's ids are made up to the
# next of these with its last id again (the same rows), so a few prepared queries serve every
# page length.
ID_COUNTS = (1, 5, 20, 50, 100)


class RowId(models.BigIntegerField):
    """An id as a page's rows read it: the database's own integer, given back unchanged."""

    def get_db_prep_value(self, value, connection, prepared=False):
        return value


class ForIds:
    """A query of the rows of a page of ids, `build(ids)` with `ids` a list of parameters,
    prepared (newsroom/prepared.py) once per count of ids in ID_COUNTS."""

    def __init__(self, build):
        self.build = build
        self.prepared = {}

    def __call__(self, ids):
        ids = list(ids)
        count = next((count for count in ID_COUNTS if count >= len(ids)), len(ids))
        query = self.prepared.get(count)
        if query is None:
            names = [f"id{position}" for position in range(count)]
            query = self.prepared[count] = PreparedQuery(
                lambda **ids: self.build([ids[name] for name in names]),
                **{name: RowId() for name in names},
            )
        ids += ids[-1:] * (count - len(ids))
        return query(**{f"id{position}": pk for position, pk in enumerate(ids)})


def _named_by(ids):
    # One compound statement cannot order its parts: each part gives the columns it is ordered
    # by, and the whole is ordered by article, kind, then those.
    first, *others = [
        # By the article's id (`article__pk`): a lookup of the link's own column would
        # read every parameter as a number when the query is built.
        through.objects.filter(**{f"{column.removesuffix('_id')}__pk__in": ids})
        .order_by()
        .values(
            of_article=F(column),
            kind=Value(kind),
            pk=F(f"{kind}_id"),
            name=F(name),
            slug=F(f"{kind}__slug"),
            order_name=Value("") if kind == "tag" else F(name),
            order_id=F("id") if kind == "tag" else F(f"{kind}_id"),
        )
        for kind, (through, column, name) in NAMED.items()
    ]
    return first.union(*others, all=True).order_by("of_article", "kind", "order_name", "order_id")


named_rows = ForIds(_named_by)


def named_by(ids):
    """{article pk: {kind: [rows]}} of what the articles `ids` name, in the article page's
    order (tags as tagged, the rest by name): one query."""
    named = {pk: {kind: [] for kind in NAMED} for pk in ids}
    for row in named_rows(ids):
        named[row["of_article"]][row["kind"]].append(row)
    return named


def _versions(originals):
    translations = Article.objects.filter(translation_of__pk__in=originals).order_by().values("pk")
    # Both sides by id, each from its own index (the originals by key, the translations by
    # the translation-per-language constraint's): put as one condition, SQLite would walk
    # every published article instead.
    return (
        Article.objects.published()
        .filter(Q(pk__in=originals) | Q(pk__in=translations))
        .order_by()
        .values("pk", "slug", "language", "translation_of")
    )


published_versions = ForIds(_versions)


def versions_of(rows):
    """{original's pk: {language: slug}} of the published versions of the articles `rows`
    (an original and its translations are a set, one article per language): one query."""
    originals = {row["translation_of"] or row["pk"] for row in rows}
    versions = {pk: {} for pk in originals}
    for version in published_versions(originals):
        original = version["translation_of"] or version["pk"]
        versions.setdefault(original, {})[version["language"]] = version["slug"]
    return versions


corrections_made = ForIds(
    lambda ids: (
        Correction.objects.filter(article__pk__in=ids)
        .order_by("made_at", "pk")
        .values("article_id", "made_at", "text_html")
    )
)


def corrections_of(ids):
    """{article pk: [corrections, oldest first]}: one query."""
    found = {pk: [] for pk in ids}
    for row in corrections_made(ids):
        found[row["article_id"]].append(row)
    return found


def articles_shown(request, rows):
    """The API's articles for values() rows of ARTICLE_FIELDS: their versions in other
    languages, what they name, corrections and pictures read for all of them at once."""
    ids = [row["pk"] for row in rows]
    if not ids:
        return []
    named = named_by(ids)
    versions = versions_of(rows)
    corrections = corrections_of(ids)
    references = {row["pk"]: sorted(image_references(row["body"])) for row in rows}
    wanted = {pk for found in references.values() for pk in found}
    # Only when some body shows one: most do not.
    images = body_images(wanted) if wanted else {}
    # Every page's URL is a path: whole at the site's address (absolute_url), read once.
    site = settings.SITE_URL
    article_url = url_pattern("articles:detail")
    pages = {kind: url_pattern(name) for kind, name in PAGES.items()}
    # (kind, pk) -> its link: made once for all the articles that name it.
    links = {}

    def subjects(kind, names):
        made = []
        for item in names[kind]:
            link = links.get((kind, item["pk"]))
            if link is None:
                link = links[kind, item["pk"]] = {
                    "name": item["name"],
                    "slug": item["slug"],
                    "url": site + pages[kind](item["slug"]),
                }
            made.append(link)
        return made

    keys = []
    shown = []
    for row in rows:
        pk = row["pk"]
        address = site + article_url(row["slug"])
        names = named[pk]
        keys += [row_key("article", pk), translations_key(row["translation_of"] or pk)]
        keys += [row_key("tag", item["pk"]) for item in names["tag"]]

        translations = {
            language: site + article_url(slug)
            for language, slug in versions[row["translation_of"] or pk].items()
            if language != row["language"]
        }
        shown.append(
            {
                "id": pk,
                "slug": row["slug"],
                "url": address,
                "headline": row["headline"],
                "standfirst": row["standfirst"],
                "body_html": sanitise_on(row["body_html"], address, site),
                "published_at": row["published_at"],
                "updated_at": row["corrected_at"] or row["published_at"],
                "language": row["language"],
                "translations": translations,
                "bylines": subjects("author", names),
                "tags": [item["name"] for item in names["tag"]],
                "tag_slugs": [item["slug"] for item in names["tag"]],
                "people": subjects("person", names),
                "organisations": subjects("organisation", names),
                "productions": subjects("project", names),
                "corrections": [
                    {
                        "made_at": correction["made_at"],
                        "text_html": sanitise_on(correction["text_html"], address, site),
                    }
                    for correction in corrections[pk]
                ],
                "lead_image": picture(
                    row["lead_image"],
                    row["lead_image_width"],
                    row["lead_image_height"],
                    row["lead_image_alt"],
                    row["lead_image_credit"],
                    row["lead_image_caption"],
                ),
                "body_images": [
                    picture(
                        image["file"],
                        image["file_width"],
                        image["file_height"],
                        image["alt"],
                        image["credit"],
                        image["caption"],
                    )
                    for image_pk in references[pk]
                    if (image := images.get(image_pk))
                ],
            }
        )
    keys += [row_key(kind, pk) for kind, pk in links]
    depends_on(request, *keys)
    return shown


# People, organisations and productions


def by_name_page(queryset, kind, name, limit, after):
    """(rows, next cursor) of a directory ordered by `name`, then id."""
    rows = queryset.order_by(name, "pk")
    if after is not None:
        last_name, pk = cursor.read(kind, after, 2)
        if not isinstance(last_name, str) or not isinstance(pk, int):
            raise cursor.BadCursor("This cursor is not one of this list's.")
        rows = rows.filter(Q(**{f"{name}__gt": last_name}) | Q(**{name: last_name, "pk__gt": pk}))
    rows = list(rows[: limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = cursor.make(kind, rows[-1][name], rows[-1]["pk"])
    return rows, following


PERSON_FIELDS = (
    "pk",
    "name",
    "slug",
    "native_name",
    "description",
    "country",
    "bio_html",
    "photo",
    "photo_width",
    "photo_height",
    "photo_alt",
    "photo_credit",
)


def person_shown(row):
    address = absolute_url(url_pattern("people:detail")(row["slug"]))
    return {
        "id": row["pk"],
        "name": row["name"],
        "slug": row["slug"],
        "url": address,
        "native_name": row["native_name"],
        "description": row["description"],
        "country": row["country"],
        "bio_html": sanitise_on(row["bio_html"], address, settings.SITE_URL),
        "photo": picture(
            row["photo"],
            row["photo_width"],
            row["photo_height"],
            row["photo_alt"],
            row["photo_credit"],
        ),
    }


def people_page(request, limit, after):
    rows, following = by_name_page(
        Person.objects.values(*PERSON_FIELDS), "people", "name", limit, after
    )
    depends_on(request, "people", *(row_key("person", row["pk"]) for row in rows))
    return [person_shown(row) for row in rows], following


def person_by_slug(request, slug):
    row = Person.objects.filter(slug=slug).values(*PERSON_FIELDS).first()
    if row is None:
        return None
    depends_on(request, row_key("person", row["pk"]))
    return person_shown(row)


ORGANISATION_FIELDS = (
    "pk",
    "name",
    "slug",
    "native_name",
    "kind",
    "country",
    "website",
    "description_html",
    "logo",
    "logo_width",
    "logo_height",
    "logo_alt",
    "logo_credit",
)


def organisation_shown(row):
    address = absolute_url(url_pattern("people:organisation-detail")(row["slug"]))
    return {
        "id": row["pk"],
        "name": row["name"],
        "slug": row["slug"],
        "url": address,
        "native_name": row["native_name"],
        "kind": row["kind"],
        "kind_label": KIND_LABELS[row["kind"]],
        "country": row["country"],
        "website": row["website"],
        "description_html": sanitise_on(row["description_html"], address, settings.SITE_URL),
        "logo": picture(
            row["logo"], row["logo_width"], row["logo_height"], row["logo_alt"], row["logo_credit"]
        ),
    }


def organisations_page(request, limit, after):
    rows, following = by_name_page(
        Organisation.objects.values(*ORGANISATION_FIELDS), "organisations", "name", limit, after
    )
    depends_on(request, "organisations", *(row_key("organisation", row["pk"]) for row in rows))
    return [organisation_shown(row) for row in rows], following


def organisation_by_slug(request, slug):
    row = Organisation.objects.filter(slug=slug).values(*ORGANISATION_FIELDS).first()
    if row is None:
        return None
    depends_on(request, row_key("organisation", row["pk"]))
    return organisation_shown(row)


PRODUCTION_FIELDS = (
    "pk",
    "title",
    "slug",
    "native_title",
    "status",
    "country",
    "logline",
    "synopsis_html",
    "poster",
    "poster_width",
    "poster_height",
    "poster_alt",
    "poster_credit",
    "rival_id",
    "rival__slug",
    "rival__title",
)


def production_shown(row):
    project_url = url_pattern("projects:detail")
    address = absolute_url(project_url(row["slug"]))
    rival = None
    if row["rival_id"]:
        rival = {
            "name": row["rival__title"],
            "slug": row["rival__slug"],
            "url": absolute_url(project_url(row["rival__slug"])),
        }
    return {
        "id": row["pk"],
        "title": row["title"],
        "slug": row["slug"],
        "url": address,
        "native_title": row["native_title"],
        "status": row["status"],
        "status_label": STATUS_LABELS[row["status"]],
        "country": row["country"],
        "logline": row["logline"],
        "synopsis_html": sanitise_on(row["synopsis_html"], address, settings.SITE_URL),
        "poster": picture(
            row["poster"],
            row["poster_width"],
            row["poster_height"],
            row["poster_alt"],
            row["poster_credit"],
        ),
        "rival": rival,
    }


def production_keys(row):
    return [row_key("project", row["pk"])] + (
        [row_key("project", row["rival_id"])] if row["rival_id"] else []
    )


def productions_page(request, limit, after):
    rows, following = by_name_page(
        Project.objects.values(*PRODUCTION_FIELDS), "productions", "title", limit, after
    )
    depends_on(request, "projects", *(key for row in rows for key in production_keys(row)))
    return [production_shown(row) for row in rows], following


def credits_shown(credits):
    return [
        {
            "role": credit["role"],
            "role_label": credit["role_label"],
            "name": credit["name"],
            "url": absolute_url(credit["url"]),
            "character": credit["character"],
        }
        for credit in credits
    ]


def backers_shown(backers):
    return [
        {"name": backer["name"], "kind_label": backer["kind_label"], "url": whole(backer["url"])}
        for backer in backers
    ]


def milestones_shown(values, today):
    """The API's milestones for values() rows of projects.rows.ROW_FIELDS, as of `today`."""
    project_url, person_url = url_pattern("projects:detail"), url_pattern("people:detail")
    shown = []
    for value, row in zip(values, Milestone.objects.rows_from(values, today), strict=True):
        claimed_by = None
        if row.claimed_by_id:
            claimed_by = {
                "name": row.claimed_by_name,
                "slug": value["claimed_by__slug"],
                "url": absolute_url(person_url(value["claimed_by__slug"])),
            }
        shown.append(
            {
                "title": row.title,
                "status": value["status"],
                "planned_for": row.event.planned,
                "happened_on": row.event.happened,
                "outcome": row.outcome,
                "slipped": row.slipped,
                "production": {
                    "name": row.project_title,
                    "slug": value["project__slug"],
                    "url": absolute_url(project_url(value["project__slug"])),
                },
                "claimed_by": claimed_by,
            }
        )
    return shown


def milestone_keys(rows):
    return [row_key("person", row["claimed_by_id"]) for row in rows if row["claimed_by_id"]]


def production_by_slug(request, slug):
    """A production with its crew, backers and milestones: two queries."""
    row = Project.objects.filter(slug=slug).values(*PRODUCTION_FIELDS).first()
    if row is None:
        return None
    parts = list(credits_backing_and_milestones(Q(project=row["pk"])))
    credits, backers, keys = crew_and_backers(parts)
    milestones = milestone_values(parts)
    today = timezone.localdate()
    depends_on(request, *production_keys(row), *keys, *milestone_keys(milestones), TODAY)
    return {
        **production_shown(row),
        "credits": credits_shown(credits),
        "backers": backers_shown(backers),
        "milestones": milestones_shown(milestones, today),
    }


# Milestones and the race


def milestones_page(request, production, limit, after):
    """(milestones, next cursor) in timeline order: by the day it happened, else the day
    promised (undated last), then as entered."""
    milestones = Milestone.objects.annotate(day=Coalesce("happened_on", "planned_for"))
    # A milestone's change names only its production's key: the whole timeline, where any
    # production's may land on this page, changes with any public change.
    keys = [SITE]
    if production is not None:
        pk = Project.objects.filter(slug=production).values_list("pk", flat=True).first()
        if pk is None:
            raise LookupError(f"No production has the slug {production!r}.")
        milestones = milestones.filter(project=pk)
        keys = [row_key("project", pk)]
    if after is not None:
        day, pk = cursor.read("milestones", after, 2)
        try:
            day = datetime.date.fromisoformat(day) if day is not None else None
            pk = int(pk)
        except (TypeError, ValueError) as error:
            raise cursor.BadCursor("This cursor is not one of this list's.") from error
        if day is None:
            milestones = milestones.filter(day__isnull=True, pk__gt=pk)
        else:
            milestones = milestones.filter(
                Q(day__gt=day) | Q(day=day, pk__gt=pk) | Q(day__isnull=True)
            )
    rows = list(
        milestones.order_by(F("day").asc(nulls_last=True), "pk").values("pk", "day", *ROW_FIELDS)[
            : limit + 1
        ]
    )
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        following = cursor.make(
            "milestones", last["day"].isoformat() if last["day"] else None, last["pk"]
        )
    depends_on(
        request,
        *keys,
        *(row_key("project", row["project_id"]) for row in rows),
        *milestone_keys(rows),
        TODAY,
    )
    return milestones_shown(rows, timezone.localdate()), following


def race(request):
    """The race page's content: the two rivals side by side, with their crews, backers and
    coverage counts, and their milestones on one timeline. No rivals: an empty race."""
    depends_on(request, "race")
    rivals = list(race_rivals())
    if len(rivals) != 2:
        return {"rivals": [], "milestones": []}
    rows = list(race_credits_backing_and_milestones())
    credits, backers, keys = crew_and_backers(rows)
    milestones = milestone_values(rows)
    coverage = [articles_key("project", rival["id"]) for rival in rivals]
    counts = Article.objects.published_counts_of_both(*coverage)
    project_url = url_pattern("projects:detail")
    sides = []
    for rival, coverage_key, count in zip(rivals, coverage, counts, strict=True):
        keys += [row_key("project", rival["id"]), coverage_key]
        address = absolute_url(project_url(rival["slug"]))
        sides.append(
            {
                "title": rival["title"],
                "slug": rival["slug"],
                "url": address,
                "native_title": rival["native_title"],
                "status": rival["status"],
                "status_label": STATUS_LABELS[rival["status"]],
                "country": rival["country"],
                "logline": rival["logline"],
                "poster": picture(
                    rival["poster"],
                    rival["poster_width"],
                    rival["poster_height"],
                    rival["poster_alt"],
                    "",
                ),
                "articles": count,
                "credits": credits_shown(
                    [credit for credit in credits if credit["project_id"] == rival["id"]]
                ),
                "backers": backers_shown(
                    [backer for backer in backers if backer["project_id"] == rival["id"]]
                ),
            }
        )
    depends_on(request, *keys, *milestone_keys(milestones), TODAY)
    return {"rivals": sides, "milestones": milestones_shown(milestones, timezone.localdate())}
