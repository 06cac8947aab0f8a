"""schema.org `Movie` data for the JSON-LD on production pages."""

from newsroom.links import absolute_url
from people.schema import reference, without_empty

from .models import Credit


def movie(project, url, credits, backers):
    """`url` is the production's page; `credits` and `backers` are its rows as its page shows
    them (name, url, and each credit's role)."""
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Movie",
            "name": project.title,
            "alternateName": [name for name in project.names if name != project.title],
            "description": project.logline,
            "image": project.share_image,
            "countryOfOrigin": (
                {"@type": "Country", "name": project.country} if project.country else None
            ),
            "director": [
                reference(credit["name"], credit["url"], "Person")
                for credit in credits
                if credit["role"] == Credit.Role.DIRECTOR
            ],
            "actor": [
                reference(credit["name"], credit["url"], "Person")
                for credit in credits
                if credit["role"] == Credit.Role.ACTOR
            ],
            # Backers are partners (NASA and SpaceX carry a crew, they do not make the film):
            # schema.org's nearest word is sponsor, not productionCompany.
            "sponsor": [
                reference(backer["name"], backer["url"], "Organization") for backer in backers
            ],
            "url": absolute_url(url),
        }
    )


def race(rivals):
    """The race page as a list of the competing films: `rivals` is (project, url, credits,
    backers) for each."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": " against ".join(project.title for project, *_ in rivals),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "item": {key: value for key, value in movie(*rival).items() if key != "@context"},
            }
            for position, rival in enumerate(rivals, start=1)
        ],
    }
