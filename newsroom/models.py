from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Now
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag

from .images import RenditionsMixin, validate_image
from .slugs import unique_slug
from .text import image_references, normalise_text, render_markdown

# The apps whose rows readers see, and whose text editors type (taggit's for tag names).
CONTENT_APPS = {"articles", "people", "projects", "taggit"}


class SizedImageField(models.ImageField):
    """An ImageField that measures a picture once, when it is uploaded. Django measures it
    again on every assignment, which a form's save makes: that opens a stored file each time,
    and a file missing from a restored media folder would stop an editor's save. Stored files
    are content-named and never change, so the size recorded with them stays true."""

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        sizes = (self.width_field, self.height_field)
        if self.attname in instance.__dict__ and all(name in instance.__dict__ for name in sizes):
            file = getattr(instance, self.attname)
            if file and file._committed and all(instance.__dict__[name] for name in sizes):
                return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def deconstruct(self):
        # The same column as an ImageField: no migration tells them apart.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


def image_field(upload_to, name):
    """An image field that records its size: pages lay out renditions without opening files."""
    return SizedImageField(
        upload_to=upload_to,
        blank=True,
        validators=[validate_image],
        width_field=f"{name}_width",
        height_field=f"{name}_height",
        help_text="JPEG, PNG, WebP or GIF; at most 10 MB and 40 megapixels.",
    )


def image_dimension_field():
    return models.PositiveIntegerField(null=True, blank=True, editable=False)


class SluggedModel(models.Model):
    """Fills the slug from `slug_source` when an editor leaves it empty."""

    slug_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, getattr(self, self.slug_source))
        super().save(*args, **kwargs)


def spellings(own_names, aliases):
    """Every spelling of something: its own names, then its aliases (one a line), blanks left
    out. AliasedModel.names for an instance; search results call it with rows' values."""
    aliases = [alias.strip() for alias in aliases.splitlines()]
    return [name for name in [*own_names, *aliases] if name]


class AliasedModel(models.Model):
    """Something readers may name several ways: its own name, a native-script one, aliases.

    Search and mention detection read `names`; `aliases` holds one spelling a line.
    """

    name_fields = ("name", "native_name")

    class Meta:
        abstract = True

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.aliases.splitlines() if alias.strip()]

    @property
    def names(self):
        """Every spelling that refers to this, its main name first."""
        return spellings([getattr(self, field) for field in self.name_fields], self.aliases)

    @property
    def other_names(self):
        """Every spelling but the main name: the native one, then the aliases. (Not names[1:]:
        a main name normalised to nothing would take the first alias with it.)"""
        return spellings([getattr(self, field) for field in self.name_fields[1:]], self.aliases)


class MarkdownModel(models.Model):
    """Keeps the sanitised HTML of each Markdown field next to it, rendered once on save."""

    markdown_fields = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.render_markdown_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            touched = set(update_fields)
            kwargs["update_fields"] = touched | {
                target for source, target in self.markdown_fields.items() if source in touched
            }
        super().save(*args, **kwargs)

    def render_markdown_fields(self):
        for source, target in self.markdown_fields.items():
            setattr(self, target, render_markdown(getattr(self, source)))


@receiver(pre_save)
def normalise_content_text(sender, instance, **kwargs):
    """Every text field of content, normalised however it is saved: the admin, a management
    command or the ORM. A restore from a backup keeps the text as it was exported."""
    if sender._meta.app_label not in CONTENT_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                multi_line = isinstance(field, models.TextField)
                setattr(instance, field.attname, normalise_text(value, multi_line))


