"""An original's page and its translation's, through the real WSGI entry point with the page
cache on: the link to the other version appears and goes with the other's publication, its
scheduled time, its new address and its deletion, never later."""

import datetime
import time

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, make_editor
from spacecinema import cache as page_cache
from spacecinema.tests.wsgi_client import call, requests_reaching_django

# Transactions really commit: the cache is told about a change only once it has.
pytestmark = pytest.mark.django_db(transaction=True)

READ_IN_RUSSIAN = "Читать по-русски"
READ_IN_ENGLISH = "Read in English"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.worker = page_cache.Worker()


def page(path):
    answer = call(path)
    assert answer["status"].startswith("200"), (path, answer["status"])
    return answer["body"]


def stored_page(path):
    """The page, read twice: the second time it must come from the cache."""
    first = page(path)
    with requests_reaching_django() as reached:
        assert page(path) == first
    assert reached == [], "the page was stored"
    return first


@pytest.fixture
def original():
    return ArticleFactory(headline="Challenge crew named", slug="challenge-crew-named")


def translate(original, **fields):
    return ArticleFactory(
        headline="Названа съёмочная группа «Вызова»",
        slug="vyzov-ekipazh",
        language=Article.Language.RUSSIAN,
        translation_of=original,
        **fields,
    )


def test_a_scheduled_translation_is_linked_from_the_moment_it_appears(original):
    now = timezone.now()
    due = now + datetime.timedelta(seconds=1)
    russian = translate(original, published_at=due)

    with time_machine.travel(now, tick=False):
        assert READ_IN_RUSSIAN not in stored_page(original.get_absolute_url())
    # The database decides visibility by its own clock: let it pass the scheduled time too.
    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.05)
    with time_machine.travel(due + datetime.timedelta(seconds=1), tick=False):
        english = page(original.get_absolute_url())
        assert READ_IN_RUSSIAN in english
        assert f'href="{russian.get_absolute_url()}"' in english
        assert READ_IN_ENGLISH in page(russian.get_absolute_url())


def test_the_link_follows_the_translations_publication_address_and_deletion(original):
    editor = make_editor()
    russian = translate(original, status=Article.Status.DRAFT, published_at=None)
    path = original.get_absolute_url()
    assert READ_IN_RUSSIAN not in stored_page(path)

    russian.publish(editor)
    assert 'href="/news/vyzov-ekipazh/"' in stored_page(path)

    russian.slug = "vyzov-ekipazh-nazvan"
    russian.save()
    assert 'href="/news/vyzov-ekipazh-nazvan/"' in stored_page(path)

    russian.unpublish(editor)
    assert READ_IN_RUSSIAN not in stored_page(path)

    russian.publish(editor)
    assert READ_IN_ENGLISH in stored_page(russian.get_absolute_url())
    original.delete()
    assert READ_IN_ENGLISH not in stored_page(russian.get_absolute_url())


def test_a_link_made_or_undone_by_a_published_translation_reaches_the_original(original):
    russian = ArticleFactory(
        headline="Экипаж назван", slug="ekipazh", language=Article.Language.RUSSIAN
    )
    path = original.get_absolute_url()
    assert READ_IN_RUSSIAN not in stored_page(path)

    russian.translation_of = original
    russian.save()
    assert READ_IN_RUSSIAN in stored_page(path)

    russian.translation_of = None
    russian.save()
    assert READ_IN_RUSSIAN not in stored_page(path)


def test_an_originals_draft_deleted_makes_its_translation_answer_to_its_own_set(original):
    """The translation's page, stored under its original's set, is made again when the
    original goes, even unpublished: later translations of it must reach it."""
    original.status = Article.Status.DRAFT
    original.save()
    russian = translate(original)
    assert READ_IN_ENGLISH not in stored_page(russian.get_absolute_url())

    original.delete()
    english = ArticleFactory(headline="Crew named", slug="crew-named")
    english.translation_of = russian
    english.save()

    assert READ_IN_ENGLISH in stored_page(russian.get_absolute_url())
