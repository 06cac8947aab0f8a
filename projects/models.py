from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from newsroom.images import RenditionsMixin
from newsroom.models import (
    AliasedModel,
    LibraryImageMixin,
    MarkdownModel,
    SluggedModel,
    image_dimension_field,
    image_field,
    library_image_link,
)

from .race_box import race_box
from .rows import ROW_FIELDS, milestone_rows


class TaggedProject(TaggedItemBase):
    content_object = models.ForeignKey("Project", on_delete=models.CASCADE)


class ProjectQuerySet(models.QuerySet):
    def for_race_box(self):
        """The first rival pair as the home page's race box shows it: rows (race_box.Rival),
        each with its last milestone that happened and next planned one, in one query."""
        return race_box(timezone.localdate())

    def for_index(self):
        """The productions index's rows: what each card shows, its rival's title and slug."""
        return self.values(
            "pk",
            *CARD_FIELDS,
            "rival_id",
            "rival__title",
            "rival__slug",
        )

    def for_race(self):
        """The race's rivals with the fields their sides show, as values() rows of the fields'
        own names: one query."""
        return self.race().values("id", *SHOWN_FIELDS)

    def for_page(self):
        """A production's own fields as its page shows them (values() rows of the fields' own
        names), its rival's title and slug, and whether it is one of the pair the race page
        shows (`in_the_race`): one query."""
        return self.values(
            "id",
            *PAGE_FIELDS,
            "rival__title",
            "rival__slug",
            in_the_race=Exists(Project.objects.race().filter(pk=OuterRef("pk"))),
        )

    def race(self):
        """The first pair of rivals (by age): the race page, its feed and the home page show."""
        leader = self.filter(rival__isnull=False).order_by("pk").values("pk")[:1]
        # The one production naming the leader as its rival (a rival is one-to-one): each of the
        # pair is then found by its key, where "or whose rival is the leader" reads them all.
        challenger = self.filter(rival=Subquery(leader)).order_by().values("pk")[:1]
        return self.filter(Q(pk=Subquery(leader)) | Q(pk=Subquery(challenger))).order_by("pk")


# What a production's card shows, in the index.
CARD_FIELDS = (
    "title",
    "slug",
    "native_title",
    "status",
    "country",
    "logline",
    "poster",
    "poster_width",
    "poster_height",
    "poster_alt",
)
# What its page and the race read besides: its other names (for JSON-LD) and its rival.
SHOWN_FIELDS = (*CARD_FIELDS, "aliases", "rival_id")
# And what its own page reads besides.
PAGE_FIELDS = (*SHOWN_FIELDS, "synopsis_html", "poster_credit")


class Project(LibraryImageMixin, RenditionsMixin, SluggedModel, AliasedModel, MarkdownModel):
    """A production: a film or series being made, possibly in space."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        IN_DEVELOPMENT = "in_development", "In development"
        IN_TRAINING = "in_training", "In training"
        FILMING = "filming", "Filming"
        POST_PRODUCTION = "post_production", "Post-production"
        RELEASED = "released", "Released"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    native_title = models.CharField(max_length=200, blank=True, help_text="e.g. Вызов.")
    aliases = models.TextField(
        blank=True, help_text="Working titles and other names, one per line."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ANNOUNCED, db_index=True
    )
    country = models.CharField(max_length=100, blank=True)
    logline = models.CharField(max_length=300, blank=True, help_text="One sentence.")
    synopsis = models.TextField(blank=True, help_text="Markdown.")
    synopsis_html = models.TextField(blank=True, editable=False)
    poster = image_field("projects/", "poster")
    poster_width = image_dimension_field()
    poster_height = image_dimension_field()
    poster_library_image = library_image_link("poster_of_projects", "poster")
    poster_credit = models.CharField(max_length=200, blank=True)
    poster_alt = models.CharField(max_length=300, blank=True)
    backers = models.ManyToManyField(
        "people.Organisation", blank=True, related_name="backed_projects"
    )
    rival = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The competing production. Kept symmetric: its rival becomes this one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tags = TaggableManager(through=TaggedProject, blank=True)

    objects = ProjectQuerySet.as_manager()

    slug_source = "title"
    name_fields = ("title", "native_title")
    markdown_fields = {"synopsis": "synopsis_html"}
    rendition_fields = ("poster",)
    library_fields = {
        "poster": ("poster_library_image", {"poster_alt": "alt", "poster_credit": "credit"})
    }

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~Q(rival=F("pk")), name="project_not_own_rival")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def clean(self):
        """The rule forms check; the database's constraint refuses whatever skips them."""
        super().clean()
        if self.pk and self.rival_id == self.pk:
            raise ValidationError({"rival": "A production cannot be its own rival."})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            previous_rival_id = None
            if self.pk:
                previous_rival_id = (
                    Project.objects.filter(pk=self.pk).values_list("rival_id", flat=True).first()
                )
            if self.rival_id:
                # Free the new rival before pointing at it: one rival each, both ways.
                Project.objects.filter(rival_id=self.rival_id).exclude(pk=self.pk).update(
                    rival=None
                )
            super().save(*args, **kwargs)
            if previous_rival_id != self.rival_id or self.rival_id:
                Project.objects.filter(rival_id=self.pk).exclude(pk=self.rival_id).update(
                    rival=None
                )
                if self.rival_id:
                    Project.objects.filter(pk=self.rival_id).update(rival=self.pk)


