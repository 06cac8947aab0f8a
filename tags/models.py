from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver

from newsroom.slugs import tag_slug, unique_slug
from newsroom.text import normalise_text


@receiver(pre_save, sender="taggit.Tag")
def give_tag_a_slug(sender, instance, raw, **kwargs):
    """Taggit slugifies names to nothing when they have no letters or digits ("🚀", "?", ","):
    such a tag would have no page, and every page linking it would fail."""
    if not instance.slug and not raw:
        instance.slug = unique_slug(instance, instance.name, slug_function=tag_slug)


class TagCarriers(models.Model):
    """What carries a tag besides articles, as its page lists it, kept at write time by
    carriers.py: the productions, people and organisations carrying it, each kind one list of
    links ("" when none of the kind does), and the dependency keys of the rows they show,
    space-separated. A tag nothing of these kinds carries has none."""

    tag = models.OneToOneField(
        "taggit.Tag", on_delete=models.CASCADE, primary_key=True, related_name="carriers"
    )
    projects = models.TextField(blank=True)
    people = models.TextField(blank=True)
    organisations = models.TextField(blank=True)
    keys = models.TextField(blank=True)

    def __str__(self):
        return f"{self.tag_id}: {self.keys}"


class TagDescription(models.Model):
    """What a tag is about, in a sentence or two of plain text, shown on its page."""

    MAX_LENGTH = 400

    tag = models.OneToOneField(
        "taggit.Tag", on_delete=models.CASCADE, primary_key=True, related_name="about"
    )
    text = models.TextField(
        "description",
        max_length=MAX_LENGTH,
        blank=True,
        help_text="Plain text, shown on the tag's page.",
    )

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        # Typed like any other line of content (newsroom/text.py): one paragraph.
        self.text = normalise_text(self.text, multi_line=False).strip()
        super().save(*args, **kwargs)
