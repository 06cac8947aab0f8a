"""API answers are stored by the page cache like pages, under the dependency keys of what they
show, and made again when that changes: through the real WSGI entry point, page cache on."""

import contextlib
import datetime
import json

import pytest
from django.core.signals import request_started
from django.utils import timezone

from articles.tests.factories import ArticleFactory
from people.tests.factories import PersonFactory
from spacecinema import cache as page_cache
from spacecinema.tests.wsgi_client import call

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.worker = page_cache.Worker()


@pytest.fixture
def coverage():
    now = timezone.now()
    peresild = PersonFactory(name="Yulia Peresild")
    about_her = ArticleFactory(
        headline="Peresild trains", people=[peresild], published_at=now - datetime.timedelta(days=2)
    )
    other = ArticleFactory(headline="Other news", published_at=now - datetime.timedelta(days=1))
    paths = {
        "list": "/api/v1/articles/",
        "her articles": f"/api/v1/articles/?person={peresild.slug}",
        "about her": f"/api/v1/articles/{about_her.pk}/",
        "other": f"/api/v1/articles/{other.pk}/",
        "her": f"/api/v1/people/{peresild.slug}/",
    }
    return peresild, about_her, other, paths


def read(path):
    path, _, query = path.partition("?")
    answer = call(path, QUERY_STRING=query)
    assert answer["status"].startswith("200"), answer["status"]
    return json.loads(answer["body"])


@contextlib.contextmanager
def made(paths):
    """The names of the answers whose requests reached Django (the rest were stored)."""
    names = {path: name for name, path in paths.items()}
    seen = set()

    def note(sender, environ, **kwargs):
        query = environ.get("QUERY_STRING")
        seen.add(names[environ["PATH_INFO"] + (f"?{query}" if query else "")])

    request_started.connect(note)
    try:
        yield seen
    finally:
        request_started.disconnect(note)


def made_again_by(paths, change):
    for path in paths.values():
        read(path)
    with made(paths) as seen:
        for path in paths.values():
            read(path)
    assert seen == set(), "every answer was stored"
    change()
    with made(paths) as seen:
        answers = {name: read(path) for name, path in paths.items()}
    return seen, answers


def test_an_edit_makes_again_the_answers_that_show_the_article(coverage):
    peresild, about_her, other, paths = coverage

    def edit():
        about_her.headline = "Peresild trains for orbit"
        about_her.save()

    remade, answers = made_again_by(paths, edit)

    assert remade == {"list", "her articles", "about her"}
    assert answers["about her"]["headline"] == "Peresild trains for orbit"
    assert answers["list"]["items"][1]["headline"] == "Peresild trains for orbit"


def test_a_rename_makes_again_the_answers_naming_the_person(coverage):
    peresild, about_her, other, paths = coverage

    def rename():
        peresild.name = "Julia Peresild"
        peresild.save()

    remade, answers = made_again_by(paths, rename)

    assert remade == {"her", "about her", "list", "her articles"}
    assert answers["her"]["name"] == "Julia Peresild"
    assert answers["about her"]["people"][0]["name"] == "Julia Peresild"


def test_publishing_an_article_about_her_puts_it_in_her_list(coverage):
    peresild, about_her, other, paths = coverage
    made_again_by(paths, lambda: None)

    new = ArticleFactory(headline="Peresild lands", people=[peresild])

    assert read(paths["her articles"])["items"][0]["id"] == new.pk
    assert read(paths["list"])["items"][0]["id"] == new.pk


def test_a_stored_answer_is_not_counted_against_the_limit(coverage, settings):
    # An HTTP cache in front answers without asking the site; the page cache does the same.
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    _, _, _, paths = coverage

    assert call(paths["other"])["status"].startswith("200")
    assert call(paths["other"])["status"].startswith("200")
    assert call(paths["her"])["status"].startswith("429")


def test_an_article_turning_russian_joins_the_russian_list(coverage):
    _, about_her, _, _ = coverage
    assert read("/api/v1/articles/?language=ru")["items"] == []

    about_her.language = "ru"
    about_her.save()

    assert [item["id"] for item in read("/api/v1/articles/?language=ru")["items"]] == [about_her.pk]


def test_a_milestone_of_another_production_joins_the_timeline(db):
    from projects.models import Milestone
    from projects.tests.factories import ProjectFactory

    first, second = ProjectFactory(title="Challenge"), ProjectFactory(title="Orbit")
    Milestone.objects.create(
        project=first, title="Launch", kind="launch", planned_for=datetime.date(2021, 10, 5)
    )
    assert [item["title"] for item in read("/api/v1/milestones/")["items"]] == ["Launch"]

    Milestone.objects.create(
        project=second, title="Casting", kind="casting", planned_for=datetime.date(2021, 5, 1)
    )

    assert [item["title"] for item in read("/api/v1/milestones/")["items"]] == [
        "Casting",
        "Launch",
    ]
