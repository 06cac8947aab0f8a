"""Text fields of content are normalised however a row is saved, and every script survives."""

import json
import unicodedata

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Source
from articles.tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory
from newsroom.text import normalise_text
from people.models import Person
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.models import Milestone
from projects.tests.factories import CreditFactory, ProjectFactory
from spacecinema.portable import import_content

pytestmark = pytest.mark.django_db

# Emoji with skin tones, ZWJ sequences and flags, Cyrillic, Hebrew with points, Arabic with
# harakat, a right-to-left mark, and combining marks with no precomposed form.
EVERY_SCRIPT = unicodedata.normalize(
    "NFC",
    "👩🏽‍🚀 🇷🇺 Юлия Пересильд — שָׁלוֹם עוֹלָם \u200fمَرْحَبًا q\u0307 x\u0302\u0323 Ǹ",
)


def test_single_lines_turn_breaks_into_spaces_and_lose_other_controls():
    assert normalise_text("Launch\x0bday\x0cnow\u2028at\u2029ten\r\nsharp\ttoday") == (
        "Launch day now at ten sharp today"
    )
    assert normalise_text("\x00A\x01B\x1bC\x7fD\x85E\x9fF\ufffeG\uffffH\ud800I") == "ABCD EFGHI"


def test_multi_line_text_keeps_newlines_and_tabs_and_turns_other_breaks_into_newlines():
    assert normalise_text(
        "One\r\ntwo\rthree\x0bfour\x0cfive\u2028six\u2029seven\tend\x07", True
    ) == ("One\ntwo\nthree\nfour\nfive\nsix\nseven\tend")


def test_text_is_composed_and_every_script_survives_a_save():
    assert normalise_text("Pe\u0301re") == "P\u00e9re"
    person = PersonFactory(
        name=EVERY_SCRIPT, native_name=EVERY_SCRIPT, bio=f"{EVERY_SCRIPT}\n\n{EVERY_SCRIPT}"
    )
    person.refresh_from_db()
    assert person.name == EVERY_SCRIPT
    assert person.native_name == EVERY_SCRIPT
    assert person.bio == f"{EVERY_SCRIPT}\n\n{EVERY_SCRIPT}"


def test_every_content_model_normalises_its_text_on_an_orm_save():
    article = ArticleFactory(
        headline="Null\x00 and \ud800 surrogate", standfirst="Stand\x0bfirst", body="A\x0bB"
    )
    article.tags.add("tag\x0bname")
    source = Source.objects.create(article=article, publisher="BBC\x0cNews", title="T\x01itle")
    correction = CorrectionFactory(article=article, text="Was\x0bwrong")
    author = AuthorFactory(name="Wire\x0bservice", bio="Bio\x0cline")
    person = PersonFactory(name="Yulia\x0bPeresild", description="actress\x1b", aliases="A\x0cB")
    organisation = OrganisationFactory(name="Ros\x0bcosmos", description="Agency\x0bhere")
    project = ProjectFactory(title="The\x0bChallenge", logline="One\nline", synopsis="S\x0bT")
    credit = CreditFactory(project=project, person=person, character="Doctor\x0b")
    milestone = Milestone.objects.create(
        project=project,
        title="Launch\x0b",
        kind="launch",
        planned_for=timezone.localdate(),
        note="Note\x0cline",
    )
    for row in (article, source, correction, author, person, organisation, project, credit):
        row.refresh_from_db()
    milestone.refresh_from_db()
    assert article.headline == "Null and  surrogate"
    assert (article.standfirst, article.body) == ("Stand\nfirst", "A\nB")
    assert [tag.name for tag in article.tags.all()] == ["tag name"]
    assert (source.publisher, source.title) == ("BBC News", "Title")
    assert correction.text == "Was\nwrong"
    assert (author.name, author.bio) == ("Wire service", "Bio\nline")
    assert (person.name, person.description, person.aliases) == (
        "Yulia Peresild",
        "actress",
        "A\nB",
    )
    assert (organisation.name, organisation.description) == ("Ros cosmos", "Agency\nhere")
    assert (project.title, project.logline, project.synopsis) == (
        "The Challenge",
        "One line",
        "S\nT",
    )
    assert credit.character == "Doctor "
    assert (milestone.title, milestone.note) == ("Launch ", "Note\nline")


def test_an_import_normalises_text_too():
    moment = "2026-01-01T12:00:00Z"
    document = {
        "format": "spacecinema-content",
        "version": 1,
        "objects": [
            {"model": "taggit.tag", "pk": 1, "fields": {"name": "or\x0bbit", "slug": "orbit"}},
            {
                "model": "people.person",
                "pk": 1,
                "fields": {
                    "name": "Yulia\x0bPeresild",
                    "slug": "yulia",
                    "bio": "Line\x0cbreak",
                    "created_at": moment,
                    "updated_at": moment,
                },
            },
        ],
    }
    import_content(json.dumps(document))
    person = Person.objects.get()
    assert (person.name, person.bio) == ("Yulia Peresild", "Line\nbreak")
    assert Tag.objects.get().name == "or bit"
    assert Article.objects.count() == 0
