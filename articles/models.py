import datetime
import functools
import operator
import uuid

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Least, Now
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from newsroom.images import RenditionsMixin
from newsroom.models import (
    LibraryImageMixin,
    MarkdownModel,
    SluggedModel,
    image_dimension_field,
    image_field,
    library_image_link,
    render_body,
)
from newsroom.text import image_references, render_markdown
from search.index import index_objects

from . import cards, feed_entries, sharing, tallies
from .cards import CARD_COLUMNS, CARD_SOURCES, CardField, make_cards
from .lists import PublishedList
from .mentions import find_mentions, link_first_mentions


class TaggedArticle(TaggedItemBase):
    # Indexed with the tag instead (below).
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, db_index=False)

    class Meta:
        # A tag's articles, and an article's tags (the busiest tags read those of the latest
        # articles on every home page), straight from an index, without reading the table.
        indexes = [
            models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_article"),
            models.Index(fields=["content_object", "tag"], name="taggedarticle_article_tag"),
        ]

    def __str__(self):
        # Without reading the article: a tag's delete confirmation lists every tagging, and
        # its where-used list above names the articles already.
        return f"{self.tag} on article {self.content_object_id}"


class Author(RenditionsMixin, SluggedModel, MarkdownModel):
    """A byline: a staff writer with a login, or a wire service or freelancer without one."""

    name = models.CharField("display name", max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    bio = models.TextField(blank=True, help_text="Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The login that writes under this byline, if any.",
    )
    photo = image_field("authors/", "photo")
    photo_width = image_dimension_field()
    photo_height = image_dimension_field()
    photo_alt = models.CharField(
        max_length=300, blank=True, help_text="What the photo shows, for readers who cannot see it."
    )

    markdown_fields = {"bio": "bio_html"}
    rendition_fields = ("photo",)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @classmethod
    def byline_for(cls, user):
        """The byline a staff login writes under, made from their name the first time."""
        author = cls.objects.filter(user=user).first()
        if author is None:
            author = cls.objects.create(user=user, name=user.get_full_name() or user.get_username())
        return author


def period_start(kind, moment):
    fields = {"year": 1, "month": 2, "day": 3}[kind]
    parts = (moment.year, moment.month, moment.day)[:fields] + (1, 1)[: 3 - fields]
    return timezone.make_aware(datetime.datetime(*parts))


def next_period_start(kind, start):
    if kind == "day":
        return period_start("day", start + datetime.timedelta(days=1))
    if kind == "month":
        return period_start("month", start + datetime.timedelta(days=32))
    return period_start("year", start.replace(year=start.year + 1))


def period_starts(kind, first, last):
    """Each year, month or day's first moment (current time zone) from `first`'s to `last`'s."""
    start = period_start(kind, first)
    while start <= last:
        yield start
        start = next_period_start(kind, start)


class TransitionNotAllowed(PermissionDenied):
    """A status change the user may not make, or that the article's status does not allow."""


def is_editor(user):
    return user.is_active and user.has_perm("articles.publish_article")


# How many of the latest articles count as "now": for the busiest tags, the feed index and the
# sitemaps' dates, which must not read the whole archive.
RECENT_ARTICLES = 200

# How long a published article counts as the latest news: Google News reads only the last two
# days' articles from a news sitemap.
LATEST_NEWS_AGE = datetime.timedelta(days=2)


# A pin counts until its end, if it has one, by the database's clock.
PIN_IN_FORCE = models.Q(pinned_until__isnull=True) | models.Q(pinned_until__gt=Now())


class ArticleQuerySet(models.QuerySet):
    def newest_ids(self, count=RECENT_ARTICLES):
        """The ids of the `count` newest of these articles, as a subquery."""
        return self.order_by("-published_at").values("pk")[:count]

    def published(self):
        """What readers may see: published, not scheduled for later and not expired (database
        clock): an expiry the stored lists have let go is read from the list's own index, one
        still to settle from the few of them."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=Now(), expiry_settled=False
        ).exclude(pk__in=unsettled_expired_ids())

    def latest_news(self):
        """published(), for LATEST_NEWS_AGE from the moment of publication (database clock)."""
        return self.published().filter(published_at__gt=Now() - LATEST_NEWS_AGE)

    def published_within(self, first, last):
        """published(), from the moment `first` to the moment `last`, both included.

        The same rule, with one upper bound: given `published_at <= now` and another, SQLite
        scans its index from the first it reads and tests the other on every entry it passes,
        so a page of an old month would walk past every later article.
        """
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__gte=first,
            published_at__lte=Least(last, Now()),
            expiry_settled=False,
        ).exclude(pk__in=unsettled_expired_ids())

    def published_count(self, key):
        """How many articles the published list `key` names holds (`articles_key("person", 7)`),
        as articles/tallies.py keeps it: the count that list's paginator shows.

        Answered by the key, not by these rows: subjects below articles, which may not import
        tallies, ask through the relation they reach their articles by,
        `person.articles.published_count(articles_key("person", person.pk))`.
        """
        return tallies.published_count(key)

    def published_counts_of_both(self, key, second_key):
        """published_count() of two subjects' lists of one kind, in one query: (count of `key`,
        count of `second_key`)."""
        return tallies.published_counts_of_both(key, second_key)

    def published_list(self, key):
        """The published list `key` names, newest first, as a sequence of cards a paginator
        pages through (articles/lists.py): answered by the key, as published_count is."""
        return PublishedList(key)

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=Now())

    def expired(self):
        """Published, its time come, and taken down again at its expiry (database clock):
        none of them scheduled, so the two are never counted twice."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=Now(), expires_at__lte=Now()
        )

    def unsettled_expired(self):
        """expired() still counted by the stored lists (tallies.settle_expiries() has not run
        since their expiry): what a read of a stored count takes off. Found from their own
        small index, whatever the archive's size."""
        return self.filter(
            pk__in=unsettled_expired_ids(),
            status=Article.Status.PUBLISHED,
            published_at__lte=Now(),
        )

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW)

    def sent_back(self):
        """Drafts sent back from review by someone who does not write them: their latest
        status change took them out of review. A writer taking back their own is not one."""
        latest = StatusChange.objects.filter(article=OuterRef("pk")).order_by("-changed_at", "-pk")
        own_writers = Author.objects.filter(articles=OuterRef("pk"), user__isnull=False)
        return (
            self.drafts()
            .alias(
                back_from=Subquery(latest.values("from_status")[:1]),
                back_by=Subquery(latest.values("changed_by")[:1]),
            )
            .filter(back_from=Article.Status.IN_REVIEW)
            .exclude(back_by__in=own_writers.values("user"))
        )

    def corrected(self):
        return self.filter(corrected_at__isnull=False)

    def publication_periods(self, kind, ordering="ASC"):
        """The start of each year, month or day (`kind`) in which these articles were published.

        What `datetimes()` answers, at a fixed cost: DISTINCT over truncated dates reads every
        row (on SQLite through a Python function per row), so it slows as the archive grows.
        Here two index probes find the first and last dates, then one query asks of each period
        between them whether it holds an article.
        """
        dates = self.order_by().filter(published_at__isnull=False)
        dates = dates.values_list("published_at", flat=True)
        first = dates.order_by("published_at").first()
        last = dates.order_by("-published_at").first()
        if first is None:
            return []
        starts = list(period_starts(kind, timezone.localtime(first), timezone.localtime(last)))
        ends = [*starts[1:], next_period_start(kind, starts[-1])]
        bounds = list(zip(starts, ends, strict=True))
        probes = {
            f"period_{number}": models.Exists(
                self.order_by().filter(published_at__gte=start, published_at__lt=end)
            )
            for number, (start, end) in enumerate(bounds)
        }
        held = Article.objects.order_by().annotate(**probes).values(*probes)[:1].get()
        periods = [start for number, start in enumerate(starts) if held[f"period_{number}"]]
        return periods if ordering == "ASC" else periods[::-1]

    def hidden(self):
        """What readers may not see: the rest of published(), spelt out so an index finds it."""
        return self.filter(functools.reduce(operator.or_, self._hidden_conditions()))

    def hidden_parts(self):
        """hidden() as separate QuerySets, each one range of the status index: SQLite scans
        the whole index for their OR, but reads just the few hidden rows for their union."""
        return [self.filter(condition) for condition in self._hidden_conditions()]

    @staticmethod
    def _hidden_conditions():
        unpublished = [status for status in Article.Status if status != Article.Status.PUBLISHED]
        return [
            models.Q(status__in=unpublished),
            models.Q(status=Article.Status.PUBLISHED, published_at__gt=Now()),
            models.Q(status=Article.Status.PUBLISHED, published_at__isnull=True),
            models.Q(
                status=Article.Status.PUBLISHED, published_at__lte=Now(), expires_at__lte=Now()
            ),
        ]

    def visible_to(self, user):
        """The newsroom's view of the desk: editors see every article, writers their own bylines."""
        if not (user.is_active and user.is_staff and user.has_perm("articles.view_article")):
            return self.none()
        if is_editor(user):
            return self
        return self.filter(
            pk__in=Article.authors.through.objects.filter(author__user=user).values("article_id")
        )

    def for_list(self):
        """The shape of every list of articles: bylines in one query, however long.

        A card shows no tags, so lists do not fetch them; feeds and the article page add them.
        """
        bylines = Author.objects.only("name", "slug")
        return self.prefetch_related(Prefetch("authors", queryset=bylines))

    def cards(self):
        """These articles (ordered and sliced) as their stored cards (cards.py): one query."""
        return make_cards(self)

    def relink_mentions(self, batch_size=500):
        """Render these articles' bodies again, so their links follow renamed, re-slugged or
        deleted subjects: a batch at a time, each with its subjects in three queries."""
        from people.models import Organisation, Person
        from projects.models import Project

        def naming(model):
            return model.objects.only(*model.name_fields, "aliases", "slug")

        articles = self.only("body").prefetch_related(
            Prefetch("people", queryset=naming(Person)),
            Prefetch("organisations", queryset=naming(Organisation)),
            Prefetch("projects", queryset=naming(Project)),
        )
        batch = []
        for article in articles.iterator(chunk_size=batch_size):
            article.link_mentions()
            batch.append(article)
            if len(batch) == batch_size:
                Article.objects.bulk_update(batch, ["body_html"])
                feed_entries.refresh([article.pk for article in batch])
                batch = []
        Article.objects.bulk_update(batch, ["body_html"])
        feed_entries.refresh([article.pk for article in batch])

    def illustrated(self):
        return self.exclude(lead_image="")

    def pinned(self, place):
        """The published articles editors pinned to the home page as `place` (Article.Pin)
        whose pin has not ended by the database's clock, the newest pin first."""
        # Saying "pinned at all" lets the database read the few pins from their own partial
        # index (article_pinned): with statistics where nearly every article is unpinned, it
        # would otherwise walk every published article for them.
        return (
            self.published()
            .filter(PIN_IN_FORCE, pinned_as=place)
            .exclude(pinned_as="")
            .order_by("-pinned_at", "-pk")
        )

    def showing_image(self, image_id):
        """The articles whose bodies refer to the library's image `image_id`."""
        candidates = self.filter(body__contains=f"image:{image_id}").values_list("pk", "body")
        return self.filter(
            pk__in=[pk for pk, body in candidates if image_id in image_references(body)]
        )


