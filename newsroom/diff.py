"""What changed between two versions of an editor's text, word by word: for the revision pages
and the screen of a refused stale save."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

KEPT, DELETED, INSERTED = "kept", "deleted", "inserted"

# Paragraphs first, then sentences within the changed ones, then words within the changed
# sentences: a word-level match of a whole body costs the product of the two lengths at worst.
# Each piece keeps the spaces and line ends after it, so joining the pieces gives the text back.
_LEVELS = [
    re.compile(r"\n+|[^\n]+\n*"),
    re.compile(r"[^.!?]*[.!?]+\s*|[^.!?]+"),
    re.compile(r"\w+|\s+|[^\w\s]"),
]
# The words of two changed sentences are matched at a cost of up to the product of their
# counts; past this sum of products over one diff, the changed sentences left are shown
# removed and added whole, so that no text, however long or unlike, takes long to compare.
MOST_WORD_PAIRS = 5_000_000


@dataclass(frozen=True)
class WordDiff:
    """The pieces of two texts in order, each kept, deleted or inserted; in a template, the
    new text with its deleted words in <del> and inserted words in <ins>, all of it escaped."""

    changes: tuple

    @property
    def changed(self):
        return any(kind != KEPT for kind, _ in self.changes)

    def text(self, *kinds):
        """The text made of the pieces of these kinds: KEPT and DELETED give the old text back,
        KEPT and INSERTED the new one."""
        return "".join(piece for kind, piece in self.changes if kind in kinds)

    def __html__(self):
        return mark_safe(
            "".join(_MARKUP[kind].format(escape(piece)) for kind, piece in self.changes)
        )

    # Django's templates render str() of a value: the HTML, its text escaped piece by piece.
    __str__ = __html__


_MARKUP = {KEPT: "{}", DELETED: "<del>{}</del>", INSERTED: "<ins>{}</ins>"}


def word_diff(old, new):
    matcher = _Matcher()
    return WordDiff(tuple(_merged(matcher.changes(old or "", new or "", level=0))))


class _Matcher:
    def __init__(self):
        self.word_pairs_left = MOST_WORD_PAIRS

    def changes(self, old, new, level):
        old_pieces = _LEVELS[level].findall(old)
        new_pieces = _LEVELS[level].findall(new)
        shorter = min(len(old_pieces), len(new_pieces))
        start = 0
        while start < shorter and old_pieces[start] == new_pieces[start]:
            start += 1
        end = 0
        while end < shorter - start and old_pieces[-1 - end] == new_pieces[-1 - end]:
            end += 1
        yield KEPT, "".join(old_pieces[:start])
        old_middle = old_pieces[start : len(old_pieces) - end]
        new_middle = new_pieces[start : len(new_pieces) - end]
        words = level == len(_LEVELS) - 1
        pairs = len(old_middle) * len(new_middle) if words else 0
        if pairs > self.word_pairs_left:
            yield DELETED, "".join(old_middle)
            yield INSERTED, "".join(new_middle)
        else:
            self.word_pairs_left -= pairs
            # Matching words, a common one ("the", a space) is what lines the two texts up.
            matcher = difflib.SequenceMatcher(None, old_middle, new_middle, autojunk=not words)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal":
                    yield KEPT, "".join(old_middle[i1:i2])
                elif words or not (i2 > i1 and j2 > j1):
                    yield DELETED, "".join(old_middle[i1:i2])
                    yield INSERTED, "".join(new_middle[j1:j2])
                elif i2 - i1 == j2 - j1:
                    # As many pieces on each side: most often each was edited where it stands.
                    for old_piece, new_piece in zip(
                        old_middle[i1:i2], new_middle[j1:j2], strict=True
                    ):
                        yield from self.changes(old_piece, new_piece, level + 1)
                else:
                    yield from self.changes(
                        "".join(old_middle[i1:i2]), "".join(new_middle[j1:j2]), level + 1
                    )
        yield KEPT, "".join(old_pieces[len(old_pieces) - end :])


def _merged(changes):
    """Neighbouring pieces of one kind as one, and no empty pieces."""
    merged = []
    for kind, piece in changes:
        if not piece:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + piece)
        else:
            merged.append((kind, piece))
    return merged
