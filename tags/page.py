"""What a tag's page reads besides its articles (articles/lists.py), in one prepared query
(newsroom/prepared.py): the tag, if readers may see it, with its description and the lists of
the productions, people and organisations carrying it as they were written at write time
(carriers.py).
"""

from django.db import models
from django.db.models import F

from newsroom.prepared import PreparedQuery

from .carriers import LISTS
from .public import public_tags


def _page_of(slug):
    return (
        public_tags()
        .filter(slug=slug)
        .values(
            "pk",
            "name",
            "slug",
            "carriers__keys",
            description=F("about__text"),
            **{name: F(f"carriers__{name}") for name in LISTS.values()},
        )
    )


# The tag's row, none if readers may not see it.
tag_page = PreparedQuery(_page_of, slug=models.CharField())