def expired_ids():
    """The ids of every article past its expiry, as a subquery: not correlated, so the database
    reads them once from their small index (article_expiry) and tests each row of a list
    against that set, whatever index the list is read by."""
    return Article.objects.filter(expires_at__lte=Now()).values("pk")


def unsettled_expired_ids():
    """expired_ids() the stored lists still count, as a subquery read from one range of the
    index article_expiry: only those whose expiry has passed since it last settled."""
    return Article.objects.filter(expires_at__lte=Now(), expiry_settled=False).values("pk")


def refuse_digits_only(slug):
    if slug.isdigit():
        raise ValidationError(
            "A slug of digits only would clash with the year archive (/news/%(slug)s/ lists "
            "the news of that year): add a word, as in %(slug)s-film, or leave the slug empty "
            "to have one made from the headline.",
            code="digits_only",
            params={"slug": slug},
        )


class Article(LibraryImageMixin, RenditionsMixin, SluggedModel, MarkdownModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    class Pin(models.TextChoices):
        LEAD = "lead", "Lead story"
        FEATURED = "featured", "Featured"

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        RUSSIAN = "ru", "Russian (русский)"

    # Each language as <html lang> and lang attributes give it: the site's English is British.
    HTML_LANGUAGES = {Language.ENGLISH: "en-GB", Language.RUSSIAN: "ru"}

    # A writer's own article stays open to them until an editor publishes it.
    WRITABLE_STATUSES = (Status.DRAFT, Status.IN_REVIEW)

    headline = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250, unique=True, blank=True, validators=[refuse_digits_only]
    )
    guid = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Identifies the article in feeds for ever, whatever happens to its slug.",
    )
    standfirst = models.TextField(
        blank=True, help_text="The summary under the headline; used in lists and feeds."
    )
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A future time schedules the article: it appears by itself at that moment.",
    )
    expires_at = models.DateTimeField(
        "expires",
        null=True,
        blank=True,
        help_text=(
            "Optional: from this time readers no longer see the article (a take-down, the end "
            "of a rights window). Its page then says it has been withdrawn, and it leaves every "
            "list, feed, sitemap and search."
        ),
    )
    # Whether the stored lists (tallies.py: counts, subject lists' entries, the news's latest
    # change) have let the article go at its expiry. Until they have, a read takes an expired
    # article off as it does a scheduled one; after, it costs a read nothing. Set by
    # tallies.settle_expiries() once the expiry has passed, and holds while the expiry does.
    expiry_settled = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    corrected_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the latest correction was made."
    )
    authors = models.ManyToManyField(Author, blank=True, related_name="articles")
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up on every save, so a stale form cannot overwrite a newer one.",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    lead_image = image_field("articles/%Y/%m/", "lead_image")
    lead_image_width = image_dimension_field()
    lead_image_height = image_dimension_field()
    lead_image_credit = models.CharField(max_length=200, blank=True)
    lead_image_caption = models.CharField(max_length=300, blank=True)
    lead_image_alt = models.CharField(
        max_length=300, blank=True, help_text="What the image shows, for readers who cannot see it."
    )
    # What the lead image fields above show: they keep a copy (LibraryImageMixin).
    lead_library_image = library_image_link("lead_of_articles", "lead image")

    # Search and social (sharing.py): the desk's overrides of what a link to the article shows
    # in search results and where it is shared; each left empty follows the headline, the
    # standfirst or the lead image.
    seo_title = models.CharField(
        "search and social title",
        max_length=200,
        blank=True,
        help_text=f"Shown in search results, browser tabs and shared links instead of the "
        f"headline. Search results show about {sharing.TITLE_SHOWN} characters. Empty: the "
        "headline.",
    )
    meta_description = models.CharField(
        "search and social description",
        max_length=300,
        blank=True,
        help_text=f"Shown under the title in search results and shared links. Search results "
        f"show about {sharing.DESCRIPTION_SHOWN} characters. Empty: the standfirst.",
    )
    social_image = image_field("articles/social/%Y/%m/", "social_image")
    social_image_width = image_dimension_field()
    social_image_height = image_dimension_field()
    social_image_alt = models.CharField(
        "social image alt text",
        max_length=300,
        blank=True,
        help_text="What the social image shows, for readers who cannot see it.",
    )

    # The article's card as every list shows it, rendered whenever something it shows changes
    # (articles/cards.py): its HTML, its bylines' part (the lead story shows them too) and the
    # ids of its bylines in their order, for the card's dependency keys.
    card_html = CardField(blank=True, editable=False)
    card_bylines_html = models.TextField(blank=True, editable=False)
    card_authors = models.TextField(blank=True, editable=False)

    people = models.ManyToManyField("people.Person", blank=True, related_name="articles")
    organisations = models.ManyToManyField(
        "people.Organisation", blank=True, related_name="articles"
    )
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="articles")

    tags = TaggableManager(through=TaggedArticle, blank=True)
    primary_topic = models.ForeignKey(
        "taggit.Tag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="One of the article's tags: shown above its headline and in its breadcrumbs.",
    )

    # The home page's lead story and featured stories, chosen by editors (spacecinema/home.py).
    pinned_as = models.CharField(
        "pinned on the home page as",
        max_length=10,
        choices=Pin.choices,
        blank=True,
        help_text="Shows once the article is published. The newest lead pin leads; the three "
        "newest featured pins are featured.",
    )
    pinned_until = models.DateTimeField(
        "pinned until",
        null=True,
        blank=True,
        help_text="When the pin ends by itself; empty: until it is taken off.",
    )
    # When the article was last pinned: the newest pin wins.
    pinned_at = models.DateTimeField(null=True, blank=True, editable=False)

    language = models.CharField(
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="The language the article is written in.",
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        # Found through the index of the constraint below, which starts with it.
        db_index=False,
        help_text="The original, if this article is its version in another language. The two "
        "pages link to each other once both are published.",
    )

    objects = ArticleQuerySet.as_manager()

    slug_source = "headline"
    markdown_fields = {"body": "body_html"}
    rendition_fields = ("lead_image", "social_image")
    library_fields = {
        "lead_image": (
            "lead_library_image",
            {
                "lead_image_alt": "alt",
                "lead_image_caption": "caption",
                "lead_image_credit": "credit",
            },
        )
    }

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        indexes = [
            # Published articles newest first, and the feeds' validators, without reading rows.
            # With whether its expiry has settled: published() tests it without reading rows.
            models.Index(
                fields=["status", "published_at", "updated_at", "corrected_at", "expiry_settled"],
                name="article_status_published",
            ),
            # Whether an article is published, by id, without reading its wide row: a busy tag's
            # or person's page checks thousands of joined articles.
            models.Index(
                fields=["id", "status", "published_at", "expiry_settled"],
                name="article_published_by_id",
            ),
            models.Index(fields=["-published_at"], name="article_published_at"),
            # The home page's pinned stories among all the articles.
            models.Index(
                fields=["pinned_as", "pinned_at"],
                condition=~models.Q(pinned_as=""),
                name="article_pinned",
            ),
            # The lead story: the newest published article with a picture.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=models.Q(status="published") & ~models.Q(lead_image=""),
                name="article_illustrated",
            ),
            # The few articles with an expiry, whether it has settled first: the expiries the
            # stored lists still count (the few a read takes off, and the next to come) are one
            # range of it, read without their rows. One index, so no planner picks another.
            models.Index(
                fields=["expiry_settled", "expires_at"],
                condition=models.Q(expires_at__isnull=False),
                name="article_expiry",
            ),
        ]
        constraints = [
            # Partial, so that it indexes only the translations: with nearly every article an
            # original, statistics would otherwise make it look worthless for finding them.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=models.Q(translation_of__isnull=False),
                name="article_one_translation_per_language",
                violation_error_message="The original already has a translation in this language.",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def get_newsroom_url(self):
        """Where the newsroom reads this article: its page once readers can, else its preview
        (the public address of a draft or a scheduled article is a 404)."""
        if self.is_published():
            return self.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        undescribed = {
            f"{image}_alt": "Describe the image for readers who cannot see it."
            for image in self.rendition_fields
            if getattr(self, image) and not getattr(self, f"{image}_alt")
        }
        if undescribed:
            raise ValidationError(undescribed)
        if self.pinned_until and not self.pinned_as:
            raise ValidationError(
                {"pinned_until": "Pin the article as the lead or featured, or leave this empty."}
            )
        if self.pinned_until and self.published_at and self.pinned_until <= self.published_at:
            raise ValidationError(
                {"pinned_until": "The pin would end before the article is published."}
            )

        self.clean_translation()

    def clean_translation(self):
        """A translation is of an original in another language: one level only (a
        translation has no translations of its own), one per language."""
        original = self.translation_of
        if original is None:
            return
        if self.pk is not None and original.pk == self.pk:
            message = "An article cannot be a translation of itself: choose the original."
        elif original.translation_of_id is not None:
            message = (
                f"“{original}” is itself a translation: choose its original, "
                f"“{original.translation_of}”."
            )
        elif self.pk is not None and (
            theirs := Article.objects.filter(translation_of=self).order_by("pk").first()
        ):
            message = (
                f"This article is the original of a translation (“{theirs}”): an original "
                "cannot also be a translation."
            )
        elif original.language == self.language:
            message = (
                f"“{original}” is in {original.get_language_display()} too: a translation is "
                "in another language. Set this article's language first."
            )
        elif other := (
            Article.objects.filter(translation_of=original, language=self.language)
            .exclude(pk=self.pk)
            .first()
        ):
            message = (
                f"“{original}” already has a {self.get_language_display()} translation: “{other}”."
            )
        else:
            return
        raise ValidationError({"translation_of": message}, code="translation")

    def share_card(self):
        """What a link to the article shows in search results and where it is shared: the
        search and social fields, or where empty the headline, standfirst and lead image."""
        return sharing.ShareCard.of(sharing.fields_of(self))

    @property
    def seo_title_or_headline(self):
        return self.share_card().title

    @property
    def share_image(self):
        """The picture a link to the article shares: the social image, else the lead image."""
        return self.share_card().image_url

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        updating = not self._state.adding and kwargs.get("update_fields") is None
        update_fields = kwargs.get("update_fields")
        # A save of some fields only: the card shows the rest as stored, not as this instance
        # may hold them, so it is rendered from the row once written.
        partial_card = update_fields is not None and bool(set(update_fields) & CARD_SOURCES)
        if updating:
            # Counted in the database, so a save of a stale or restored copy still moves it on.
            self.version = F("version") + 1
        # The write-time values (tallies.py) change in the same transaction as the row.
        # The row as stored before this save is read once, by whichever receiver asks first
        # (stored_before()), and forgotten after it; the new version comes back from the
        # UPDATE itself (RETURNING).
        try:
            with transaction.atomic(savepoint=False):
                self.note_pin()
                self.note_expiry(update_fields)
                if update_fields is not None and "expires_at" in update_fields:
                    kwargs["update_fields"] = [*update_fields, "expiry_settled"]
                super().save(*args, **kwargs)
                if partial_card:
                    cards.store([self.pk])
                # After the save has made the lead image's renditions: the feeds' enclosure
                # is the largest.
                feed_entries.refresh([self.pk])
        finally:
            self.__dict__.pop("_stored_before", None)

    def note_pin(self):
        """A new pin, or one moved to the other place, is the newest: it wins over older ones."""
        if not self.pinned_as:
            self.pinned_at = None
            return
        before = self.stored_before()
        if self.pinned_at is None or before is None or before["pinned_as"] != self.pinned_as:
            self.pinned_at = timezone.now()

    def note_expiry(self, update_fields=None):
        """A settled expiry holds only while the row's expiry stays the one that settled: a new
        expiry (or none) puts the article back in the stored lists' hands, to settle again if
        it has passed. Taken from the row, never from a stale copy or an old revision."""
        before = self.stored_before()
        settled = before is not None and before["expiry_settled"]
        if update_fields is not None and "expires_at" not in update_fields:
            # The expiry is not written, nor is whether it settled: the row's stands.
            self.expiry_settled = settled
            return
        expires_at = self._meta.get_field("expires_at").to_python(self.expires_at)
        self.expiry_settled = bool(
            settled and expires_at is not None and before["expires_at"] == expires_at
        )

    def stored_before(self):
        """During a save, what the row held before it: status, published_at, expires_at,
        corrected_at, translation_of and the card's bylines (cards.CardField), or None for a new
        article. Locked until the save commits, so two saves of one article take turns and each
        follows from the state the other left."""
        if "_stored_before" not in self.__dict__:
            before = None
            if not self._state.adding and self.pk is not None:
                rows = Article.objects.filter(pk=self.pk)
                if transaction.get_connection().in_atomic_block:
                    rows = rows.select_for_update()
                before = rows.values(
                    "status",
                    "published_at",
                    "expires_at",
                    "expiry_settled",
                    "corrected_at",
                    "pinned_as",
                    "pinned_until",
                    "translation_of",
                    *CARD_COLUMNS[1:],
                ).first()
            self._stored_before = before
        return self._stored_before

    def render_markdown_fields(self):
        self.body_html = render_body(self.body)
        if self.pk:
            self.body_html = link_first_mentions(self.body_html, self.subjects())

    def subjects(self):
        """People, organisations and productions the article is about, in that order."""
        return [*self.people.all(), *self.organisations.all(), *self.projects.all()]

    def proposed_subjects(self):
        """Who the text mentions that is not yet a subject, for the editor to accept."""
        current = set(self.subjects())
        return [
            subject
            for subject in find_mentions(self.headline, self.standfirst, self.body)
            if subject not in current
        ]

    def add_subjects(self, subjects):
        relation_for = {
            "person": self.people,
            "organisation": self.organisations,
            "project": self.projects,
        }
        for subject in subjects:
            relation_for[subject._meta.model_name].add(subject)

    def link_mentions(self):
        """The body rendered again, its first mention of each current subject linked."""
        self.body_html = link_first_mentions(render_body(self.body), self.subjects())

    def refresh_mention_links(self):
        """Link subjects added after the body was rendered (the admin saves them last)."""
        self.link_mentions()
        with transaction.atomic(savepoint=False):
            Article.objects.filter(pk=self.pk).update(body_html=self.body_html)
            feed_entries.refresh([self.pk])

    def is_authored_by(self, user):
        return self.authors.filter(user=user).exists()

    def can_be_edited_by(self, user):
        """Editors edit anything; a writer edits their own bylines until they are published."""
        if not (user.is_active and user.is_staff):
            return False
        if is_editor(user):
            return True
        if not user.has_perm("articles.change_article"):
            return False
        if self.pk is None:
            return user.has_perm("articles.add_article")
        saved_status = Article.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        return saved_status in self.WRITABLE_STATUSES and self.is_authored_by(user)

    def statuses_open_to(self, user):
        """The statuses this user may leave the article in, from where it stands now."""
        if is_editor(user):
            return list(self.Status)
        if self.status == self.Status.PUBLISHED:
            return []
        return list(self.WRITABLE_STATUSES)

    def check_transition(self, to_status, by):
        if not self.can_be_edited_by(by) or to_status not in self.statuses_open_to(by):
            label = self.Status(to_status).label.lower()
            raise TransitionNotAllowed(f"You may not move “{self}” to {label}.")

    def record_status_change(self, from_status, by):
        if from_status == self.status:
            return None
        return self.status_changes.create(
            from_status=from_status or "",
            to_status=self.status,
            changed_by=by,
            published_at=self.published_at if self.status == self.Status.PUBLISHED else None,
        )

    def _move_to(self, to_status, by, **changes):
        self.check_transition(to_status, by)
        from_status = self.status
        with reversion.create_revision():
            self.status = to_status
            for field, value in changes.items():
                setattr(self, field, value)
            self.last_edited_by = by
            self.save()
            reversion.set_user(by)
            reversion.set_comment(f"Status: {self.Status(from_status).label} → {self.status_label}")
        self.record_status_change(from_status, by)

    def submit_for_review(self, by):
        if self.status != self.Status.DRAFT:
            raise TransitionNotAllowed(f"“{self}” is not a draft.")
        self._move_to(self.Status.IN_REVIEW, by)

    def publish(self, by, at=None):
        """Publish now, or at `at`: a future time schedules the article, with no job to run."""
        self._move_to(
            self.Status.PUBLISHED, by, published_at=at or self.published_at or timezone.now()
        )

    def unpublish(self, by):
        """Take the article off every page and feed; it goes back to the drafts."""
        if self.status != self.Status.PUBLISHED:
            raise TransitionNotAllowed(f"“{self}” is not published.")
        self._move_to(self.Status.DRAFT, by)

    @property
    def status_label(self):
        if self.is_scheduled:
            return "Scheduled"
        if self.is_expired:
            return "Expired"
        return self.get_status_display()

    def is_published(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and not (self.expires_at is not None and self.expires_at <= now)
        )

    @property
    def is_expired(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def refresh_corrected_at(self):
        """Keep `corrected_at` on the row so lists and feeds show "updated" without a join."""
        from . import tallies

        latest = self.corrections.aggregate(latest=models.Max("made_at"))["latest"]
        with transaction.atomic(savepoint=False):
            before = Article.objects.filter(pk=self.pk).values_list("corrected_at", flat=True)
            before = before.first()
            Article.objects.filter(pk=self.pk).update(corrected_at=latest)
            tallies.note_correction(self.pk, before)
            if (before is None) != (latest is None):
                # The card says "Updated" while the article has a correction.
                cards.store([self.pk])
            feed_entries.refresh([self.pk])
        self.corrected_at = latest


class ArticleTally(models.Model):
    """A list's number of published articles, scheduled ones included, kept at write time and
    read through tallies.py: its key is the list's dependency key ("news", "news-2021-05",
    "tag-7-articles"). The "news" row also keeps the latest publication or correction."""

    key = models.CharField(max_length=100, primary_key=True)
    # Signed: should a bulk write skip the upkeep, a save must still go through.
    count = models.IntegerField(default=0)
    latest = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.key}: {self.count}"


class FeedEntry(models.Model):
    """An article as each feed format carries it, kept at write time by feed_entries.py, with
    the request's origin still to be put in: feeds read their items with their dates."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="feed_entry"
    )
    # The item's dependency keys: its bylines' ids, comma-separated.
    bylines = models.TextField(blank=True)
    rss = models.TextField()
    atom = models.TextField()
    json = models.TextField()
    # The three items again, where they differ over https ("//" addresses): rarely.
    https = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "feed entries"

    def __str__(self):
        return f"Feed entry of article {self.article_id}"


class RelatedArticle(models.Model):
    """One of an article's related articles (tallies.py says which), kept at write time.

    The entry's shared tags and publication time are kept with it so that the list's weakest
    entry (rank 3 of a full list) tells, in SQL, whether another article now enters the list.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_entries")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="shown_in")
    rank = models.PositiveSmallIntegerField()
    shared_tags = models.PositiveSmallIntegerField()
    related_published_at = models.DateTimeField()

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "rank"], name="relatedarticle_rank"),
        ]
        # The lists that show an article, when it changes.
        indexes = [models.Index(fields=["related"], name="relatedarticle_related")]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} ({self.rank})"


