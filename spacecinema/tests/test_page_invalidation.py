"""Each kind of change makes again exactly the site's own pages that show it, and no others,
through the real WSGI entry point with the page cache on: the pages readers get, not test
views. A newsroom of 25 recent articles and two older ones, so that the home page and the first
page of news show only the recent ones."""

import contextlib
import datetime

import pytest
from django.core.signals import request_started
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.tests.factories import PersonFactory
from spacecinema import cache as page_cache

from .wsgi_client import call

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.worker = page_cache.Worker()


class Newsroom:
    def __init__(self):
        now = timezone.now()
        self.peresild = PersonFactory(name="Yulia Peresild")
        self.cruise = PersonFactory(name="Tom Cruise")
        self.oldest = ArticleFactory(
            headline="Challenge is announced",
            tags=["challenge"],
            people=[self.peresild],
            published_at=now - datetime.timedelta(days=400),
        )
        self.older = ArticleFactory(
            headline="Shipenko to direct",
            tags=["challenge"],
            published_at=now - datetime.timedelta(days=300),
        )
        self.recent = [
            ArticleFactory(
                headline=f"Orbit diary {number}",
                tags=["diary"],
                published_at=now - datetime.timedelta(hours=number + 1),
            )
            for number in range(25)
        ]
        self.pages = {
            "home": "/",
            "news": "/news/",
            "news page 2": "/news/?page=2",
            "oldest": self.oldest.get_absolute_url(),
            "older": self.older.get_absolute_url(),
            "a diary": self.recent[0].get_absolute_url(),
            "challenge tag": "/tags/challenge/",
            "diary tag": "/tags/diary/",
            "Peresild": self.peresild.get_absolute_url(),
            "Cruise": self.cruise.get_absolute_url(),
            "news feed": "/feeds/news.rss",
            "Peresild feed": f"/feeds/people/{self.peresild.slug}.rss",
        }

    def get(self, name):
        path, _, query = self.pages[name].partition("?")
        answer = call(path, QUERY_STRING=query)
        assert answer["status"].startswith("200"), (name, answer["status"])
        return answer["body"]


@contextlib.contextmanager
def pages_made(newsroom):
    """The names of the pages whose requests reached Django (the rest were stored pages)."""
    names = {path: name for name, path in newsroom.pages.items()}
    made = set()

    def seen(sender, environ, **kwargs):
        query = environ.get("QUERY_STRING")
        made.add(names[environ["PATH_INFO"] + (f"?{query}" if query else "")])

    request_started.connect(seen)
    try:
        yield made
    finally:
        request_started.disconnect(seen)


def made_again_by(newsroom, change):
    for name in newsroom.pages:
        newsroom.get(name)
    with pages_made(newsroom) as made:
        for name in newsroom.pages:
            newsroom.get(name)
    assert made == set(), "every page was stored"
    change()
    with pages_made(newsroom) as made:
        for name in newsroom.pages:
            newsroom.get(name)
    return made


@pytest.fixture
def newsroom():
    return Newsroom()


def test_a_draft_saved_tagged_and_about_someone_makes_nothing_again(newsroom):
    def write_a_draft():
        draft = ArticleFactory(draft=True, headline="Not for readers yet", tags=["challenge"])
        draft.people.add(newsroom.peresild)
        draft.headline = "Still not for readers"
        draft.save()

    assert made_again_by(newsroom, write_a_draft) == set()


def test_an_edit_of_an_old_article_makes_again_only_the_pages_that_show_it(newsroom):
    def edit():
        newsroom.oldest.headline = "Challenge is announced by Roscosmos"
        newsroom.oldest.save()

    made = made_again_by(newsroom, edit)

    # The later article on the same subject lists it as earlier coverage; the news feed
    # carries more items than a page of news.
    assert made == {
        "oldest",
        "older",
        "news page 2",
        "news feed",
        "challenge tag",
        "Peresild",
        "Peresild feed",
    }
    for name in made:
        assert "Challenge is announced by Roscosmos" in newsroom.get(name), name


def test_a_renamed_person_makes_again_every_page_that_shows_their_name(newsroom):
    def rename():
        newsroom.peresild.name = "Yulia Peresild-Shipenko"
        newsroom.peresild.save()

    made = made_again_by(newsroom, rename)

    # The article about her names her; her feed's title does.
    assert made == {"Peresild", "oldest", "Peresild feed"}
    for name in made:
        assert "Yulia Peresild-Shipenko" in newsroom.get(name), name


def test_a_publication_makes_again_the_lists_it_joins_and_no_older_article(newsroom):
    def publish():
        article = ArticleFactory(
            draft=True, headline="Cruise joins the race", tags=["challenge"], people=[]
        )
        article.status = Article.Status.PUBLISHED
        article.published_at = timezone.now()
        article.save()

    made = made_again_by(newsroom, publish)

    # Every page of the news list shifts; older articles' related lists never change.
    assert made == {"home", "news", "news page 2", "challenge tag", "news feed"}
    for name in made:
        assert "Cruise joins the race" in newsroom.get(name) or name == "news page 2", name