class FormerSlugQuerySet(models.QuerySet):
    def remember(self, instance):
        """Keep the slug `instance` has in the database if it is about to save another one."""
        stored = (
            type(instance)
            ._default_manager.filter(pk=instance.pk)
            .values_list("slug", flat=True)
            .first()
        )
        if not stored or stored == instance.slug:
            return
        content_type = ContentType.objects.get_for_model(instance)
        # The new slug is this object's now: no history of it may lead elsewhere.
        self.filter(content_type=content_type, slug=instance.slug).delete()
        self.update_or_create(
            content_type=content_type,
            slug=stored,
            defaults={"object_id": instance.pk, "created_at": timezone.now()},
        )

    def renamed(self, queryset, slug):
        """The row of `queryset` that had `slug` before, unless something else has it now."""
        model = queryset.model
        content_type = ContentType.objects.get_for_model(model)
        former = self.filter(content_type=content_type, slug=slug).values("object_id")
        taken = model._default_manager.filter(slug=slug)
        return queryset.filter(pk__in=former).filter(~models.Exists(taken)).first()


class FormerSlug(models.Model):
    """An address a page had before its slug changed: readers' links and search results still
    lead to it. Kept for articles, authors, people, organisations, productions and tags."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    slug = models.CharField(max_length=250)
    created_at = models.DateTimeField(default=timezone.now, help_text="When the slug was left.")

    objects = FormerSlugQuerySet.as_manager()

    class Meta:
        constraints = [
            # The last to leave a slug is where it leads.
            models.UniqueConstraint(fields=["content_type", "slug"], name="former_slug_unique")
        ]

    def __str__(self):
        return self.slug


def remember_former_slug(sender, instance, raw, update_fields, **kwargs):
    """Whichever way a slug changes (admin, shell, a command), the old one is kept.

    Migrations' historical models do not come through here: a data migration that changes
    slugs records the old ones itself (see articles' 0008_no_digit_only_slugs).
    """
    if raw or instance._state.adding or not isinstance(instance, (SluggedModel, Tag)):
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    FormerSlug.objects.remember(instance)


def validate_focal_coordinate(value):
    if not 0 <= value <= 1:
        raise ValidationError(
            "A focal point is a fraction of the picture, from 0 (left or top) to 1 (right or "
            "bottom); %(value)s is outside it.",
            code="focal_point",
            params={"value": value},
        )


class Image(RenditionsMixin, models.Model):
    """A picture in the library: uploaded once, with what readers are told about it, and shown
    as lead images and in articles' bodies."""

    file = models.ImageField(
        upload_to="library/%Y/%m/",
        validators=[validate_image],
        width_field="file_width",
        height_field="file_height",
        help_text="JPEG, PNG, WebP or GIF; at most 10 MB and 40 megapixels.",
    )
    file_width = image_dimension_field()
    file_height = image_dimension_field()
    alt = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the image shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    focal_x = models.FloatField(
        "focal point across",
        null=True,
        blank=True,
        validators=[validate_focal_coordinate],
        help_text="Where the picture's subject is, from 0 (left edge) to 1 (right edge): crops "
        "keep it in view.",
    )
    focal_y = models.FloatField(
        "focal point down",
        null=True,
        blank=True,
        validators=[validate_focal_coordinate],
        help_text="From 0 (top edge) to 1 (bottom edge).",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    rendition_fields = ("file",)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.caption or self.alt or self.file.name

    def clean(self):
        super().clean()
        if (self.focal_x is None) != (self.focal_y is None):
            missing = "focal_y" if self.focal_y is None else "focal_x"
            raise ValidationError(
                {missing: "Give the focal point both across and down, or neither."}
            )


BODY_IMAGE_FIELDS = ("pk", "file", "file_width", "file_height", "alt", "caption", "credit")


def body_images(ids):
    """{id: what a body shows of it} for the library's images `ids`: one query."""
    rows = Image.objects.filter(pk__in=ids).values(*BODY_IMAGE_FIELDS)
    return {row["pk"]: row for row in rows}


def render_body(text, notes_id=None):
    """Markdown that may show the library's images (render_markdown with them)."""
    return render_markdown(text, notes_id, library_images=body_images)


def missing_images(text):
    """The ids `text` refers to that the library does not have, in order."""
    wanted = image_references(text)
    if not wanted:
        return []
    found = set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    return sorted(wanted - found)


class LibraryImageMixin(models.Model):
    """A row whose picture comes from the image library: the library's image is the one source
    of truth, and the row's own image fields keep a copy of it (file, size, alt text...) so
    that cards, feeds and pages read them as before. An upload into the row's image field is
    stored as it always was, and goes into the library as it is saved.

    `library_fields`: {image field: (the link to the library, {own field: library field})}.
    """

    library_fields = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            super().save(*args, **kwargs)
            return
        uploads = self.take_library_images()
        if not uploads:
            super().save(*args, **kwargs)
            return
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            for name in uploads:
                self.put_in_library(name)

    def take_library_images(self):
        """Copy the linked library images onto the row; return the fields holding uploads."""
        stored = getattr(self, "_stored_image_names", {})
        uploads = []
        for name, (link, copies) in self.library_fields.items():
            image = getattr(self, name)
            if image and not image._committed:
                # Stored by this save under the row's own folder, then named by the library.
                setattr(self, link, None)
                uploads.append(name)
                continue
            if not image and stored.get(name) and getattr(self, f"{link}_id") is not None:
                # The editor cleared the picture: the row no longer shows the library's.
                setattr(self, link, None)
            entry = getattr(self, link)
            if entry is None:
                continue
            field = self._meta.get_field(name)
            # Named past the field's descriptor, which would open the file to measure it: the
            # library knows its size, and a file missing from a restored media folder must not
            # stop an editor's save.
            self.__dict__[field.attname] = entry.file.name
            setattr(self, field.width_field, entry.file_width)
            setattr(self, field.height_field, entry.file_height)
            for own, theirs in copies.items():
                setattr(self, own, getattr(entry, theirs))
        return uploads

    def put_in_library(self, name):
        """A library image naming the file just stored in `name`, with the row's words, linked:
        the same file, so the same renditions, and nothing stored twice."""
        link, copies = self.library_fields[name]
        field = self._meta.get_field(name)
        entry = Image(
            file=getattr(self, name).name,
            file_width=getattr(self, field.width_field),
            file_height=getattr(self, field.height_field),
            **{theirs: getattr(self, own) for own, theirs in copies.items()},
        )
        entry.save()
        setattr(self, link, entry)
        # The link alone: nothing a page shows changes, so no second save of the row.
        type(self)._base_manager.filter(pk=self.pk).update(**{link: entry})


def library_image_link(related_name, what):
    """The link from a row to the library image its `what` ("lead image", "photo"...) shows."""
    return models.ForeignKey(
        "newsroom.Image",
        null=True,
        blank=True,
        # Deleting a picture something shows would leave it a copy of nothing: the admin's
        # delete page lists what shows it instead.
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=f"{what} from the library",
        help_text="Pick a picture from the library, or upload one below (it goes into the "
        "library); its alt text, caption and credit are then the library's. Clear both to "
        "show none.",
    )


def library_image_users():
    """[(model, link field)] of every link to the image library."""
    return [
        (model, link)
        for model in apps.get_models()
        if issubclass(model, LibraryImageMixin)
        for link, _copies in model.library_fields.values()
    ]


@receiver(post_save, sender=Image)
def copy_library_image(sender, instance, raw=False, **kwargs):
    """A library image changed: every row showing it takes the change, saved as an edit of the
    row would be (its cards, feed entries and cached pages follow)."""
    if raw:
        return
    for model, link in library_image_users():
        for row in model._default_manager.filter(**{link: instance}):
            row.save()


class OutboxMessage(models.Model):
    """Something to send outside the site (a webhook, an email), stored in the transaction of
    the change that calls for it and sent afterwards by `manage.py outbox_worker`: a crash, a
    slow receiver or one that is down loses nothing and never slows the change. See outbox.py."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=100, help_text="Which handler sends it.")
    key = models.CharField(
        max_length=255, unique=True, help_text="One message per key: nothing is sent twice."
    )
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField(
        db_default=Now(), help_text="When it is to be sent, or tried again."
    )
    created_at = models.DateTimeField(db_default=Now())
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["due_at", "id"],
                name="outbox_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["kind", "status"], name="outbox_kind_status"),
        ]

    def __str__(self):
        return self.key