class TagCombination(models.Model):
    """One combination of a published article's tags ("3,17": the sorted tag ids), with its
    publication time: the newest articles holding every tag of a combination, before or
    after a moment, are an index seek away. That is all ranking related articles needs
    (tallies.py). An article with more than tallies.WIDE tags has one row, tags "*", instead.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    tags = models.CharField(max_length=200)
    published_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["tags", "published_at", "article"], name="tagcombination_holders"),
            models.Index(fields=["article"], name="tagcombination_article"),
        ]

    def __str__(self):
        return f"{self.article_id}: {self.tags}"


class ListEntry(models.Model):
    """A published article (scheduled ones included) on a subject's list (a tag's, a person's,
    an organisation's, a production's, a byline's), with its publication time, kept at write
    time by tallies.py: a page of the subject's newest (or oldest) articles is one range of an
    index, whatever share of the news the subject has (articles/lists.py)."""

    kind = models.CharField(max_length=20)  # "tag", "person"... as in articles_key()
    subject = models.BigIntegerField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["kind", "subject", "published_at", "article"], name="listentry_by_time"
            ),
            models.Index(fields=["article"], name="listentry_article"),
        ]

    def __str__(self):
        return f"{self.kind}-{self.subject}: {self.article_id}"


class StatusChange(models.Model):
    """The audit trail: who moved an article between draft, review and publication, and when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the article goes live, if this change published it."
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["article", "changed_at"], name="statuschange_article")]

    def __str__(self):
        return f"{self.get_from_status_display() or 'New'} → {self.get_to_status_display()}"

    @property
    def scheduled(self):
        return self.published_at is not None and self.published_at > self.changed_at


