"""Feeds for subscribers: all news, and the news about each thing a reader can follow.

Every feed comes in RSS, Atom and JSON Feed (one instance per format, see `feed_urls.py`),
answers conditional GETs from one short query, and builds its items in a fixed number of
queries however many articles, tags and corrections there are.
"""

import hashlib
import html
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.dateformat import format as format_date
from django.utils.feedgenerator import Enclosure
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import condition

from newsroom.changes import current_sequence
from newsroom.images import rendition_name, renditions
from newsroom.models import FormerSlug
from newsroom.redirects import moved_to
from people.models import Organisation, Person
from projects.models import Project

from .feedgenerator import AtomFeed, JSONFeed, RssFeed
from .models import Article, Author

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


def lead_image_enclosure(article):
    """The largest rendition of the lead image (or the original), sized by a storage stat."""
    image = article.lead_image
    if not image:
        return None
    sizes = renditions(image)
    names = [rendition_name(image.name, sizes[-1][1])] if sizes else []
    names.append(image.name)
    for name in names:
        try:
            length = image.storage.size(name)
        except OSError:
            continue
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return Enclosure(image.storage.url(name), str(length), mime_type)
    return None


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
            followed = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            renamed = self.model and FormerSlug.objects.renamed(
                self.model.objects.all(), kwargs["slug"]
            )
            if not renamed:
                raise Http404("There is nothing by that name to follow.") from None
            view_name = request.resolver_match.view_name
            return moved_to(request, reverse(view_name, kwargs={**kwargs, "slug": renamed.slug}))
        last_changed, etag = freshness(self.articles(followed), self.item_limit)

        @condition(etag_func=lambda request: etag, last_modified_func=lambda request: last_changed)
        def build(request):
            feed = self.get_feed(followed, request)
            # One string, not the generator's hundreds of writes: each would be its own send().
            return HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)

        response = build(request)
        patch_cache_control(response, public=True, max_age=self.max_age)
        return response

    def articles(self, obj):
        """The published articles this feed follows, unordered and unsliced."""
        return Article.objects.published()

    def items(self, obj):
        return (
            self.articles(obj)
            .for_list()
            .prefetch_related("tags", "corrections")
            .defer("body")
            .order_by("-published_at", "-pk")[: self.item_limit]
        )

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Readers treat RSS descriptions and Atom html summaries as markup; the standfirst is text.
        return html.escape(item.standfirst, quote=False)

    def item_guid(self, item):
        return item.guid.urn

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.corrected_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        enclosure = lead_image_enclosure(item)
        return [enclosure] if enclosure else []

    def item_extra_kwargs(self, item):
        return {
            "content_html": self.item_content(item),
            "summary": item.standfirst,
            "authors": [(author.name, author.get_absolute_url()) for author in item.authors.all()],
        }

    def item_content(self, item):
        """The body, then any corrections, so a subscriber sees what changed and when."""
        corrections = item.corrections.all()
        if not corrections:
            return item.body_html
        return format_html(
            "{}<hr><h2>Corrections</h2>{}",
            mark_safe(item.body_html),
            format_html_join(
                "",
                "<p><strong>{}</strong></p>{}",
                (
                    (
                        format_date(localtime(correction.made_at), "j F Y"),
                        mark_safe(correction.text_html),
                    )
                    for correction in corrections
                ),
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
    def articles(self, obj):
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
    name_field = "name"
    title_words = "{subject}"
    description_words = "Every article about {subject}, newest first."

    def subjects(self):
        """What may be followed; only the name and slug are shown."""
        return self.model.objects.only(self.name_field, "slug")

    def get_object(self, request, slug):
        return self.subjects().get(slug=slug)

    def articles(self, subject):
        return Article.objects.published().filter(**{self.article_field: subject})

    def title(self, subject):
        return f"{settings.SITE_NAME}: {self.title_words.format(subject=subject)}"

    def link(self, subject):
        return subject.get_absolute_url()

    def description(self, subject):
        return self.description_words.format(subject=subject)


class PersonFeed(SubjectFeed):
    model = Person
    article_field = "people"


class OrganisationFeed(SubjectFeed):
    model = Organisation
    article_field = "organisations"


class ProjectFeed(SubjectFeed):
    model = Project
    article_field = "projects"
    name_field = "title"
    description_words = "Every article about the production {subject}, newest first."


class AuthorFeed(SubjectFeed):
    model = Author
    article_field = "authors"
    title_words = "articles by {subject}"
    description_words = "Every article by {subject}, newest first."
