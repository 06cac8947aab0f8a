import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from newsroom.images import RenditionsMixin
from newsroom.models import MarkdownModel, SluggedModel, image_dimension_field, image_field
from newsroom.text import render_markdown


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)


class Author(SluggedModel, MarkdownModel):
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

    markdown_fields = {"bio": "bio_html"}

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and not scheduled for later (database clock)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=Now())

    def for_list(self):
        """The shape of every list of articles: bylines and tags in two queries, however long."""
        return self.prefetch_related(
            Prefetch("authors", queryset=Author.objects.only("name", "slug")),
            "tags",
        )

    def for_detail(self):
        """The article page's shape: a list's, plus sources, corrections and every subject."""
        from people.models import Organisation, Person
        from projects.models import Project

        return self.for_list().prefetch_related(
            "sources",
            "corrections",
            Prefetch("people", queryset=Person.objects.only("name", "slug", "description")),
            Prefetch("organisations", queryset=Organisation.objects.only("name", "slug", "kind")),
            Prefetch("projects", queryset=Project.objects.only("title", "slug", "status")),
        )

    def illustrated(self):
        return self.exclude(lead_image="")

    def related_to(self, article):
        """Articles sharing tags with `article`: the most shared tags first, then the newest."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        return (
            self.exclude(pk=article.pk)
            .filter(tags__in=tag_ids)
            .annotate(shared_tags=models.Count("tags"))
            .order_by("-shared_tags", "-published_at", "-pk")
        )


class Article(RenditionsMixin, SluggedModel, MarkdownModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250, unique=True, blank=True)
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    corrected_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the latest correction was made."
    )
    authors = models.ManyToManyField(Author, blank=True, related_name="articles")

    lead_image = image_field("articles/%Y/%m/", "lead_image")
    lead_image_width = image_dimension_field()
    lead_image_height = image_dimension_field()
    lead_image_credit = models.CharField(max_length=200, blank=True)
    lead_image_caption = models.CharField(max_length=300, blank=True)
    lead_image_alt = models.CharField(
        max_length=300, blank=True, help_text="What the image shows, for readers who cannot see it."
    )

    people = models.ManyToManyField("people.Person", blank=True, related_name="articles")
    organisations = models.ManyToManyField(
        "people.Organisation", blank=True, related_name="articles"
    )
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="articles")

    tags = TaggableManager(through=TaggedArticle, blank=True)

    objects = ArticleQuerySet.as_manager()

    slug_source = "headline"
    markdown_fields = {"body": "body_html"}
    rendition_fields = ("lead_image",)

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["-published_at"], name="article_published_at"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.lead_image and not self.lead_image_alt:
            raise ValidationError(
                {"lead_image_alt": "Describe the image for readers who cannot see it."}
            )

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
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
        latest = self.corrections.aggregate(latest=models.Max("made_at"))["latest"]
        Article.objects.filter(pk=self.pk).update(corrected_at=latest)
        self.corrected_at = latest


class Source(models.Model):
    """A report the article draws on ("BBC News reports…")."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    publisher = models.CharField(max_length=200)
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.title else self.publisher


class Correction(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    made_at = models.DateTimeField(default=timezone.now, db_index=True)
    text = models.TextField(help_text="What was wrong and what is right now. Markdown.")
    text_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self):
        return f"Correction to “{self.article}” ({self.made_at:%d %b %Y})"

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        super().save(*args, **kwargs)
        self.article.refresh_corrected_at()

    def delete(self, *args, **kwargs):
        article = self.article
        result = super().delete(*args, **kwargs)
        article.refresh_corrected_at()
        return result