class ReviewNote(models.Model):
    """A note to the desk, left with a submission, a piece sent back, or any save."""

    class Move(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        SENT_BACK = "sent_back", "Sent back"
        NOTE = "note", "Note"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    move = models.CharField(max_length=20, choices=Move.choices, default=Move.NOTE)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "created_at"], name="reviewnote_article")]

    def __str__(self):
        return f"{self.get_move_display()}: {self.text[:50]}"


class Source(models.Model):
    """A report the article draws on ("BBC News reports…")."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    publisher = models.CharField(max_length=200)
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    # Readers trace a report by publisher and date; a title or address nobody checked would
    # send them after something that may not exist.
    as_of = models.DateField(
        "as of",
        null=True,
        blank=True,
        help_text="The report's date, or when only a later report citing it is known, that "
        "report's date.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.title else self.publisher


def render_correction(text, made_at):
    """A correction's text as HTML: its footnotes named by its time, apart from the body's and
    the other corrections' on the article's page."""
    made_at = models.DateTimeField().to_python(made_at)
    return render_markdown(text, f"correction-{made_at:%Y%m%d%H%M%S%f}")


def correction_anchor(pk):
    """The id of correction `pk` on its article's page, where the corrections feed and page
    link to."""
    return f"correction-{pk}"


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        """The corrections readers may see: those of the articles they may see now."""
        return self.filter(article__in=Article.objects.published())


class Correction(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    made_at = models.DateTimeField(default=timezone.now, db_index=True)
    text = models.TextField(help_text="What was wrong and what is right now. Markdown.")
    text_html = models.TextField(blank=True, editable=False)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self):
        return f"Correction to “{self.article}” ({self.made_at:%d %b %Y})"

    def save(self, *args, **kwargs):
        self.text_html = render_correction(self.text, self.made_at)
        super().save(*args, **kwargs)
        self.article.refresh_corrected_at()

    def delete(self, *args, **kwargs):
        article = self.article
        result = super().delete(*args, **kwargs)
        article.refresh_corrected_at()
        return result


class Autosave(models.Model):
    """What an editor has typed on an article's page and not yet saved, kept every few seconds
    while they type so a closed tab or a crash loses nothing. Apart from the article on
    purpose: it never changes the article, its revisions or anyone else's words. One per
    editor and article; a new, never-saved article is told apart by the page's token."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, blank=True)
    base_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The article's version the editor's page started from."
    )
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=models.Q(article__isnull=False),
                name="autosave_one_per_editor_and_article",
            ),
            models.UniqueConstraint(
                fields=["user", "token"],
                condition=models.Q(article__isnull=True),
                name="autosave_one_per_new_article_page",
            ),
        ]

    def __str__(self):
        return f"Autosave of “{self.fields.get('headline') or 'a new article'}”"


