"""Mentions in any script and any spelling: found without crashing, linked without breaking HTML.

No database: subjects are unsaved, so Hypothesis may try hundreds of texts per test.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.mentions import find_mentions, link_first_mentions
from newsroom.text import render_markdown
from people.models import Person

LIMAN = Person(pk=1, name="Doug Liman", slug="doug-liman", aliases="Liman")
PERESILD = Person(pk=2, name="Yulia Peresild", native_name="Юлия Пересильд", slug="yulia-peresild")
STRASSE = Person(pk=3, name="Straße Film", aliases="ﬁlm crew", slug="strasse-film")
SUBJECTS = [LIMAN, PERESILD, STRASSE]

# What breaks naive case folding: Turkish i, combining marks, letters that fold to two,
# ligatures, emoji, right-to-left text and its controls, and characters HTML cares about.
AWKWARD = [
    "i", "I", "ı", "İ", "\u0307", "\u0301", "ß", "ẞ", "ss", "ﬁ", "fi", "🚀", "👩‍🚀", "ﷺ",
    "שלום", "مرحبا", "\u200f", "\u202e", "\u00a0", " ", "\n", "&", "&amp;", "<", ">", '"',
    "<script>alert(1)</script>", "</a>", "`", "*", "[", "](", ")", "Doug", "Liman", "LİMAN",
    "Lıman", "DOUG", "Юлия", "Пересильд", "Straße", "STRASSE", "ﬁlm", "crew",
]  # fmt: skip
texts = st.lists(st.one_of(st.text(), st.sampled_from(AWKWARD)), max_size=30).map("".join)
names = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(AWKWARD)), max_size=4).map("".join)


@st.composite
def subjects(draw):
    """The fixed subjects, and people with whatever names and aliases an editor might type."""
    typed = [
        Person(pk=10 + number, name=draw(names), aliases=draw(names), slug=f"typed-{number}")
        for number in range(draw(st.integers(0, 3)))
    ]
    return [*SUBJECTS, *typed]


INSERTED_LINK = re.compile(r'<a href="/people/[a-z0-9-]+/">')


def without_links(html_text, subjects):
    """`html_text` with the links to `subjects` unwrapped, as link_first_mentions found it."""
    hrefs = "|".join(re.escape(subject.get_absolute_url()) for subject in subjects)
    return re.sub(rf'<a href="(?:{hrefs})">([^<]*)</a>', r"\1", html_text)


@settings(deadline=None)
@given(texts, subjects())
def test_finding_mentions_never_fails(text, candidates):
    found = find_mentions(text, text.upper(), text.casefold(), subjects=candidates)

    assert all(subject in candidates for subject in found)


@settings(deadline=None)
@given(texts, subjects())
def test_linking_adds_only_links_to_subjects_around_text(text, candidates):
    body_html = render_markdown(text)

    linked = link_first_mentions(body_html, candidates)

    assert without_links(linked, candidates) == without_links(body_html, candidates)
    assert linked.count("<") - body_html.count("<") == 2 * (
        len(INSERTED_LINK.findall(linked)) - len(INSERTED_LINK.findall(body_html))
    )
    assert "<script" not in linked


@pytest.mark.parametrize(
    "text",
    [
        "Doug Liman",
        "DOUG LİMAN",
        "doug\nliman",
        "Doug Li\u0307man",
        "Doug\u00a0Liman",
        "LİMAN",
        "Dóug Límán",
    ],
)
def test_finds_a_name_however_it_is_cased_or_accented(text):
    assert find_mentions(f"«{text}» said", subjects=SUBJECTS) == [LIMAN]


@pytest.mark.parametrize("text", ["Doug Lıman", "Limanov", "Doug_Liman", "liman2"])
def test_other_words_are_not_the_name(text):
    assert find_mentions(text, subjects=SUBJECTS) == []


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (PERESILD, "Юлия Пересильд"),
        (Person(pk=6, name="Пересильд", slug="peresild"), "ПЕРЕСИ́ЛЬД"),
        (STRASSE, "STRASSE FILM"),
        (STRASSE, "ﬁlm crew"),
    ],
)
def test_links_the_words_as_written(subject, text):
    linked = link_first_mentions(f"<p>«{text}».</p>", [subject])

    assert linked == f'<p>«<a href="{subject.get_absolute_url()}">{text}</a>».</p>'


def test_links_across_escaped_characters_and_never_splits_them():
    att = Person(pk=4, name="AT&T", slug="at-t")
    amp = Person(pk=5, name="amp", slug="amp")

    linked = link_first_mentions("<p>AT&amp;T &amp; more</p>", [att, amp])

    assert linked == '<p><a href="/people/at-t/">AT&amp;T</a> &amp; more</p>'


def test_combining_marks_stay_inside_the_link():
    linked = link_first_mentions("<p>Doug Limán\u0301 spoke</p>", [LIMAN])

    assert linked == '<p><a href="/people/doug-liman/">Doug Limán\u0301</a> spoke</p>'
