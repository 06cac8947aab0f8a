from django.utils.text import slugify
from text_unidecode import unidecode


def latin_slug(value, max_length=50):
    """A readable ASCII slug, transliterating Cyrillic and other scripts ("Вызов" -> "vyzov")."""
    slug = slugify(unidecode(str(value)))[:max_length].strip("-")
    return slug


def unique_slug(instance, value, field_name="slug"):
    """A slug for `value` that no other row of the instance's model uses yet."""
    field = instance._meta.get_field(field_name)
    base = latin_slug(value, field.max_length) or instance._meta.model_name
    queryset = type(instance)._default_manager.all()
    if instance.pk:
        queryset = queryset.exclude(pk=instance.pk)
    candidate, number = base, 2
    while queryset.filter(**{field_name: candidate}).exists():
        suffix = f"-{number}"
        candidate = f"{base[: field.max_length - len(suffix)].rstrip('-')}{suffix}"
        number += 1
    return candidate