class Credit(models.Model):
    """A person's part in a production."""

    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        ACTOR = "actor", "Actor"
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        COSMONAUT = "cosmonaut", "Cosmonaut / astronaut"
        PARTNER = "partner", "Partner"
        ADVISER = "adviser", "Adviser"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=20, choices=Role.choices)
    character = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["project", "order"])]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person", "role"], name="credit_unique_role_per_person"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} on {self.project}"


class MilestoneQuerySet(models.QuerySet):
    def in_timeline_order(self):
        return self.order_by(Coalesce("happened_on", "planned_for").asc(nulls_last=True), "pk")

    def for_rows(self):
        """These milestones in timeline order, as values() rows of what pages show of them."""
        return self.in_timeline_order().values(*ROW_FIELDS)

    def rows(self, today):
        """These milestones in timeline order as pages show them, as of `today`: one query."""
        return milestone_rows(self.for_rows(), today)

    def rows_from(self, values_rows, today):
        """Milestones a page read itself (values() rows of for_rows(), from a prepared query)
        as pages show them, as of `today`."""
        return milestone_rows(values_rows, today)

    def happened(self):
        return self.filter(status=Milestone.Status.HAPPENED)

    def upcoming(self, today=None):
        """Still planned, for `today` (the local date unless given: a prepared query's
        parameter) or later, or undated: a slipped or passed date is not what comes next,
        however it was once announced."""
        return self.filter(status=Milestone.Status.PLANNED).filter(
            Q(planned_for__isnull=True) | Q(planned_for__gte=today or timezone.localdate())
        )


class Milestone(models.Model):
    """A date someone promised and, on the same row, the date it really happened."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", "Announcement"
        CASTING = "casting", "Casting"
        TRAINING = "training", "Training"
        LAUNCH = "launch", "Launch"
        FILMING = "filming", "Filming"
        LANDING = "landing", "Landing"
        PREMIERE = "premiere", "Premiere"
        DELAY = "delay", "Delay"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HAPPENED = "happened", "Happened"
        SLIPPED = "slipped", "Slipped"
        CANCELLED = "cancelled", "Cancelled"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    planned_for = models.DateField(
        null=True, blank=True, db_index=True, help_text="The date that was promised, if any."
    )
    happened_on = models.DateField(
        null=True, blank=True, db_index=True, help_text="The date it really happened."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    claimed_by = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_milestones",
        help_text="Who announced or promised the date.",
    )
    source = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        help_text="The article that reported it.",
    )
    note = models.TextField(blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = [Coalesce("happened_on", "planned_for").asc(nulls_last=True), "pk"]

    def __str__(self):
        return f"{self.project}: {self.title}"

    def clean(self):
        super().clean()
        if self.status == self.Status.HAPPENED and not self.happened_on:
            raise ValidationError({"happened_on": "Give the date it happened."})
        if not self.planned_for and not self.happened_on:
            raise ValidationError("Give the promised date, the real date, or both.")