reversion.register(Source)
reversion.register(Correction)
# The last editor describes the row now, not the text a revision keeps; the card is made again
# from the rest on every save. The version counter stays, so that the revision a stale form
# started from can be found (articles/admin/conflict.py).
reversion.register(
    Article,
    follow=["sources", "corrections"],
    exclude=["last_edited_by", "expiry_settled", *CARD_COLUMNS],
)


@receiver(m2m_changed, sender=Article.people.through)
@receiver(m2m_changed, sender=Article.organisations.through)
@receiver(m2m_changed, sender=Article.projects.through)
def link_new_subjects(sender, instance, action, reverse, pk_set, **kwargs):
    """However subjects are set or taken off (admin, demo loader, shell), the body links them."""
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            instance.refresh_mention_links()
    elif action == "pre_clear":
        # Which articles lose the subject can only be read before the rows go.
        instance._unlinked_articles = list(instance.articles.values_list("pk", flat=True))
    elif action == "post_clear":
        unlinked = instance.__dict__.pop("_unlinked_articles", [])
        Article.objects.filter(pk__in=unlinked).relink_mentions()
    elif action in {"post_add", "post_remove"} and pk_set:
        Article.objects.filter(pk__in=pk_set).relink_mentions()


def _mention_links_of(subject):
    """What the links to `subject` depend on: the names they match and the slug they go to."""
    return subject.slug, subject.names


