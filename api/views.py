"""The read-only content API at /api/v1/ (django-ninja), and the page describing it.

Only published content, by the rule every page follows. Answers are public JSON pages to the
site's caches: the page cache stores them with the dependency keys they record and a change
purges them, an HTTP cache in front keeps them by the same surrogate keys, and every answer has
an ETag (ConditionalGetMiddleware), so a client asking again with If-None-Match gets 304.
"""

import datetime
import functools
from typing import Literal

from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.errors import HttpError

from articles.models import Article

from . import content, cursor, schemas
from .limits import PerClientLimit

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class ContentAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Public and read-only, with no cookie or credential read: a page on another site may
        # read it as any reader can.
        response["Access-Control-Allow-Origin"] = "*"
        return response


api = ContentAPI(
    title="Space Cinema content API",
    version="1",
    description=(
        "Read-only: the published articles of Space Cinema, the people, organisations and "
        "productions they cover, the milestones and the race. Lists are newest first (or by "
        "name), in pages: follow next_cursor. Every answer carries an ETag; ask again with "
        "If-None-Match to get 304 Not Modified. Requests are limited per client address: "
        "past the limit, 429 with Retry-After."
    ),
    urls_namespace="api",
    # Its own page, within the site's Content Security Policy: see `docs` below.
    docs_url=None,
    throttle=[PerClientLimit()],
)

Language = Literal[tuple(Article.Language.values)]
Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
Cursor = Query(None, description="`next_cursor` of the page before.", max_length=500)
# Letters (any script), digits, hyphens and underscores: a slug, and never a character the
# database refuses in a query (PostgreSQL: NUL).
SLUG = r"^[-\w]+$"
BY_PERSON = Query(None, description="A person's slug: articles about them.", pattern=SLUG)
BY_ORGANISATION = Query(None, description="An organisation's slug.", pattern=SLUG)
BY_PRODUCTION = Query(None, description="A production's slug.", pattern=SLUG)
BY_TAG = Query(None, description="A tag's slug.", pattern=SLUG)
PUBLISHED_AFTER = Query(None, description="Published on this date (site's time zone) or later.")
PUBLISHED_BEFORE = Query(None, description="Published before this date (site's time zone).")
IN_LANGUAGE = Query(None, description='"en" or "ru".')
OF_PRODUCTION = Query(None, description="A production's slug: its milestones.", pattern=SLUG)
NOT_FOUND = {404: schemas.Message}
LISTED = {400: schemas.Message, 404: schemas.Message}


@api.exception_handler(cursor.BadCursor)
def bad_cursor(request, error):
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(LookupError)
def unknown_subject(request, error):
    return api.create_response(request, {"detail": str(error.args[0])}, status=404)


def found(answer, what):
    if answer is None:
        raise HttpError(404, f"No {what} is published at this address.")
    return answer


def as_declared(request, answer):
    """`answer`, built by content.py in its operation's declared shape, as the response: an
    HttpResponse is returned as it is, so django-ninja does not validate it again. Articles
    are the largest answers; tests hold them to their schema."""
    return api.create_response(request, answer, status=200)


@api.get("/articles/", response={200: schemas.ArticlePage, **LISTED}, tags=["articles"])
def articles(
    request,
    person: str | None = BY_PERSON,
    organisation: str | None = BY_ORGANISATION,
    production: str | None = BY_PRODUCTION,
    tag: str | None = BY_TAG,
    published_after: datetime.date | None = PUBLISHED_AFTER,
    published_before: datetime.date | None = PUBLISHED_BEFORE,
    language: Language | None = IN_LANGUAGE,
    limit: int = Limit,
    cursor: str | None = Cursor,
):
    """Published articles, newest first, with what each names, its corrections and pictures.
    Filters combine: an article must match them all."""
    if published_after and published_before and published_after >= published_before:
        raise HttpError(400, "published_after must be earlier than published_before.")
    filters = content.ArticleFilters(
        person=person,
        organisation=organisation,
        production=production,
        tag=tag,
        language=language,
        published_after=published_after,
        published_before=published_before,
    )
    items, following = content.article_page(request, filters, limit, cursor)
    return as_declared(request, {"items": items, "next_cursor": following})


