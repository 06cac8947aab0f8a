import itertools
import unicodedata

from django.utils.text import slugify
from text_unidecode import unidecode


def latin_slug(value, max_length=50):
    """A readable ASCII slug, transliterating Cyrillic and other scripts ("Вызов" -> "vyzov")."""
    slug = slugify(unidecode(str(value)))[:max_length].strip("-")
    return slug


def symbol_slug(value, max_length=50):
    """A slug from the Unicode names of the characters, for a name of symbols only.

    "🚀" -> "rocket", "?" -> "question-mark", "!!!" -> "exclamation-mark".
    """
    names = []
    for character, _ in itertools.groupby(str(value)):
        try:
            names.append(unicodedata.name(character))
        except ValueError:
            continue
    return slugify(" ".join(names))[:max_length].strip("-")


def tag_slug(value, max_length=50):
    """A tag keeps its own script in its slug ("вызов"), or names its symbols ("rocket")."""
    slug = slugify(str(value), allow_unicode=True)[:max_length].strip("-")
    return slug or symbol_slug(value, max_length)


def unique_slug(instance, value, field_name="slug", slug_function=latin_slug):
    """A slug for `value` that no other row of the instance's model uses yet.

    Never empty (a name of symbols falls back to their names, then to the model's name) and
    never digits only, which reads as a number: "/news/1984/" is the year archive.
    """
    field = instance._meta.get_field(field_name)
    model_name = instance._meta.model_name
    base = slug_function(value, field.max_length) or symbol_slug(value, field.max_length)
    if not base:
        base = model_name
    elif base.isdigit():
        base = f"{base[: field.max_length - len(model_name) - 1]}-{model_name}"
    queryset = type(instance)._default_manager.all()
    if instance.pk:
        queryset = queryset.exclude(pk=instance.pk)
    candidate, number = base, 2
    while queryset.filter(**{field_name: candidate}).exists():
        suffix = f"-{number}"
        candidate = f"{base[: field.max_length - len(suffix)].rstrip('-')}{suffix}"
        number += 1
    return candidate
