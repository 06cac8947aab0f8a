from django.db import models
from django.urls import reverse
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


class TaggedPerson(TaggedItemBase):
    content_object = models.ForeignKey("Person", on_delete=models.CASCADE)


class TaggedOrganisation(TaggedItemBase):
    content_object = models.ForeignKey("Organisation", on_delete=models.CASCADE)


def far_side(model, relation):
    """The model at the other end of `relation`: productions declare credits, milestones and
    backers on people, and sit above them, so people reach them only through these relations."""
    return model._meta.get_field(relation).related_model


class PersonQuerySet(models.QuerySet):
    def for_index(self):
        """The people index's rows: what each person's card shows."""
        return self.values(
            "pk",
            "name",
            "slug",
            "native_name",
            "description",
            "photo",
            "photo_width",
            "photo_height",
            "photo_alt",
        )

    def for_page(self):
        """A person's own fields as their page shows them (their other names for JSON-LD), as
        values() rows of the fields' own names."""
        return self.values(
            "id",
            "name",
            "slug",
            "native_name",
            "aliases",
            "description",
            "bio_html",
            "photo",
            "photo_width",
            "photo_height",
            "photo_credit",
            "photo_alt",
            "country",
        )


class OrganisationQuerySet(models.QuerySet):
    def for_index(self):
        """The organisations index's rows: what each organisation's card shows."""
        return self.values(
            "pk",
            "name",
            "slug",
            "native_name",
            "kind",
            "country",
            "logo",
            "logo_width",
            "logo_height",
            "logo_alt",
        )

    def for_page(self):
        """An organisation's own fields as its page shows them (its other names for JSON-LD), as
        values() rows of the fields' own names."""
        return self.values(
            "id",
            "name",
            "slug",
            "native_name",
            "aliases",
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


class Person(LibraryImageMixin, RenditionsMixin, SluggedModel, AliasedModel, MarkdownModel):
    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    native_name = models.CharField(
        max_length=200, blank=True, help_text="The name in its own script, e.g. Юлия Пересильд."
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other spellings, one per line (e.g. Shepenko). Used by search and mentions.",
    )
    description = models.CharField(
        max_length=200, blank=True, help_text='A few words: "actress", "head of Channel One".'
    )
    bio = models.TextField(blank=True, help_text="Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    photo = image_field("people/", "photo")
    photo_width = image_dimension_field()
    photo_height = image_dimension_field()
    photo_library_image = library_image_link("photo_of_people", "photo")
    photo_credit = models.CharField(max_length=200, blank=True)
    photo_alt = models.CharField(
        max_length=300, blank=True, help_text="What the photo shows, for readers who cannot see it."
    )
    country = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tags = TaggableManager(through=TaggedPerson, blank=True)

    markdown_fields = {"bio": "bio_html"}
    rendition_fields = ("photo",)
    library_fields = {
        "photo": ("photo_library_image", {"photo_alt": "alt", "photo_credit": "credit"})
    }

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})


class Organisation(LibraryImageMixin, RenditionsMixin, SluggedModel, AliasedModel, MarkdownModel):
    class Kind(models.TextChoices):
        SPACE_AGENCY = "space_agency", "Space agency"
        STUDIO = "studio", "Studio"
        BROADCASTER = "broadcaster", "Broadcaster"
        COMPANY = "company", "Company"
        NEWS_OUTLET = "news_outlet", "News outlet"

    name = models.CharField(max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    native_name = models.CharField(max_length=200, blank=True, help_text="e.g. Роскосмос.")
    aliases = models.TextField(blank=True, help_text="Other names, one per line.")
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    country = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    logo = image_field("organisations/", "logo")
    logo_width = image_dimension_field()
    logo_height = image_dimension_field()
    logo_library_image = library_image_link("logo_of_organisations", "logo")
    logo_alt = models.CharField(max_length=300, blank=True)
    logo_credit = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    tags = TaggableManager(through=TaggedOrganisation, blank=True)

    markdown_fields = {"description": "description_html"}
    rendition_fields = ("logo",)
    library_fields = {"logo": ("logo_library_image", {"logo_alt": "alt", "logo_credit": "credit"})}

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:organisation-detail", kwargs={"slug": self.slug})
