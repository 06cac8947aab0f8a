"""Precise invalidation through the real WSGI entry point: each kind of change evicts exactly
the pages that recorded a key it changed (newsroom/changes.py), and never leaves one stale.

The pages are spacecinema/tests/urls.py's /keys/ pages, which record keys as the site's views do.
"""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, Correction
from newsroom.changes import COUNTER, ENTRY, current_sequence, everything_changed, record
from newsroom.dependencies import NEWS, row_key
from people.models import Person
from spacecinema import cache as page_cache

from .wsgi_client import as_worker, call, requests_reaching_django

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("spacecinema.tests.urls")]
A_YEAR_AGO = timedelta(days=365)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


class Newsroom:
    def __init__(self):
        now = timezone.now()
        self.peresild = Person.objects.create(name="Yulia Peresild")
        self.shipenko = Person.objects.create(name="Klim Shipenko")
        self.old = Article.objects.create(
            headline="Challenge is announced",
            status=Article.Status.PUBLISHED,
            published_at=now - A_YEAR_AGO,
        )
        self.old.people.add(self.peresild)
        self.old.tags.add("challenge")
        self.tag = self.old.tags.get()
        self.newer = Article.objects.create(
            headline="Soyuz MS-19 lifts off",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=2),
        )
        self.newest = Article.objects.create(
            headline="Crew lands in Kazakhstan",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=1),
        )

    def pages(self):
        return {
            "latest": "/keys/latest/",
            "old article": f"/keys/article/{self.old.pk}/",
            "newer article": f"/keys/article/{self.newer.pk}/",
            "Peresild": f"/keys/person/{self.peresild.pk}/",
            "Shipenko": f"/keys/person/{self.shipenko.pk}/",
            "tag": f"/keys/tag/{self.tag.pk}/",
            "people": "/keys/people/",
            "no keys": "/",
        }


@pytest.fixture
def newsroom():
    return Newsroom()


def evicted_by(newsroom, change):
    """Which pages the change made Django render again; each page's text is checked against a
    fresh rendering too, so an evicted page is also a correct one."""
    pages = newsroom.pages()
    for path in pages.values():
        call(path)
    change()
    with requests_reaching_django() as made_again:
        served = {name: call(path)["body"] for name, path in pages.items()}
    for name, path in pages.items():
        with as_worker(page_cache.Worker()):
            cache.delete(page_cache.page_key(environ_for(path)))
            assert call(path)["body"] == served[name], f"{name} was served stale"
    return {name for name, path in pages.items() if path in made_again}


def environ_for(path):
    return {
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "testserver",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
    }


def test_a_draft_save_evicts_nothing(newsroom):
    def write_a_draft():
        draft = Article.objects.create(headline="Draft about Peresild")
        draft.people.add(newsroom.peresild)
        draft.tags.add("challenge", "premiere-rumours")
        draft.standfirst = "Still being written"
        draft.save()
        draft.status = Article.Status.IN_REVIEW
        draft.save()

    assert evicted_by(newsroom, write_a_draft) == set()


def test_an_edit_of_an_old_article_evicts_its_pages_only(newsroom):
    def edit():
        newsroom.old.headline = "Challenge is announced by Roscosmos"
        newsroom.old.save()

    assert evicted_by(newsroom, edit) == {"old article", "Peresild", "tag", "no keys"}
    assert "announced by Roscosmos" in call(newsroom.pages()["Peresild"])["body"]


def test_a_person_rename_evicts_every_page_that_shows_their_name(newsroom):
    def rename():
        newsroom.peresild.name = "Yulia Peresild (actress)"
        newsroom.peresild.save()

    assert evicted_by(newsroom, rename) == {"old article", "Peresild", "people", "no keys"}
    assert "Yulia Peresild (actress)" in call(newsroom.pages()["old article"])["body"]


def test_publishing_evicts_the_lists_it_enters(newsroom):
    def publish():
        article = Article.objects.create(headline="Shipenko starts filming")
        article.people.add(newsroom.shipenko)
        article.status = Article.Status.PUBLISHED
        article.save()

    assert evicted_by(newsroom, publish) == {"latest", "Shipenko", "no keys"}
    assert "Shipenko starts filming" in call("/keys/latest/")["body"]


def test_unpublishing_evicts_the_lists_it_leaves(newsroom):
    def unpublish():
        newsroom.old.status = Article.Status.DRAFT
        newsroom.old.save()

    assert evicted_by(newsroom, unpublish) == {
        "latest",
        "old article",
        "Peresild",
        "tag",
        "no keys",
    }
    assert call(newsroom.pages()["old article"])["status"].startswith("404")


