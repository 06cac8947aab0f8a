"""The demo's pictures, as a reader sees them."""

import io

import pytest
from PIL import Image, ImageChops

from demo import artwork
from demo.content import PROJECTS

# A title keeps clear of a poster's edges.
MARGIN = 40


def picture(data):
    return Image.open(io.BytesIO(data)).convert("L")


def lettering(seed, title, subtitle="United States", colour=(20, 40, 110)):
    """(left, top, right, bottom) of the title drawn on a poster, and the poster's size: where
    the poster differs from the same one without a title (JPEG's faint ripples left out)."""
    with_title = picture(artwork.poster(seed, title, subtitle, colour))
    without = picture(artwork.poster(seed, "", subtitle, colour))
    drawn = ImageChops.difference(with_title, without).point(lambda level: 255 * (level > 60))
    return drawn.getbbox(), with_title.size


@pytest.mark.parametrize("project", PROJECTS, ids=lambda project: project["slug"])
def test_a_poster_shows_its_whole_title(project):
    (left, top, right, bottom), (width, height) = lettering(
        project["slug"], project["title"], project["country"], project["colour"]
    )

    assert left >= MARGIN
    assert right <= width - MARGIN
    assert bottom <= height - MARGIN


def test_a_title_too_long_for_one_line_is_drawn_on_more():
    (left, top, right, bottom), (width, _) = lettering("long", "Untitled Tom Cruise space project")
    (_, short_top, _, short_bottom), _ = lettering("long", "Short")

    assert left >= MARGIN
    assert right <= width - MARGIN
    assert bottom - top > 1.5 * (short_bottom - short_top)
