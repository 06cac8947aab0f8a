"""Feeds for subscribers: all news, and the news about each thing a reader can follow.

Every feed comes in RSS, Atom and JSON Feed (one instance per format, see `feed_urls.py`),
answers conditional GETs from one short query, and builds its items in a fixed number of
queries however many articles, tags and corrections there are.
"""

import hashlib
import html
import mimetypes
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import add_domain
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F
from django.db.models.expressions import ExpressionList
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Enclosure
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import condition

from newsroom.changes import current_sequence
from newsroom.dependencies import NEWS, articles_key, depends_on, row_key
from newsroom.images import StoredImage, rendition_name, renditions
from newsroom.models import FormerSlug
from newsroom.prepared import PreparedQuery
from newsroom.redirects import moved_to
from newsroom.rendering import day, url, url_pattern
from people.models import Organisation, Person
from projects.models import Project

from .feedgenerator import AtomFeed, Channel, Entry, JSONFeed, RssFeed
from .models import Article, Author, Correction, TaggedArticle

FORMATS = {
    "rss": (RssFeed, "RSS"),
    "atom": (AtomFeed, "Atom"),
    "json": (JSONFeed, "JSON Feed"),
}


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


ITEM_LIMIT = 30

# What a feed item shows of its article, read as one row.
ITEM_FIELDS = (
    "pk",
    "guid",
    "slug",
    "headline",
    "standfirst",
    "body_html",
    "published_at",
    "corrected_at",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
)

# The items and what they name are read by the ids of the newest articles, which the
# validators' query has just found: one slot per item, the unused ones given the first id.
ITEM_IDS = {f"article{number}": models.BigIntegerField() for number in range(ITEM_LIMIT)}


item_rows = PreparedQuery(
    lambda **ids: (
        Article.objects.published()
        .filter(pk__in=ExpressionList(*ids.values()))
        .order_by("-published_at", "-pk")
        .values(*ITEM_FIELDS)
    ),
    **ITEM_IDS,
)

byline_rows = PreparedQuery(
    lambda **ids: (
        Article.authors.through.objects.filter(article_id__in=ExpressionList(*ids.values()))
        .order_by("author__name", "author_id")
        .values("article_id", "author_id", "author__name", "author__slug")
    ),
    **ITEM_IDS,
)

tag_rows = PreparedQuery(
    lambda **ids: (
        TaggedArticle.objects.filter(content_object_id__in=ExpressionList(*ids.values()))
        .order_by("pk")
        .values("content_object_id", "tag__name")
    ),
    **ITEM_IDS,
)

correction_rows = PreparedQuery(
    lambda **ids: Correction.objects.filter(article_id__in=ExpressionList(*ids.values())).values(
        "article_id", "made_at", "text_html"
    ),
    **ITEM_IDS,
)


@dataclass(slots=True)
class FeedItem:
    """One article as a feed carries it, with its URL and relations already read."""

    pk: int
    guid: str
    url: str
    headline: str
    standfirst: str
    body_html: str
    published_at: object
    corrected_at: object
    image: StoredImage | None
    bylines: list = field(default_factory=list)  # [(pk, name, url)], by name
    tags: list = field(default_factory=list)  # [name], in the order they were given
    corrections: list = field(default_factory=list)  # [(day, text_html)], oldest first

    @property
    def keys(self):
        """The dependency keys of what the item shows: the article and its bylines."""
        return [row_key("article", self.pk), *(row_key("author", pk) for pk, _, _ in self.bylines)]


def feed_items(ids):
    """The items of the published articles `ids` (at most ITEM_LIMIT), newest first: the
    articles, then their bylines, tags and corrections, one query each however many items
    there are."""
    if not ids:
        return []
    slots = dict(zip(ITEM_IDS, [*ids, *[ids[0]] * (ITEM_LIMIT - len(ids))], strict=True))
    article_url = url_pattern("articles:detail")
    author_url = url_pattern("articles:author")
    items = {}
    for row in item_rows(**slots):
        image = StoredImage.of_row(row, "lead_image")
        items[row["pk"]] = FeedItem(
            pk=row["pk"],
            guid=row["guid"].urn,
            url=article_url(row["slug"]),
            headline=row["headline"],
            standfirst=row["standfirst"],
            body_html=row["body_html"],
            published_at=row["published_at"],
            corrected_at=row["corrected_at"],
            image=image,
        )
    if not items:
        return []
    for row in byline_rows(**slots):
        items[row["article_id"]].bylines.append(
            (row["author_id"], row["author__name"], author_url(row["author__slug"]))
        )
    for row in tag_rows(**slots):
        items[row["content_object_id"]].tags.append(row["tag__name"])
    for row in correction_rows(**slots):
        items[row["article_id"]].corrections.append((day(row["made_at"]), row["text_html"]))
    return list(items.values())


