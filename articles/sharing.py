"""What a link to an article shows where it is shared and in search results: the desk's search
and social overrides (a title, a description, a picture), each falling back, when left empty,
to what the article shows readers (its headline, its standfirst, its lead image).

One rule for the article's page head, its structured data and the share preview in the admin.
"""

from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.fields.files import FieldFile

from newsroom.images import StoredImage, renditions
from newsroom.links import absolute_url

# Where search engines cut a title and a description in their results: past these the desk
# is warned (checklist.py), not stopped.
TITLE_SHOWN = 60
DESCRIPTION_SHOWN = 160

# The article's columns the rule reads, as the article page reads its row (page.py).
SHARE_FIELDS = (
    "headline",
    "standfirst",
    "seo_title",
    "meta_description",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "social_image",
    "social_image_width",
    "social_image_height",
    "social_image_alt",
)


class ShareCard(NamedTuple):
    """What a shared link to the article shows: its title, its description and its picture
    (a StoredImage, or None) with the picture's alt text."""

    title: str
    description: str
    image: StoredImage | None
    image_alt: str

    @classmethod
    def of(cls, fields):
        """The card of an article whose SHARE_FIELDS `fields` maps (a row of values(), image
        fields as their stored names)."""
        image = StoredImage.of_row(fields, "social_image")
        image_alt = fields["social_image_alt"]
        if image is None:
            image = StoredImage.of_row(fields, "lead_image")
            image_alt = fields["lead_image_alt"] if image else ""
        return cls(
            title=fields["seo_title"] or fields["headline"],
            description=fields["meta_description"] or fields["standfirst"] or fields["headline"],
            image=image,
            image_alt=image_alt,
        )

    @property
    def rendition(self):
        """(URL, width, height) of the picture's largest rendition, the size previews ask for;
        None without a picture."""
        sizes = renditions(self.image)
        return sizes[-1] if sizes else None

    @property
    def image_url(self):
        """The picture's whole address, as sites that fetch a shared link need it; ""
        without one."""
        rendition = self.rendition
        return absolute_url(rendition[0]) if rendition else ""


def fields_of(article):
    """An Article's SHARE_FIELDS as ShareCard.of() reads them. An upload not yet saved has no
    renditions to share: it counts once it is stored."""
    return {
        name: ((value.name or "") if value._committed else "")
        if isinstance(value, FieldFile)
        else value
        for name in SHARE_FIELDS
        for value in [getattr(article, name)]
    }


def site_domain():
    """The site's host name: a shared link's card says where it leads."""
    return urlsplit(settings.SITE_URL).hostname or ""
