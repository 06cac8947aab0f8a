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
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Enclosure
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition

from newsroom.changes import current_sequence
from newsroom.dependencies import NEWS, articles_key, depends_on, row_key
from newsroom.images import StoredImage, rendition_name, renditions
from newsroom.models import FormerSlug
from newsroom.redirects import moved_to
from newsroom.rendering import day, url_pattern
from people.models import Organisation, Person
from projects.models import Project

from .feedgenerator import AtomFeed, JSONFeed, RssFeed
from .models import Article, Author, Correction, TaggedArticle

FORMATS = {
    "rss": (RssFeed, "RSS"),
    "atom": (AtomFeed, "Atom"),
    "json": (JSONFeed, "JSON Feed"),
}


def freshness(articles, limit):
    """(last change, ETag) of a feed, from the rows of the `limit` newest articles it shows.

    Those articles alone make the feed, so a new, edited, corrected, now-due or withdrawn one
    changes their ids or dates; reading them is a short index scan where an aggregate over
    every published article was not. The change sequence (newsroom/changes.py) is in the ETag
    too, so renaming an author or a tag the items show also answers 200; a draft's save,
    which changes nothing public, leaves it alone.
    """
    latest = list(
        articles.order_by("-published_at", "-pk").values_list(
            "pk", "published_at", "updated_at", "corrected_at"
        )[:limit]
    )
    last_changed = max((moment for row in latest for moment in row[1:] if moment), default=None)
    fingerprint = f"{current_sequence()}|{latest}"
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return last_changed, f'"{digest}"'


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


def feed_items(articles):
    """The items of `articles` (ordered and sliced): the articles, then their bylines, tags and
    corrections, one query each however many items there are."""
    article_url = url_pattern("articles:detail")
    author_url = url_pattern("articles:author")
    items = {}
    for row in articles.values(*ITEM_FIELDS):
        image = None
        if row["lead_image"]:
            image = StoredImage(
                row["lead_image"], row["lead_image_width"] or 0, row["lead_image_height"] or 0
            )
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
    bylines = (
        Article.authors.through.objects.filter(article_id__in=items)
        .order_by("author__name", "author_id")
        .values_list("article_id", "author_id", "author__name", "author__slug")
    )
    for article_id, author_id, name, slug in bylines:
        items[article_id].bylines.append((author_id, name, author_url(slug)))
    tags = (
        TaggedArticle.objects.filter(content_object_id__in=items)
        .order_by("pk")
        .values_list("content_object_id", "tag__name")
    )
    for article_id, name in tags:
        items[article_id].tags.append(name)
    corrections = Correction.objects.filter(article_id__in=items).values_list(
        "article_id", "made_at", "text_html"
    )
    for article_id, made_at, text_html in corrections:
        items[article_id].corrections.append((day(made_at), text_html))
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


@dataclass(slots=True)
class Followed:
    """What Django's Feed hands every hook: the subject followed (None for all news and the
    race) and the items already read, so that the view can record what the items show."""

    subject: object
    items: list


