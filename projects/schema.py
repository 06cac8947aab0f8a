"""schema.org `Movie` data for the JSON-LD on production pages."""

from people.schema import absolute, image, reference, without_empty

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
            "image": image(project.poster),
            "countryOfOrigin": (
                {"@type": "Country", "name": project.country} if project.country else None
            ),
            "director": [
                reference(person, "Person") for person in project.people_in(Credit.Role.DIRECTOR)
            ],
            "actor": [
                reference(person, "Person") for person in project.people_in(Credit.Role.ACTOR)
            ],
            "productionCompany": [
                reference(backer, "Organization") for backer in project.backers.all()
            ],
            "url": absolute(project.get_absolute_url()),
        }
    )
