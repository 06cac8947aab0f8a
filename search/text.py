"""How search reads text: folded to plain lowercase words, and marked up again for readers.

Both databases index the same folded words, so "Пересильд", "PERESÍLD" and "peresild"
behave alike on SQLite and on PostgreSQL, and no query syntax ever reaches either engine.
"""

import functools
import html
import re
import sys
import unicodedata

from django.utils.safestring import SafeString

# Letters and digits only: underscores, quotes, stars and brackets are never part of a word.
WORD = re.compile(r"[^\W_]+")
WORD_CHARACTER = re.compile(r"[^\W_]")
TAG = re.compile(r"<[^>]*>")
ASCII_RUN = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
BEYOND_FIRST_PLANE = re.compile("[\U00010000-\U0010ffff]")
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|td|th|tr)>|<br\s*/?>|<hr\s*/?>")

MAX_TERMS = 16
MAX_QUERY_LENGTH = 1000
EXCERPT_LENGTH = 240
LAST_OF_FIRST_PLANE = 0xFFFF


def _ranges(codes):
    """Ascending code points as [first, last] ranges of consecutive ones."""
    ranges = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def _character_class(ranges):
    return re.compile(
        "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"
    )


@functools.cache
def _marks():
    """Patterns for the combining marks folding drops: of the Basic Multilingual Plane, and
    beyond it. Removing them with patterns costs a fraction of str.translate(), which looks up
    every character in a dict; the engine tests a character against a class of the first plane
    in one step, against one of all planes range by range, so the second is for text that
    needs it."""
    ranges = _ranges(code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code)))
    return (
        _character_class([(a, b) for a, b in ranges if b <= LAST_OF_FIRST_PLANE]),
        _character_class([(a, b) for a, b in ranges if b > LAST_OF_FIRST_PLANE]),
    )


@functools.cache
def _resized():
    """A pattern for the characters of the first plane that fold to other than one character
    ("ß", "ﬁ", a combining mark): text with none of them (nor any beyond the first plane)
    keeps every character's place when folded."""
    return _character_class(
        _ranges(code for code in range(LAST_OF_FIRST_PLANE + 1) if len(fold(chr(code))) != 1)
    )


def fold(text):
    """Lowercase without accents: "Zoë" → "zoe", "Первый" → "первыи"."""
    if text.isascii():
        return text.lower()
    first_plane, other_planes = _marks()
    text = first_plane.sub("", unicodedata.normalize("NFKD", text))
    if BEYOND_FIRST_PLANE.search(text):
        text = other_planes.sub("", text)
    return text.casefold()


@functools.lru_cache(maxsize=4096)
def _fold_char(char):
    return fold(char)


def words(text):
    return WORD.findall(fold(text or ""))


def indexable(*texts):
    """The folded words of `texts`, one space between them: what the index stores."""
    return " ".join(word for text in texts for word in words(text))


def plain(html_text):
    """Readable text of sanitised HTML, for indexing and excerpts.

    The HTML has been through nh3, so every tag is well formed and a pattern finds them all;
    block ends become spaces so paragraphs do not run their words together.
    """
    text = BLOCK_END.sub(" ", html_text or "")
    return html.unescape(TAG.sub("", text))


class Query:
    """What a reader typed, reduced to words; the last one also matches as a prefix."""

    def __init__(self, text):
        self.text = (text or "").strip()[:MAX_QUERY_LENGTH]
        self.terms = list(dict.fromkeys(words(self.text)))[:MAX_TERMS]
        self.phrase = " ".join(words(self.text))

    def __bool__(self):
        return bool(self.terms)

    @property
    def prefix(self):
        """The last word, when it is long enough to be worth completing."""
        return self.terms[-1] if self.terms and len(self.terms[-1]) >= 3 else None

    def matches(self, word):
        return word in self.terms or (self.prefix is not None and word.startswith(self.prefix))

    @functools.cached_property
    def matching_words(self):
        """A pattern for the query's words in folded text, found in one pass rather than word
        by word: a term followed by no more of its word, or the prefix with the rest of its
        word. Each starts with its letters, so the pattern engine skips ahead to them; whether
        a match starts a word is for words_in() to say."""
        alternatives = [f"{re.escape(term)}(?![^\\W_])" for term in self.terms]
        if self.prefix is not None:
            alternatives.append(f"{re.escape(self.prefix)}[^\\W_]*")
        return re.compile("|".join(alternatives))

    def may_be_in(self, text):
        """False when no word of `text` can match: none of the query's terms is in it."""
        folded = fold(text)
        return any(term in folded for term in self.terms)

    def words_in(self, folded):
        """The whole words of `folded` text that `matches()`, as regex matches."""
        if not any(term in folded for term in self.terms):
            return []
        return [
            match
            for match in self.matching_words.finditer(folded)
            if match.start() == 0 or not WORD_CHARACTER.match(folded, match.start() - 1)
        ]


