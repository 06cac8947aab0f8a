"""Feeds for subscribers: all news, and the news about each thing a reader can follow.

Every feed comes in RSS, Atom and JSON Feed (one instance per format, see `feed_urls.py`),
and reads its page in one query: the newest articles' dates, which answer conditional GETs,
with their items as kept at write time (feed_entries.py), however many articles, tags and
corrections there are.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import add_domain
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language
from django.views.decorators.http import condition

from newsroom.changes import current_sequence
from newsroom.dependencies import NEWS, articles_key, depends_on, row_key
from newsroom.models import FormerSlug
from newsroom.prepared import PreparedQuery
from newsroom.redirects import moved_to
from newsroom.rendering import static, url, url_pattern
from people.models import Organisation, Person
from projects.models import Project

from . import feed_entries
from .feedgenerator import AtomFeed, Channel, JSONFeed, RssFeed, last_change
from .models import Article, Author

# What a browser shows an RSS or Atom feed with: a page saying what a feed is and how to
# follow it, listing the items. A static file, so the Content Security Policy allows it.
STYLESHEET = "feeds/feed.xsl"

FORMATS = {
    "rss": (RssFeed, "RSS"),
    "atom": (AtomFeed, "Atom"),
    "json": (JSONFeed, "JSON Feed"),
}


def content_type(request, feed_type):
    """The Content-Type to send a feed as: its own, but plain XML to a browser opening it.

    Chromium shows a document sent as RSS or Atom as text, without applying its stylesheet;
    as XML it shows the page the stylesheet makes. A browser asks for HTML by name; feed
    readers ask for feed types or anything (*/*), and get the feed's own type.
    """
    if feed_type.stylesheet and "text/html" in request.headers.get("Accept", ""):
        return "application/xml; charset=utf-8"
    return feed_type.content_type


def varies_by_accept(response, feed_type):
    """`response` (the feed, or its 304), saying it differs by Accept if it does."""
    if feed_type.stylesheet:
        patch_vary_headers(response, ["Accept"])
    return response


def freshness(latest):
    """(last change, ETag) of a feed, from the rows of the newest articles it shows.

    Those articles alone make the feed, so a new, edited, corrected, now-due or withdrawn one
    changes their ids or dates; reading them is a short index scan where an aggregate over
    every published article was not. The change sequence (newsroom/changes.py) is in the ETag
    too, so renaming an author or a tag the items show also answers 200; a draft's save,
    which changes nothing public, leaves it alone.
    """
    last_changed = max((moment for row in latest for moment in row[1:] if moment), default=None)
    fingerprint = f"{current_sequence()}|{latest}"
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return last_changed, f'"{digest}"'


@dataclass(slots=True)
class Subject:
    """What a subject's feed shows of the thing followed."""

    pk: int
    name: str
    url: str


# (feed class, what) -> PreparedQuery: each feed's queries, compiled once per process.
_queries = {}


class ArticleFeed:
    """What every feed shares: published articles, newest first, in full, with stable GUIDs.

    A view: each address has an instance, for one format (`feed_type`, feedgenerator.py).
    """

    feed_type = RssFeed
    item_limit = feed_entries.ITEM_LIMIT
    author_name = settings.SITE_NAME

    # What the feed follows, if its address names one by slug: an old slug leads to the new.
    model = None
    # The parameters of the feed's own queries: the subject followed, if any.
    parameters = {}

    def __init__(self, feed_type=None):
        if feed_type is not None:
            self.feed_type = feed_type

    def __call__(self, request, *args, **kwargs):
        try:
            subject = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            renamed = self.model and FormerSlug.objects.renamed(
                self.model.objects.all(), kwargs["slug"]
            )
            if not renamed:
                raise Http404("There is nothing by that name to follow.") from None
            view_name = request.resolver_match.view_name
            return moved_to(request, reverse(view_name, kwargs={**kwargs, "slug": renamed.slug}))
        depends_on(request, *self.keys(subject))
        values = {"subject": subject.pk} if self.parameters else {}
        rows = self.prepared(("page", self.feed_type), self.page_rows)(**values)
        latest = [
            (row["pk"], row["published_at"], row["updated_at"], row["corrected_at"]) for row in rows
        ]
        last_changed, etag = freshness(latest)

        @condition(etag_func=lambda request: etag, last_modified_func=lambda request: last_changed)
        def build(request):
            origin = self.origin(request)
            items = feed_entries.page_items(self.feed_type, rows, origin)
            depends_on(
                request,
                *(
                    key
                    for pk, bylines, _ in items
                    for key in (
                        row_key("article", pk),
                        *(row_key("author", author) for author in bylines),
                    )
                ),
            )
            return HttpResponse(
                self.write(request, subject, items, latest, origin),
                content_type=content_type(request, self.feed_type),
            )

        response = build(request)
        # A 304 is kept as long as the feed (spacecinema/http_cache.py).
        response.cache_policy = "feed"
        return varies_by_accept(response, self.feed_type)

    @classmethod
    def prepared(cls, what, build, **fields):
        """The class's PreparedQuery `what`, built by `build` with `fields` (by default, its
        `parameters`)."""
        query = _queries.get((cls, what))
        if query is None:
            query = PreparedQuery(build, **(fields or cls.parameters))
            query = _queries[(cls, what)] = query
        return query

    def page_rows(self, **parameters):
        """The newest articles the feed shows: the validators' ids and dates, and their items
        in the feed's format (feed_entries.page_fields()), read once those few are found."""
        newest = self.articles(parameters.get("subject")).order_by("-published_at", "-pk")
        return (
            Article.objects.filter(pk__in=newest.values("pk")[: self.item_limit])
            .order_by("-published_at", "-pk")
            .values(
                "pk",
                "published_at",
                "updated_at",
                "corrected_at",
                **feed_entries.page_fields(self.feed_type),
            )
        )

    def get_object(self, request, *args, **kwargs):
        return None

    def keys(self, subject):
        """The dependency keys of the list the feed shows (and of its subject, if any)."""
        return [NEWS]

    def articles(self, subject):
        """The published articles this feed follows (`subject`: its pk, or a Parameter),
        unordered and unsliced."""
        return Article.objects.published()

    @staticmethod
    def origin(request):
        """Where the request came to ("https://host"): the feed's addresses start with it."""
        return iri_to_uri(f"{'https' if request.is_secure() else 'http'}://{request.get_host()}")

    def write(self, request, subject, items, latest, origin):
        """The feed's text, in its format, of `items` (feed_entries.page_items()), dated by
        the `latest` rows of the articles they show."""
        secure = request.is_secure()
        host = request.get_host()
        channel = Channel(
            title=self.title(subject),
            link=iri_to_uri(add_domain(host, self.link(subject), secure)),
            description=self.description(subject),
            feed_url=iri_to_uri(add_domain(host, request.path, secure)),
            language=get_language(),
            author_name=self.author_name,
            stylesheet=static(STYLESHEET),
        )
        shown = {pk for pk, _, _ in items}
        moments = [
            moment
            for pk, published_at, _, corrected_at in latest
            if pk in shown
            for moment in (corrected_at, published_at)
        ]
        text = self.feed_type.document(
            channel, last_change(moments), [item for _, _, item in items]
        )
        # A host Django accepts has none of the characters XML or JSON escape.
        return text.replace(feed_entries.ORIGIN, origin).replace(
            feed_entries.CONTENT_ORIGIN, feed_entries.content_origin(origin)
        )


class NewsFeed(ArticleFeed):
    def title(self, subject=None):
        return f"{settings.SITE_NAME}: all news"

    def link(self, subject=None):
        return url("articles:list")

    def description(self, subject=None):
        return "Every article about films shot in space, newest first."


class RaceFeed(ArticleFeed):
    def keys(self, subject):
        return ["race"]

    def articles(self, subject):
        about_rivals = Article.projects.through.objects.filter(project__in=Project.objects.race())
        return Article.objects.published().filter(pk__in=about_rivals.values("article_id"))

    def title(self, subject=None):
        return f"{settings.SITE_NAME}: the race to film in orbit"

    def link(self, subject=None):
        return url("projects:race")

    def description(self, subject=None):
        return "Every article about either of the rival productions racing to film in space."


class SubjectFeed(ArticleFeed):
    """The published articles about one subject a reader follows, found by its slug.

    A subject's feed is a declaration: its model, the Article relation that points at it, the
    view of its page, and the words of its title and description (`{subject}` is its name).
    """

    article_field = ""
    # The subject's kind in dependency keys: row_key(kind, pk), articles_key(kind, pk).
    kind = ""
    name_field = "name"
    view_name = ""
    title_words = "{subject}"
    description_words = "Every article about {subject}, newest first."
    parameters = {"subject": models.BigIntegerField()}

    def subjects(self):
        """What may be followed."""
        return self.model.objects.all()

    def get_object(self, request, slug):
        found = self.prepared(
            "subject",
            lambda slug: (
                self.subjects()
                .filter(slug=slug)
                .values("pk", "slug", subject_name=F(self.name_field))
            ),
            slug=models.CharField(),
        )(slug=slug)
        if not found:
            raise self.model.DoesNotExist
        row = found[0]
        return Subject(row["pk"], row["subject_name"], url_pattern(self.view_name)(row["slug"]))

    def keys(self, subject):
        return [articles_key(self.kind, subject.pk), row_key(self.kind, subject.pk)]

    def articles(self, subject):
        return Article.objects.published().filter(**{self.article_field: subject})

    def title(self, subject):
        return f"{settings.SITE_NAME}: {self.title_words.format(subject=subject.name)}"

    def link(self, subject):
        return subject.url

    def description(self, subject):
        return self.description_words.format(subject=subject.name)


class PersonFeed(SubjectFeed):
    kind = "person"
    model = Person
    article_field = "people"
    view_name = "people:detail"


class OrganisationFeed(SubjectFeed):
    kind = "organisation"
    model = Organisation
    article_field = "organisations"
    view_name = "people:organisation-detail"


class ProjectFeed(SubjectFeed):
    kind = "project"
    model = Project
    article_field = "projects"
    name_field = "title"
    view_name = "projects:detail"
    description_words = "Every article about the production {subject}, newest first."


class AuthorFeed(SubjectFeed):
    kind = "author"
    model = Author
    article_field = "authors"
    view_name = "articles:author"
    title_words = "articles by {subject}"
    description_words = "Every article by {subject}, newest first."
