"""What editors paste, as Hypothesis strategies: the text that has broken newsrooms before.

Emoji and symbols alone (a tag named 🚀 has no letters to slugify), right-to-left text and
its override marks, combining marks, the Turkish dotted and dotless i (whose case changes
alter a string's length), control characters that XML may not carry (NUL included: it is
the site's job to refuse or drop it, not to crash), digits alone (a headline "2026" wants the
year archive's URL), Cyrillic, and strings at and past a field's length.
"""

import io

from hypothesis import strategies as st
from PIL import Image

PIECES = [
    "🚀",
    "👩🏽‍🚀",
    "🇷🇺",
    "!!!",
    "?",
    ",",
    '"',
    "'",
    "&amp;",
    "<script>alert(1)</script>",
    "*",
    "_",
    "[",
    "مرحبا",
    "שלום עולם",
    "\u202eevil\u202c",
    "\u200f",
    "e\u0301",
    "Z\u0336\u0353\u0345",
    "İ",
    "ı",
    "i",
    "I",
    "Doug Lıman",
    "LİMAN",
    "Doug Liman",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x00",
    "\x7f",
    "\t",
    "\n",
    "2026",
    "007",
    "Вызов",
    "Юлия Пересильд",
    "Роскосмос",
    "Tom Cruise",
    "NASA",
    " ",
    "-",
    "—",
]
# A word an editor might type: a known hazard or a few arbitrary characters.
word = st.one_of(
    st.sampled_from(PIECES),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=4),
    st.sampled_from(["Crew", "launch", "orbit", "premiere", "Soyuz", "Challenge"]),
)


def hostile_text(max_length, min_size=1):
    """A line of words from `word`, or digits only, or one long run up to past `max_length`."""
    return st.one_of(
        st.lists(word, min_size=min_size, max_size=6).map(" ".join),
        st.integers(min_value=0, max_value=10**12).map(str),
        st.integers(min_value=max_length - 3, max_value=max_length + 2).flatmap(
            lambda length: st.sampled_from(["Ж", "i̇", "🚀", "a"]).map(
                lambda letter: (letter * length)[:length]
            )
        ),
    )


# Names that have broken things before, drawn as often as all the others together: a tag of
# symbols alone, names that differ by a Turkish i, digits alone, another script.
NOTABLE_NAMES = [
    "🚀",
    "!!!",
    "?",
    ",",
    "Doug Liman",
    "Doug Lıman",
    "LİMAN",
    "ı",
    "2026",
    "12",
    "Вызов",
    "Юлия Пересильд",
    "Tom Cruise",
    "NASA",
]


def names(max_length=200):
    """Names for people, organisations, productions, authors and tags."""
    return st.one_of(st.sampled_from(NOTABLE_NAMES), hostile_text(max_length))


def slugs(max_length=200):
    """What an editor types into a slug field: usually a slug, sometimes not."""
    return st.one_of(
        st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True).filter(
            lambda slug: len(slug) <= max_length
        ),
        st.from_regex(r"[0-9]{1,8}", fullmatch=True),
        hostile_text(max_length),
    )


# Lead images from ordinary to absurd: a sliver one pixel wide or tall, a speck.
IMAGE_SHAPES = [(640, 480), (1, 1), (1, 3000), (3000, 1), (2, 4000), (5000, 3), (1300, 2)]
IMAGE_FORMATS = ["PNG", "JPEG", "GIF", "WEBP"]


def image_bytes(shape, image_format):
    buffer = io.BytesIO()
    Image.new("RGB", shape, (40, 90, 160)).save(buffer, image_format)
    return buffer.getvalue()
