from django.db import models

from .images import validate_image
from .slugs import unique_slug
from .text import render_markdown


def image_field(upload_to, name):
    """An image field that records its size: pages lay out renditions without opening files."""
    return models.ImageField(
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
        own = [getattr(self, field) for field in self.name_fields]
        return [name for name in [*own, *self.alias_list] if name]


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


class DemoRecord(models.Model):
    """A row `load_demo` made once: it is never made again, whatever editors did to it since.

    The row is found by model and primary key, so an editor's new slug or name does not make
    the demo load it a second time.
    """

    key = models.CharField(max_length=300, unique=True, help_text="model:demo slug")
    object_id = models.PositiveBigIntegerField()

    def __str__(self):
        return self.key