# How well a name answers a query, best first (name_rank()); the index ranks its entries'
# names by the same rule in SQL (search.index.name_rank()).
EXACT_NAME, NAME_START, NAME_WORD_START, ELSEWHERE = range(4)


def name_rank(query, name):
    """How well `name` answers `query`: EXACT_NAME, NAME_START (the name begins with what was
    typed), NAME_WORD_START (a later word of it does), ELSEWHERE (every word is in it, not in
    that order), or None when a word of the query is not in it (the last may begin one)."""
    folded = words(name)
    if not all(
        term in folded or (term == query.prefix and any(word.startswith(term) for word in folded))
        for term in query.terms
    ):
        return None
    named = " ".join(folded)
    if named == query.phrase:
        return EXACT_NAME
    if named.startswith(query.phrase):
        return NAME_START
    if f" {query.phrase}" in named:
        return NAME_WORD_START
    return ELSEWHERE


def _spans(text, query):
    """Where the query's words occur in `text`, as (start, end, term) in the original characters."""
    if not query.terms:
        return []
    if text.isascii():
        # Lowercasing ASCII keeps every character in place: no map back needed.
        return [
            (match.start(), match.end(), match.group()) for match in query.words_in(text.lower())
        ]
    matches = query.words_in(fold(text))
    if not matches:
        return []
    if not _resized().search(text) and not BEYOND_FIRST_PLANE.search(text):
        # Folding keeps every character's place (it folds each one on its own): no map back.
        return [(match.start(), match.end(), match.group()) for match in matches]
    folded = []
    origin = []
    # Runs of ASCII keep their places when lowercased; only other characters, folded one by
    # one, may change the length.
    for run in ASCII_RUN.finditer(text):
        start = run.start()
        if run.group().isascii():
            folded.append(run.group().lower())
            origin.extend(range(start, run.end()))
            continue
        for index, char in enumerate(run.group(), start):
            folded_char = _fold_char(char)
            folded.append(folded_char)
            origin.extend([index] * len(folded_char))
    return [
        (origin[match.start()], origin[match.end() - 1] + 1, match.group())
        for match in query.words_in("".join(folded))
    ]


def _marked(text, spans):
    # html.escape, as Django's escape() is, without its check for lazy text on every part.
    escape = html.escape
    if not spans:
        return escape(text)
    parts = []
    position = 0
    for start, end, _term in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight(text, query):
    """The whole of `text`, escaped, with the query's words in <mark>."""
    # SafeString rather than mark_safe(), which looks for lazy text first: a page of results
    # marks up forty of these.
    return SafeString(_marked(text, _spans(text, query)))


def excerpt(texts, query, length=EXCERPT_LENGTH):
    """A short escaped passage from the first of `texts` that mentions the query, words marked,
    else from the first of them.

    `texts` are none blank, each with its runs of spaces made one, as a result keeps them
    (search.documents.Document.result()). The window starts near the match that has the
    most of the query's words after it.
    """
    if not texts:
        return ""
    for text in texts:
        spans = _spans(text, query)
        if spans:
            break
    else:
        text, spans = texts[0], []

    start = _window_start(text, spans, length)
    end = len(text) if start + length >= len(text) else text.rfind(" ", start, start + length)
    if end <= start:
        end = min(len(text), start + length)
    window = [(s - start, e - start, term) for s, e, term in spans if s >= start and e <= end]
    return SafeString(
        ("… " if start else "")
        + _marked(text[start:end], window)
        + (" …" if end < len(text) else "")
    )


def _window_start(text, spans, length):
    """Where an excerpt of `text` starts: a little before the first match followed, within
    `length` characters, by the most distinct words of the query (as spans, in order)."""
    best = most = 0
    # Words (with how many times each occurs) from the span the window starts at to the last
    # one it still holds, slid along in one pass rather than counted again for every span.
    held = {}
    following = iter(spans)
    pending = next(following, None)
    for start, _end, term in spans:
        while pending is not None and pending[0] < start + length:
            held[pending[2]] = held.get(pending[2], 0) + 1
            pending = next(following, None)
        if len(held) > most:
            best, most = start, len(held)
        if held[term] == 1:
            del held[term]
        else:
            held[term] -= 1
    return 0 if best < length // 4 else text.rfind(" ", 0, best - length // 4) + 1
