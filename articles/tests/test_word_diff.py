"""The word diff of two revisions: exact on any text, escaped, quick on long bodies, and shown on
the compare page."""

import html
import re
import time

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from reversion.models import Version

from newsroom.diff import DELETED, INSERTED, KEPT, word_diff

from .factories import ArticleFactory
from .test_admin_history import save_through_admin

TAGS = re.compile(r"</?(?:ins|del)>")


def old_side(markup):
    """The old text read back from the diff's HTML: without the inserted words."""
    return html.unescape(TAGS.sub("", re.sub(r"<ins>.*?</ins>", "", markup, flags=re.S)))


def new_side(markup):
    return html.unescape(TAGS.sub("", re.sub(r"<del>.*?</del>", "", markup, flags=re.S)))


FRAGMENTS = [
    "Challenge",
    "Вызов",
    "Юлия Пересильд",
    "Klim Shipenko",
    "🚀",
    "👩🏽‍🚀",
    "שלום",
    "مرحبا",
    "\u200f",
    "\x07",
    "\x0b",
    "\t",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "<script>alert(1)</script>",
    "&amp;",
    "'\"",
    ".",
    "?! ",
    "e\u0301",
]
texts = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)


@given(old=texts, new=texts)
@settings(max_examples=300, deadline=None)
def test_the_diff_gives_both_texts_back_and_only_its_own_tags_are_markup(old, new):
    diff = word_diff(old, new)
    markup = diff.__html__()

    assert diff.text(KEPT, DELETED) == old
    assert diff.text(KEPT, INSERTED) == new
    assert diff.changed == (old != new)
    assert "<" not in TAGS.sub("", markup) and ">" not in TAGS.sub("", markup)
    assert old_side(markup) == old
    assert new_side(markup) == new


def test_changed_words_are_marked_and_the_rest_kept():
    diff = word_diff(
        "The crew trained in Star City.\n\nThey flew on Soyuz MS-19.",
        "The crew trained in Zvyozdny Gorodok.\n\nThey flew on Soyuz MS-19.",
    )

    assert diff.__html__() == (
        "The crew trained in <del>Star</del><ins>Zvyozdny</ins> <del>City</del><ins>Gorodok</ins>"
        ".\n\nThey flew on Soyuz MS-19."
    )


def test_markup_in_the_text_comes_out_escaped():
    diff = word_diff("Old <b>headline</b>", "<script>alert('x')</script> & more")

    markup = diff.__html__()

    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;" in markup and "&gt;" in markup and "&amp; more" in markup
    assert new_side(markup) == "<script>alert('x')</script> & more"


def long_body(seed, paragraphs=400):
    words = [
        "Challenge",
        "crew",
        "filmed",
        "aboard",
        "the",
        "station",
        "orbit",
        "Soyuz",
        "surgeon",
        "Peresild",
        "Shipenko",
    ]
    return "".join(
        " ".join(words[(seed * 7 + n * 3 + i * i) % len(words)] for i in range(80)) + ".\n\n"
        for n in range(paragraphs)
    )


@pytest.mark.parametrize(
    "make_new",
    [
        pytest.param(lambda body: body.replace("orbit", "low Earth orbit"), id="every-paragraph"),
        pytest.param(lambda body: body.replace("\n\n", " "), id="paragraphs-joined"),
        pytest.param(lambda body: long_body(seed=5), id="rewritten"),
        pytest.param(lambda body: body.replace("\n\n", " ")[::-1], id="one-reversed-paragraph"),
    ],
)
def test_two_hundred_thousand_characters_diff_quickly_and_exactly(make_new):
    old = long_body(seed=1)
    assert len(old) >= 200_000
    new = make_new(old)

    started = time.process_time()
    diff = word_diff(old, new)
    spent = time.process_time() - started

    assert diff.text(KEPT, DELETED) == old
    assert diff.text(KEPT, INSERTED) == new
    # A diff quadratic in the body's words takes minutes on a body this long.
    assert spent < 10


def test_a_word_changed_in_a_long_body_is_marked_alone():
    old = long_body(seed=1)
    new = old.replace("surgeon", "doctor", 1)

    diff = word_diff(old, new)

    assert [(kind, piece) for kind, piece in diff.changes if kind != KEPT] == [
        (DELETED, "surgeon"),
        (INSERTED, "doctor"),
    ]


@pytest.mark.django_db
def test_the_compare_page_shows_the_words_changed_between_two_revisions(editor_client):
    article = ArticleFactory(draft=True, headline="Challenge: the first film shot in orbit")
    save_through_admin(
        editor_client,
        article,
        body="Yulia Peresild flew to the station.\n\nKlim Shipenko directed.",
    )
    save_through_admin(
        editor_client,
        article,
        body="Yulia Peresild flew to the ISS on Soyuz MS-19.\n\nKlim Shipenko directed.",
    )
    newer, older = Version.objects.get_for_object(article)

    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )

    assert response.status_code == 200
    assert (
        "Yulia Peresild flew to the <del>station</del><ins>ISS on Soyuz MS-19</ins>.\n\n"
        "Klim Shipenko directed." in response.text
    )
    assert "Headline (unchanged)" in response.text
    assert re.search(r"From [^(]+ UTC \(editor\) to [^(]+ UTC \(editor\)", response.text)
    assert "articles/admin/diffconflict.css" in response.text
    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert len(re.findall(r"\d{4}, [^<]+ UTC</a>", history.text)) == 2


@pytest.mark.django_db
def test_the_compare_page_of_a_long_rewrite_answers(editor_client):
    article = ArticleFactory(draft=True)
    save_through_admin(editor_client, article, body=long_body(seed=1))
    save_through_admin(editor_client, article, body=long_body(seed=3))
    newer, older = Version.objects.get_for_object(article)

    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )

    assert response.status_code == 200
    assert response.text.count("<del>") >= 1 and response.text.count("<ins>") >= 1