def lead_image_enclosure(image):
    """The largest rendition of a lead image (or the original), sized by a storage stat."""
    if image is None:
        return None
    storage = Article._meta.get_field("lead_image").storage
    sizes = renditions(image)
    names = [rendition_name(image.name, sizes[-1][1])] if sizes else []
    names.append(image.name)
    for name in names:
        try:
            length = storage.size(name)
        except OSError:
            continue
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return Enclosure(storage.url(name), str(length), mime_type)
    return None


def item_content(item):
    """The body, then any corrections, so a subscriber sees what changed and when."""
    if not item.corrections:
        return item.body_html
    return format_html(
        "{}<hr><h2>Corrections</h2>{}",
        mark_safe(item.body_html),
        format_html_join(
            "",
            "<p><strong>{}</strong></p>{}",
            ((made_on, mark_safe(text_html)) for made_on, text_html in item.corrections),
        ),
    )


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
    item_limit = ITEM_LIMIT
    max_age = 300
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
        latest = [
            (row["pk"], row["published_at"], row["updated_at"], row["corrected_at"])
            for row in self.prepared("latest", self.latest_rows)(**values)
        ]
        last_changed, etag = freshness(latest)

        @condition(etag_func=lambda request: etag, last_modified_func=lambda request: last_changed)
        def build(request):
            items = feed_items([pk for pk, *_ in latest])
            depends_on(request, *(key for item in items for key in item.keys))
            return HttpResponse(
                self.write(request, subject, items), content_type=self.feed_type.content_type
            )

        response = build(request)
        patch_cache_control(response, public=True, max_age=self.max_age)
        return response

    @classmethod
    def prepared(cls, what, build, **fields):
        """The class's PreparedQuery `what`, built by `build` with `fields` (by default, its
        `parameters`)."""
        query = _queries.get((cls, what))
        if query is None:
            query = PreparedQuery(build, **(fields or cls.parameters))
            query = _queries[(cls, what)] = query
        return query

    def latest_rows(self, **parameters):
        """The validators' rows: the ids and dates of the newest articles the feed shows."""
        return (
            self.articles(parameters.get("subject"))
            .order_by("-published_at", "-pk")
            .values("pk", "published_at", "updated_at", "corrected_at")[: self.item_limit]
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

    def write(self, request, subject, items):
        """The feed's text, in its format."""
        secure = request.is_secure()
        host = request.get_host()
        origin = iri_to_uri(f"{'https' if secure else 'http'}://{host}")
        channel = Channel(
            title=self.title(subject),
            link=iri_to_uri(add_domain(host, self.link(subject), secure)),
            description=self.description(subject),
            feed_url=iri_to_uri(add_domain(host, request.path, secure)),
            language=get_language(),
            author_name=self.author_name,
        )
        entries = []
        for item in items:
            # Article URLs are made by url_pattern, already ASCII and quoted: the origin joins.
            link = origin + item.url
            entries.append(
                Entry.of(
                    title=item.headline,
                    link=link,
                    # Readers treat RSS descriptions and Atom html summaries as markup; the
                    # standfirst is text.
                    description=html.escape(item.standfirst, quote=False),
                    guid=item.guid,
                    pubdate=item.published_at,
                    updateddate=item.corrected_at,
                    categories=item.tags,
                    enclosure=lead_image_enclosure(item.image),
                    content_html=item_content(item),
                    summary=item.standfirst,
                    authors=[(name, url) for _, name, url in item.bylines],
                    origin=origin,
                )
            )
        return self.feed_type.write(channel, entries)


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