def test_tagging_a_visible_article_evicts_its_page_and_the_tags(newsroom):
    def tag():
        newsroom.newer.tags.add("challenge")

    assert evicted_by(newsroom, tag) == {"newer article", "latest", "tag", "no keys"}
    assert "Soyuz MS-19 lifts off" in call(newsroom.pages()["tag"])["body"]


def test_a_correction_evicts_the_pages_of_its_article(newsroom):
    def correct():
        Correction.objects.create(article=newsroom.old, text="It was announced in May.")

    assert evicted_by(newsroom, correct) == {"old article", "Peresild", "tag", "no keys"}
    assert "Correction: It was announced in May." in call(newsroom.pages()["old article"])["body"]


@pytest.fixture
def productions(newsroom):
    from projects.models import Project

    challenge = Project.objects.create(title="The Challenge")
    cruise = Project.objects.create(title="Untitled Cruise film", rival=challenge)
    quiet = Project.objects.create(title="Quiet Orbit")
    newsroom.pages_of_productions = {
        "Challenge": f"/keys/project/{challenge.pk}/",
        "Quiet Orbit": f"/keys/project/{quiet.pk}/",
        "race": "/keys/race/",
    }
    return challenge, cruise, quiet


def with_productions(newsroom):
    pages = newsroom.pages() | newsroom.pages_of_productions
    newsroom.pages = lambda: pages


def test_a_milestone_of_the_race_evicts_the_race_and_its_production(newsroom, productions):
    from projects.models import Milestone

    challenge, _, _ = productions
    with_productions(newsroom)

    def milestone():
        Milestone.objects.create(
            project=challenge, title="Crew launches", kind="launch", planned_for="2021-10-05"
        )

    assert evicted_by(newsroom, milestone) == {"Challenge", "race", "no keys"}
    assert "Crew launches" in call("/keys/race/")["body"]


def test_a_credit_evicts_its_production_and_its_person(newsroom, productions):
    from projects.models import Credit

    _, _, quiet = productions
    with_productions(newsroom)

    def credit():
        Credit.objects.create(project=quiet, person=newsroom.shipenko, role="director")

    assert evicted_by(newsroom, credit) == {"Quiet Orbit", "Shipenko", "no keys"}
    assert "Klim Shipenko" in call(newsroom.pages_of_productions["Quiet Orbit"])["body"]


def test_tagging_a_person_evicts_the_tags_page(newsroom):
    def tag():
        newsroom.shipenko.tags.add("challenge")

    assert evicted_by(newsroom, tag) == {"Shipenko", "tag", "no keys"}
    assert "Klim Shipenko" in call(newsroom.pages()["tag"])["body"]


def test_a_month_archive_is_evicted_by_what_enters_or_leaves_that_month(newsroom):
    moment = timezone.localtime(newsroom.old.published_at)
    archive = f"/keys/month/{moment.year}/{moment.month}/"
    newsroom.pages = lambda: Newsroom.pages(newsroom) | {"archive": archive}

    def unpublish_another_month():
        newsroom.newest.status = Article.Status.DRAFT
        newsroom.newest.save()

    def backdate_into_it():
        newsroom.newer.published_at = newsroom.old.published_at + timedelta(seconds=1)
        newsroom.newer.save()

    assert "archive" not in evicted_by(newsroom, unpublish_another_month)
    assert "archive" in evicted_by(newsroom, backdate_into_it)
    assert "Soyuz MS-19 lifts off" in call(archive)["body"]


def test_everything_changed_evicts_every_page(newsroom):
    def restore():
        Article.objects.filter(pk=newsroom.newest.pk).update(headline="Restored headline")
        everything_changed()

    assert evicted_by(newsroom, restore) == set(newsroom.pages())