class ArticleFeed(Feed):
    """What every feed shares: published articles, newest first, in full, with stable GUIDs."""

    feed_type = RssFeed
    item_limit = 30
    max_age = 300
    author_name = settings.SITE_NAME
    item_guid_is_permalink = False

    def __init__(self, feed_type=None):
        super().__init__()
        if feed_type is not None:
            self.feed_type = feed_type

    # What the feed follows, if its address names one by slug: an old slug leads to the new.
    model = None

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
        last_changed, etag = freshness(self.articles(subject), self.item_limit)

        @condition(etag_func=lambda request: etag, last_modified_func=lambda request: last_changed)
        def build(request):
            items = feed_items(
                self.articles(subject).order_by("-published_at", "-pk")[: self.item_limit]
            )
            depends_on(request, *(key for item in items for key in item.keys))
            feed = self.get_feed(Followed(subject, items), request)
            # One string, not the generator's hundreds of writes: each would be its own send().
            return HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)

        response = build(request)
        patch_cache_control(response, public=True, max_age=self.max_age)
        return response

    def keys(self, subject):
        """The dependency keys of the list the feed shows (and of its subject, if any)."""
        return [NEWS]

    def articles(self, subject):
        """The published articles this feed follows, unordered and unsliced."""
        return Article.objects.published()

    def items(self, followed):
        return followed.items

    def subtitle(self, followed):
        return self._get_dynamic_attr("description", followed)

    def item_title(self, item):
        return item.headline

    def item_link(self, item):
        return item.url

    def item_description(self, item):
        # Readers treat RSS descriptions and Atom html summaries as markup; the standfirst is text.
        return html.escape(item.standfirst, quote=False)

    def item_guid(self, item):
        return item.guid

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.corrected_at

    def item_author_name(self, item):
        return ", ".join(name for _, name, _ in item.bylines) or None

    def item_categories(self, item):
        return item.tags

    def item_enclosures(self, item):
        enclosure = lead_image_enclosure(item.image)
        return [enclosure] if enclosure else []

    def item_extra_kwargs(self, item):
        return {
            "content_html": self.item_content(item),
            "summary": item.standfirst,
            "authors": [(name, url) for _, name, url in item.bylines],
        }

    def item_content(self, item):
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


class NewsFeed(ArticleFeed):
    def title(self):
        return f"{settings.SITE_NAME}: all news"

    def link(self):
        return reverse("articles:list")

    def description(self):
        return "Every article about films shot in space, newest first."


class RaceFeed(ArticleFeed):
    def keys(self, subject):
        return ["race"]

    def articles(self, subject):
        about_rivals = Article.projects.through.objects.filter(project__in=Project.objects.race())
        return Article.objects.published().filter(pk__in=about_rivals.values("article_id"))

    def title(self):
        return f"{settings.SITE_NAME}: the race to film in orbit"

    def link(self):
        return reverse("projects:race")

    def description(self):
        return "Every article about either of the rival productions racing to film in space."


class SubjectFeed(ArticleFeed):
    """The published articles about one subject a reader follows, found by its slug.

    A subject's feed is a declaration: its model, the Article relation that points at it, and
    the words of its title and description (`{subject}` is its name). A subject without
    `get_absolute_url` gives its `link`.
    """

    article_field = ""
    # The subject's kind in dependency keys: row_key(kind, pk), articles_key(kind, pk).
    kind = ""
    name_field = "name"
    title_words = "{subject}"
    description_words = "Every article about {subject}, newest first."

    def subjects(self):
        """What may be followed; only the name and slug are shown."""
        return self.model.objects.only(self.name_field, "slug")

    def get_object(self, request, slug):
        return self.subjects().get(slug=slug)

    def keys(self, subject):
        return [articles_key(self.kind, subject.pk), row_key(self.kind, subject.pk)]

    def articles(self, subject):
        return Article.objects.published().filter(**{self.article_field: subject})

    def title(self, followed):
        return f"{settings.SITE_NAME}: {self.title_words.format(subject=followed.subject)}"

    def link(self, followed):
        return followed.subject.get_absolute_url()

    def description(self, followed):
        return self.description_words.format(subject=followed.subject)


class PersonFeed(SubjectFeed):
    kind = "person"
    model = Person
    article_field = "people"


class OrganisationFeed(SubjectFeed):
    kind = "organisation"
    model = Organisation
    article_field = "organisations"


class ProjectFeed(SubjectFeed):
    kind = "project"
    model = Project
    article_field = "projects"
    name_field = "title"
    description_words = "Every article about the production {subject}, newest first."


class AuthorFeed(SubjectFeed):
    kind = "author"
    model = Author
    article_field = "authors"
    title_words = "articles by {subject}"
    description_words = "Every article by {subject}, newest first."
