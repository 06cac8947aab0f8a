"""schema.org data for the JSON-LD on people and organisation pages (search engines read it)."""

from django.conf import settings

from newsroom.images import renditions


def absolute(url):
    return url if "://" in url else f"{settings.SITE_URL}{url}"


def image(fieldfile):
    """The absolute URL of the largest rendition, or "" without an image."""
    sizes = renditions(fieldfile)
    return absolute(sizes[-1][0]) if sizes else ""


def without_empty(data):
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def person(person):
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": person.name,
            "alternateName": [name for name in person.names if name != person.name],
            "description": person.description,
            "nationality": person.country,
            "image": image(person.photo),
            "url": absolute(person.get_absolute_url()),
        }
    )


def organisation(organisation):
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": organisation.name,
            "alternateName": [name for name in organisation.names if name != organisation.name],
            "logo": image(organisation.logo),
            "sameAs": organisation.website,
            "url": absolute(organisation.get_absolute_url()),
        }
    )


def reference(thing, kind):
    """A short mention of another page's subject, for use inside a larger object."""
    return {"@type": kind, "name": str(thing), "url": absolute(thing.get_absolute_url())}