def test_a_scheduled_article_appears_at_its_time_on_pages_that_list_the_news(newsroom):
    now = timezone.now()
    due = now + timedelta(seconds=2)
    with time_machine.travel(now, tick=False):
        scheduled = Article.objects.create(
            headline="Challenge premieres", status=Article.Status.PUBLISHED, published_at=due
        )
        scheduled.people.add(newsroom.shipenko)
        for path in newsroom.pages().values():
            call(path)
        assert "Challenge premieres" not in call("/keys/latest/")["body"]
    # The database decides visibility by its own clock: let it pass the scheduled time too.
    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.05)

    with time_machine.travel(due + timedelta(seconds=1), tick=False):
        before = current_sequence()
        with requests_reaching_django() as made_again:
            assert "Challenge premieres" in call("/keys/latest/")["body"]
            assert "Challenge premieres" in call(newsroom.pages()["Shipenko"])["body"]
            with as_worker(page_cache.Worker()):
                assert "Challenge premieres" in call("/keys/latest/")["body"]
                call(newsroom.pages()["Peresild"])
            call(newsroom.pages()["old article"])
        assert made_again == ["/keys/latest/", newsroom.pages()["Shipenko"]]
        assert current_sequence() == before + 1, "the publication is recorded once"


def test_another_worker_sees_a_change_made_through_this_one(newsroom):
    path = newsroom.pages()["old article"]
    second = page_cache.Worker()
    call(path)
    with as_worker(second):
        call(path)
    newsroom.old.headline = "Seen by both workers"
    newsroom.old.save()
    with requests_reaching_django() as made_again:
        with as_worker(second):
            assert "Seen by both workers" in call(path)["body"]
        assert "Seen by both workers" in call(path)["body"]
    assert made_again == [path], "made once, then found in the shared cache by the other"


@pytest.mark.parametrize("how", ["evicted", "not yet written"])
def test_a_missing_change_log_entry_never_serves_a_stale_page(newsroom, how):
    path = newsroom.pages()["old article"]
    unrelated = newsroom.pages()["Shipenko"]
    call(path)
    call(unrelated)
    # Another server changes the article; its log entry goes missing.
    Article.objects.filter(pk=newsroom.old.pk).update(headline="Changed elsewhere")
    if how == "evicted":
        cache.delete(ENTRY.format(record({row_key("article", newsroom.old.pk), NEWS})))
    else:
        cache.incr(COUNTER)
    with requests_reaching_django() as made_again:
        assert "Changed elsewhere" in call(path)["body"]
        call(unrelated)
    assert made_again == [path, unrelated], "whatever changed, nothing older is trusted"
    with requests_reaching_django() as made_again:
        call(path)
        call(unrelated)
    assert made_again == [], "and pages made since are served again"


def test_responses_carry_the_keys_their_page_recorded(client, newsroom, settings):
    made = client.get(newsroom.pages()["old article"])
    served = client.get(newsroom.pages()["old article"])
    expected = {
        row_key("article", newsroom.old.pk),
        row_key("person", newsroom.peresild.pk),
        row_key("tag", newsroom.tag.pk),
    }
    assert made.dependency_keys == served.dependency_keys == expected
    assert client.get("/").dependency_keys == {"site"}
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get(newsroom.pages()["old article"]).dependency_keys == expected


@pytest.fixture(params=["local memory", "files"])
def any_cache(request, settings, tmp_path):
    """Tests use local memory; `make bench` and SQLite deployments use the file cache
    (spacecinema/filecache.py), whose counter is a read and a write rather than one atomic
    step."""
    if request.param == "files":
        settings.CACHES = {
            "default": {
                "BACKEND": "spacecinema.filecache.FileCache",
                "LOCATION": tmp_path / "cache",
            }
        }
    return request.param


def test_two_changes_drawing_one_number_are_both_recorded(any_cache, newsroom):
    pages = newsroom.pages()
    call(pages["old article"])
    call(pages["newer article"])
    Article.objects.filter(pk=newsroom.old.pk).update(headline="Told by the first writer")
    first = record({row_key("article", newsroom.old.pk)})
    # What two writers reading and writing the counter at once leave: one increment lost.
    cache.set(COUNTER, first - 1, timeout=None)
    newsroom.newer.headline = "Told by the second writer"
    newsroom.newer.save()

    assert "Told by the first writer" in call(pages["old article"])["body"]
    assert "Told by the second writer" in call(pages["newer article"])["body"]


def test_workers_on_the_file_cache_see_each_others_changes(any_cache, newsroom):
    path = newsroom.pages()["Peresild"]
    second = page_cache.Worker()
    call(path)
    with as_worker(second):
        call(path)
    newsroom.peresild.name = "Yulia Peresild (actress)"
    newsroom.peresild.save()
    with requests_reaching_django() as made_again:
        with as_worker(second):
            assert "Yulia Peresild (actress)" in call(path)["body"]
        assert "Yulia Peresild (actress)" in call(path)["body"]
        with as_worker(second):
            call(path)
    assert made_again == [path]
