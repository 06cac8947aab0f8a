"""schema.org data for the JSON-LD on people and organisation pages (search engines read it)."""

from newsroom.links import absolute_url


def without_empty(data):
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def person(person, url):
    """`url`: the person's page."""
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": person.name,
            "alternateName": [name for name in person.names if name != person.name],
            "description": person.description,
            "nationality": person.country,
            "image": person.share_image,
            "url": absolute_url(url),
        }
    )


def organisation(organisation, url):
    """`url`: the organisation's page."""
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": organisation.name,
            "alternateName": [name for name in organisation.names if name != organisation.name],
            "logo": organisation.share_image,
            "sameAs": organisation.website,
            "url": absolute_url(url),
        }
    )


def reference(name, url, kind):
    """A short mention of another page's subject (its name and URL), inside a larger object."""
    return {"@type": kind, "name": name, "url": absolute_url(url)}
