"""Finding the people, organisations and productions an article mentions, and linking them."""

import html
import re

from django.apps import apps

# Links inside links are invalid, and names in code samples are not mentions.
_NO_LINK_INSIDE = {"a", "code", "pre"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")


def _key(name):
    return " ".join(name.split()).casefold()


def _pattern(names):
    """Any of `names` as whole words, case-insensitive, however the words are spaced."""
    alternatives = [
        r"\s+".join(re.escape(word) for word in name.split())
        for name in sorted(names, key=len, reverse=True)
    ]
    if not alternatives:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _subjects_by_name(subjects, spell=str):
    by_name = {}
    for subject in subjects:
        for name in subject.names:
            if name.strip():
                by_name.setdefault(_key(spell(name)), []).append(subject)
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
    for match in pattern.finditer("\n".join(texts).casefold()):
        for subject in by_name[_key(match.group(0))]:
            if subject not in found:
                found.append(subject)
    return found


def link_first_mentions(body_html, subjects):
    """Wrap the first mention of each subject in a link to its page, touching text only."""
    by_name = _subjects_by_name(subjects, spell=lambda name: html.escape(name, quote=False))
    pattern = _pattern(by_name)
    if pattern is None or not body_html:
        return body_html
    linked = set()

    def link(match):
        subject = next(
            (s for s in by_name[_key(match.group(0))] if (type(s), s.pk) not in linked), None
        )
        if subject is None:
            return match.group(0)
        linked.add((type(subject), subject.pk))
        return f'<a href="{html.escape(subject.get_absolute_url())}">{match.group(0)}</a>'

    parts = _TAG.split(body_html)
    protected = 0
    for index, part in enumerate(parts):
        if index % 2:
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2).lower() in _NO_LINK_INSIDE and not part.endswith("/>"):
                protected += -1 if tag.group(1) else 1
                protected = max(protected, 0)
        elif part and not protected:
            parts[index] = pattern.sub(link, part)
    return "".join(parts)