@api.get("/articles/{key}/", response={200: schemas.Article, **NOT_FOUND}, tags=["articles"])
def article(request, key: str):
    """One published article, by its slug or its id."""
    return as_declared(request, found(content.article_by_key(request, key), "article"))


@api.get("/people/", response=schemas.PersonPage, tags=["subjects"])
def people(request, limit: int = Limit, cursor: str | None = Cursor):
    """Everyone the newsroom covers, by name."""
    items, following = content.people_page(request, limit, cursor)
    return {"items": items, "next_cursor": following}


@api.get("/people/{slug}/", response={200: schemas.Person, **NOT_FOUND}, tags=["subjects"])
def person(request, slug: str):
    return found(content.person_by_slug(request, slug), "person")


@api.get("/organisations/", response=schemas.OrganisationPage, tags=["subjects"])
def organisations(request, limit: int = Limit, cursor: str | None = Cursor):
    """Space agencies, studios, broadcasters, companies and news outlets, by name."""
    items, following = content.organisations_page(request, limit, cursor)
    return {"items": items, "next_cursor": following}


@api.get(
    "/organisations/{slug}/", response={200: schemas.Organisation, **NOT_FOUND}, tags=["subjects"]
)
def organisation(request, slug: str):
    return found(content.organisation_by_slug(request, slug), "organisation")


@api.get("/productions/", response=schemas.ProductionPage, tags=["subjects"])
def productions(request, limit: int = Limit, cursor: str | None = Cursor):
    """Films and series shot in space, by title."""
    items, following = content.productions_page(request, limit, cursor)
    return {"items": items, "next_cursor": following}


@api.get(
    "/productions/{slug}/",
    response={200: schemas.ProductionDetail, **NOT_FOUND},
    tags=["subjects"],
)
def production(request, slug: str):
    """A production with its crew, backers and milestones."""
    return found(content.production_by_slug(request, slug), "production")


@api.get("/milestones/", response={200: schemas.MilestonePage, **LISTED}, tags=["race"])
def milestones(
    request,
    production: str | None = OF_PRODUCTION,
    limit: int = Limit,
    cursor: str | None = Cursor,
):
    """Dates promised and kept, in timeline order: by the day each happened, else the day
    promised."""
    items, following = content.milestones_page(request, production, limit, cursor)
    return {"items": items, "next_cursor": following}


@api.get("/race/", response=schemas.Race, tags=["race"])
def race(request):
    """What the race page shows: the two rivals side by side and their milestones."""
    return content.race(request)


# The demo newsroom's, for the docs page's examples.
EXAMPLE_SLUGS = {
    "articles": "space-race-first-film-in-orbit",
    "people": "yulia-peresild",
    "organisations": "roscosmos",
    "productions": "challenge",
}


@functools.cache
def described_operations():
    """The API's operations as the docs page lists them, from its OpenAPI description."""
    schema = api.get_openapi_schema()
    base = reverse("api:api-root")
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": describe_type(parameter.get("schema", {})),
                    "description": parameter.get("description", "")
                    or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            collection = path.removeprefix(base).split("/", 1)[0]
            example = path.replace("{key}", EXAMPLE_SLUGS["articles"]).replace(
                "{slug}", EXAMPLE_SLUGS.get(collection, "")
            )
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": sorted(operation.get("responses", {})),
                    "example": example,
                    "id": operation["operationId"],
                }
            )
    return operations


def describe_type(schema):
    """A parameter's type in words: "integer, 1 to 100", "date", "en or ru"."""
    if "anyOf" in schema:
        kinds = [describe_type(part) for part in schema["anyOf"] if part.get("type") != "null"]
        return " or ".join(kinds)
    if "enum" in schema:
        return " or ".join(str(value) for value in schema["enum"])
    kind = schema.get("format") or schema.get("type", "")
    if "minimum" in schema and "maximum" in schema:
        kind = f"{kind}, {schema['minimum']} to {schema['maximum']}"
    return kind


def docs(request):
    """The API described for people: each operation, its parameters and an example, from the
    OpenAPI description; no script, so within the site's Content Security Policy."""
    return render(
        request,
        "api/docs.html",
        {
            "title": api.title,
            "description": api.description,
            "operations": described_operations(),
            "openapi_url": reverse("api:openapi-json"),
            "max_limit": MAX_LIMIT,
        },
    )