@receiver(pre_save, sender="people.Person")
@receiver(pre_save, sender="people.Organisation")
@receiver(pre_save, sender="projects.Project")
def note_renamed_subject(sender, instance, raw, **kwargs):
    if raw or instance.pk is None:
        return
    saved = sender.objects.filter(pk=instance.pk).only(*instance.name_fields, "aliases", "slug")
    saved = saved.first()
    instance._mention_links_moved = saved is not None and (
        _mention_links_of(saved) != _mention_links_of(instance)
    )


@receiver(post_save, sender="people.Person")
@receiver(post_save, sender="people.Organisation")
@receiver(post_save, sender="projects.Project")
def relink_renamed_subject(sender, instance, **kwargs):
    """A renamed or re-slugged subject's links follow it in every article, in the same
    transaction: no article points at its old address, which may now be nobody's."""
    if instance.__dict__.pop("_mention_links_moved", False):
        instance.articles.all().relink_mentions()


@receiver(pre_delete, sender="people.Person")
@receiver(pre_delete, sender="people.Organisation")
@receiver(pre_delete, sender="projects.Project")
def unlink_deleted_subject(sender, instance, **kwargs):
    """A deleted subject stops being one first, so its mentions become plain text."""
    instance.articles.clear()


class PreviewLinkQuerySet(models.QuerySet):
    def working(self):
        """Links that still open their preview: neither revoked nor past their expiry."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A link to an article's preview for someone without a login (a source checking a quote,
    a lawyer), until it expires or is revoked. The address carries the token signed with the
    site's key (articles/preview_links.py): the token alone, as a copy of the database holds
    it, opens nothing, and the article page can list the address again for copying."""

    # What an editor may choose; the longest is the most a link lasts.
    LIFETIMES = {
        "1h": ("1 hour", datetime.timedelta(hours=1)),
        "1d": ("1 day", datetime.timedelta(days=1)),
        "7d": ("7 days", datetime.timedelta(days=7)),
        "30d": ("30 days", datetime.timedelta(days=30)),
    }
    LONGEST = datetime.timedelta(days=30)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, editable=False)
    shared_with = models.CharField(
        "for whom",
        max_length=200,
        help_text="Who the link is for, e.g. “Anna Ivanova, to check her quotes”.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Preview of “{self.article}” for {self.shared_with}"

    def get_absolute_url(self):
        from .preview_links import signed

        return reverse("articles:shared-preview", args=[signed(self.token)])

    def is_working(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


def articles_showing(image):
    """The ids of the articles whose bodies show library image `image`: read once for each
    save or deletion of it, by each receiver that follows it."""
    if "_articles_showing" not in image.__dict__:
        shown = Article.objects.showing_image(image.pk).values_list("pk", flat=True)
        image._articles_showing = list(shown)
    return image._articles_showing


@receiver(pre_save, sender="newsroom.Image")
@receiver(pre_delete, sender="newsroom.Image")
def forget_articles_showing(sender, instance, **kwargs):
    instance.__dict__.pop("_articles_showing", None)


@receiver(post_save, sender="newsroom.Image")
@receiver(post_delete, sender="newsroom.Image")
def render_bodies_showing_image(sender, instance, raw=False, **kwargs):
    """A library image changed or deleted: the bodies showing it are rendered again in the
    same transaction, so none shows its old caption or a picture that is gone, and search
    reads their words as they are now."""
    if raw:
        return
    shown = articles_showing(instance)
    if shown:
        Article.objects.filter(pk__in=shown).relink_mentions()
        index_objects(Article, shown)


# Webhooks live in their own module, beside the articles they announce.
from .webhook_models import Webhook, WebhookDelivery  # noqa: E402, F401
