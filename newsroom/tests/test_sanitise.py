"""HTML read away from the site: relative addresses resolved against the page it belongs to."""

from hypothesis import given
from hypothesis import strategies as st

from newsroom.text import sanitise, sanitise_on

ORIGIN = "https://example.org"

ADDRESSES = [
    "/people/yulia-peresild/",
    "//cdn.example.net/a.jpg",
    "https://www.nasa.gov/",
    "mailto:desk@example.org",
    "javascript:alert(1)",
    "../2021/",
    "notes/",
    "#note-1",
    "?page=2",
    "",
    " /spaced",
    "&#47;encoded",
    "&#35;encoded",
    "/x?a=b&amp;c=d",
]
TEMPLATES = [
    '<a href="{}">link</a>',
    "<a href='{}'>link</a>",
    "<a href={}>link</a>",
    '<A HREF = "{}">link</A>',
    '<img src="{}" alt="">',
    '<p title="href={}">text</p>',
    '<a title="x=y" href="{}">link</a>',
    "<p>{} = text</p>",
]
fragments = st.builds(str.format, st.sampled_from(TEMPLATES), st.sampled_from(ADDRESSES))


@given(
    parts=st.lists(fragments | st.text(max_size=20), max_size=6),
    path=st.sampled_from(["/news/first-film-in-orbit/", "/news/2021/05/", "/"]),
)
def test_sanitising_for_an_origin_resolves_as_against_the_page_itself(parts, path):
    html = "".join(parts)
    assert sanitise_on(html, ORIGIN + path, ORIGIN) == sanitise(html, ORIGIN + path)


def test_an_address_relative_to_the_page_resolves_against_that_page():
    html = '<p><a href="#note-1">note</a> <a href="/news/">news</a></p>'
    first = sanitise_on(html, f"{ORIGIN}/news/first/", ORIGIN)
    second = sanitise_on(html, f"{ORIGIN}/news/second/", ORIGIN)

    assert 'href="https://example.org/news/first/#note-1"' in first
    assert 'href="https://example.org/news/second/#note-1"' in second
    assert (
        'href="https://example.org/news/"' in first and 'href="https://example.org/news/"' in second
    )
