"""Finding the people, organisations and productions an article mentions, and linking them.

Names and text are compared folded (see `fold`), one character at a time, so that a match
in the folded text is always a whole run of characters of the text as written, and is
always one of the folded names: "DOUG LİMAN" and "Doug Liman" are the same mention.
"""

import functools
import html
import re
import unicodedata

from django.apps import apps

# Links inside links are invalid, and names in code samples are not mentions.
_NO_LINK_INSIDE = {"a", "code", "pre"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# One character of HTML text: a character reference counts as the character it stands for.
_HTML_CHARACTER = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);|.", re.DOTALL)


@functools.lru_cache(maxsize=4096)
def fold(character):
    """Lowercase without accents, as search folds words: "İ" → "i", "ß" → "ss", "ﬁ" → "fi".

    A combining mark folds to nothing, so "Limán" written with one character or with two
    reads "liman" either way.
    """
    decomposed = unicodedata.normalize("NFKD", character)
    return "".join(part for part in decomposed if not unicodedata.combining(part)).casefold()


def _fold_text(text):
    return "".join(fold(character) for character in text)


def _key(folded_name):
    return " ".join(folded_name.split())


def _pattern(keys):
    """Any of the folded names `keys` as whole words, however the words are spaced."""
    alternatives = [
        r"\s+".join(re.escape(word) for word in key.split())
        for key in sorted(keys, key=len, reverse=True)
    ]
    if not alternatives:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def _subjects_by_name(subjects):
    by_name = {}
    for subject in subjects:
        for name in subject.names:
            key = _key(_fold_text(name))
            if key:
                by_name.setdefault(key, []).append(subject)
    return by_name


# Looked up when needed: people and projects import articles.models, which imports this module.
SUBJECT_MODELS = ["people.Person", "people.Organisation", "projects.Project"]


def candidate_subjects():
    return [subject for name in SUBJECT_MODELS for subject in apps.get_model(name).objects.all()]


def find_mentions(*texts, subjects=None):
    """Every subject one of whose names (native names and aliases included) appears in `texts`."""
    by_name = _subjects_by_name(candidate_subjects() if subjects is None else subjects)
    pattern = _pattern(by_name)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(_fold_text("\n".join(texts))):
        for subject in by_name[_key(match.group(0))]:
            if subject not in found:
                found.append(subject)
    return found


def _mentions_in_html_text(text, pattern):
    """(start, end, folded name) of each mention in HTML `text`, in `text`'s own offsets.

    A mention starts and ends between characters as written: never inside a character
    reference such as "&amp;", nor inside a character that folds to several ("ﬁ").
    Combining marks after its last letter belong to it.
    """
    characters = [
        (match.start(), match.end(), fold(html.unescape(match.group(0))))
        for match in _HTML_CHARACTER.finditer(text)
    ]
    # Which character starts, and which ends, at each offset of the folded text.
    starts, ends = {}, {}
    length = 0
    for index, (_start, _end, folded_character) in enumerate(characters):
        if folded_character:
            starts[length] = index
            length += len(folded_character)
            ends[length] = index
    folded = "".join(folded_character for _start, _end, folded_character in characters)
    for match in pattern.finditer(folded):
        first, last = starts.get(match.start()), ends.get(match.end())
        if first is None or last is None:
            continue
        while last + 1 < len(characters) and not characters[last + 1][2]:
            last += 1
        yield characters[first][0], characters[last][1], _key(match.group(0))


def link_first_mentions(body_html, subjects):
    """Wrap the first mention of each subject in a link to its page, touching text only."""
    by_name = _subjects_by_name(subjects)
    pattern = _pattern(by_name)
    if pattern is None or not body_html:
        return body_html
    linked = set()

    def link(text):
        pieces, done = [], 0
        for start, end, key in _mentions_in_html_text(text, pattern):
            subject = next((s for s in by_name[key] if (type(s), s.pk) not in linked), None)
            if subject is None:
                continue
            linked.add((type(subject), subject.pk))
            href = html.escape(subject.get_absolute_url())
            pieces += [text[done:start], f'<a href="{href}">{text[start:end]}</a>']
            done = end
        return "".join([*pieces, text[done:]])

    parts = _TAG.split(body_html)
    protected = 0
    for index, part in enumerate(parts):
        if index % 2:
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2).lower() in _NO_LINK_INSIDE and not part.endswith("/>"):
                protected += -1 if tag.group(1) else 1
                protected = max(protected, 0)
        elif part and not protected:
            parts[index] = link(part)
    return "".join(parts)
