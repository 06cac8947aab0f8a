from django.db.models.signals import pre_save
from django.dispatch import receiver

from newsroom.slugs import tag_slug, unique_slug


@receiver(pre_save, sender="taggit.Tag")
def give_tag_a_slug(sender, instance, raw, **kwargs):
    """Taggit slugifies names to nothing when they have no letters or digits ("🚀", "?", ","):
    such a tag would have no page, and every page linking it would fail."""
    if not instance.slug and not raw:
        instance.slug = unique_slug(instance, instance.name, slug_function=tag_slug)
