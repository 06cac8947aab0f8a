import html
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from search.text import Query, excerpt, fold, highlight, indexable, plain


def test_folding_drops_case_and_accents_in_every_script():
    assert fold("PERESÍLD Zoë") == "peresild zoe"
    assert fold("Первый") == fold("ПЕРВЫЙ") == "первыи"


@given(st.text())
def test_folding_drops_every_combining_mark_of_every_plane(text):
    decomposed = unicodedata.normalize("NFKD", text)
    unmarked = "".join(char for char in decomposed if not unicodedata.combining(char))
    assert fold(text) == unmarked.casefold()


def test_indexable_text_is_words_only():
    assert indexable("Soyuz MS-19: «Вызов»!", "x_y") == "soyuz ms 19 вызов x y"


def test_query_keeps_words_and_drops_search_operators():
    query = Query('"Peresild" AND Shipenko* NEAR(launch, 3) -delay ^title:')
    assert query.terms == ["peresild", "and", "shipenko", "near", "launch", "3", "delay", "title"]
    assert query.prefix == "title"


def test_query_of_only_punctuation_is_empty():
    assert not Query('"*()^:-+')
    assert not Query("   ")


def test_very_long_query_is_capped():
    query = Query(" ".join(f"word{n}" for n in range(500)))
    assert len(query.terms) == 16
    assert len(query.text) == 1000


def test_short_last_word_is_not_a_prefix():
    assert Query("Challenge ab").prefix is None


def test_highlight_escapes_text_and_marks_matches():
    marked = highlight("<script>alert('Peresild')</script> & Peresíld", Query("peresild"))
    assert marked == (
        "&lt;script&gt;alert(&#x27;<mark>Peresild</mark>&#x27;)&lt;/script&gt; &amp; "
        "<mark>Peresíld</mark>"
    )


def test_highlight_marks_cyrillic_whatever_the_case():
    assert highlight("Юлия Пересильд", Query("ПЕРЕСИЛЬД")) == "Юлия <mark>Пересильд</mark>"


def test_excerpt_is_a_window_around_the_match():
    text = " ".join(["filler"] * 100) + " the launch slipped " + " ".join(["filler"] * 100)
    passage = excerpt([text], Query("launch"))
    assert "<mark>launch</mark>" in passage
    assert passage.startswith("… ") and passage.endswith(" …")
    assert len(passage) < 300


def test_excerpt_prefers_the_text_that_mentions_the_query():
    passage = excerpt(
        ["A standfirst about nothing.", "The body names Shepenko."], Query("shepenko")
    )
    assert passage == "The body names <mark>Shepenko</mark>."


def test_excerpt_without_a_match_starts_the_first_text():
    assert (
        excerpt(["Short <b>text</b>.", "Other"], Query("absent"))
        == "Short &lt;b&gt;text&lt;/b&gt;."
    )


def test_plain_text_of_sanitised_html_keeps_paragraphs_apart():
    assert plain("<p>One &amp; <em>two</em></p><p>Three</p>").split() == [
        "One",
        "&",
        "two",
        "Three",
    ]


def test_folding_mixed_scripts_and_compatibility_forms():
    assert fold("Юлия Пересильд (Peresíld) ﬁlm Ｘ²") == "юлия пересильд (peresild) film x2"


def test_marks_land_on_whole_words_where_folding_changes_lengths():
    # "ß" and "ﬁ" fold to two letters each; a word marks only whole, the last one as a prefix.
    assert highlight("Straße ﬁlmmakers — Soyuz soyuzes so film", Query("soyuz ﬁlm")) == (
        "Straße <mark>ﬁlmmakers</mark> — <mark>Soyuz</mark> soyuzes so <mark>film</mark>"
    )


PIECES = ["Soyuz", "soyuzes", "ﬁlm", "Straße", "Пересильд", "ПЕРЕСИЛЬД", "café", "cafe\u0301"]
PIECES += ["’", "½", "𝐀", "🚀", "\u0301", "İ", " ", "-", "&", "<b>", "so", "x"]


@given(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.sampled_from(["soyuz", "film strasse", "пересильд", "cafe", "so", "x a"]),
)
def test_highlight_keeps_every_character_and_marks_whole_words_of_the_query(text, typed):
    query = Query(typed)
    parts = re.split("</?mark>", highlight(text, query))
    assert html.unescape("".join(parts)) == text
    for marked in parts[1::2]:
        assert query.matches(fold(html.unescape(marked)))
