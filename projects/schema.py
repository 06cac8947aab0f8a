"""schema.org `Movie` data for the JSON-LD on production pages."""

from newsroom.links import absolute_url
from people.schema import reference, without_empty

from .models import Credit


def movie(project):
    """Needs the project's credits (with people) and backers prefetched."""
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
                reference(person, "Person") for person in project.people_in(Credit.Role.DIRECTOR)
            ],
            "actor": [
                reference(person, "Person") for person in project.people_in(Credit.Role.ACTOR)
            ],
            # Backers are partners (NASA and SpaceX carry a crew, they do not make the film):
            # schema.org's nearest word is sponsor, not productionCompany.
            "sponsor": [reference(backer, "Organization") for backer in project.backers.all()],
            "url": absolute_url(project.get_absolute_url()),
        }
    )


def race(projects):
    """The race page as a list of the competing films."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": " against ".join(project.title for project in projects),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "item": {key: value for key, value in movie(project).items() if key != "@context"},
            }
            for position, project in enumerate(projects, start=1)
        ],
    }
