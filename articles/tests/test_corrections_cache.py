"""The corrections feed and page with the page cache on, through the real WSGI entry point:
stored, and made again when a correction is made, edited or taken back, or when an article
they show changes or is withdrawn."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, CorrectionFactory
from spacecinema import cache as page_cache
from spacecinema.tests.wsgi_client import call, requests_reaching_django

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/feeds/corrections.rss", "/feeds/corrections.atom", "/feeds/corrections.json"]
PAGE = "/corrections/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.worker = page_cache.Worker()


def read_all():
    """Each page's body, and the pages whose requests reached Django."""
    with requests_reaching_django() as made:
        bodies = {}
        for path in [*PAGES, PAGE]:
            answer = call(path)
            assert answer["status"].startswith("200"), (path, answer["status"])
            bodies[path] = answer["body"]
    return bodies, set(made)


@pytest.fixture
def stored():
    """A corrected article and one with no correction, the pages read twice: stored."""
    now = timezone.now()
    corrected = ArticleFactory(headline="Soyuz launches", published_at=now - datetime.timedelta(1))
    correction = CorrectionFactory(article=corrected, text="The launch was at 08:55.")
    other = ArticleFactory(headline="The crew lands", published_at=now - datetime.timedelta(2))
    read_all()
    _, made = read_all()
    assert made == set(), "every page was stored"
    return corrected, correction, other


def shown_everywhere(text):
    bodies, made = read_all()
    assert made == {*PAGES, PAGE}
    return all(text in body for body in bodies.values())


def test_a_new_correction_is_shown_at_once(stored):
    _, _, other = stored

    CorrectionFactory(article=other, text="The capsule landed in Kazakhstan.")

    assert shown_everywhere("The capsule landed in Kazakhstan.")


def test_an_edited_correction_is_shown_at_once(stored):
    _, correction, _ = stored

    correction.text = "The launch was at 08:55 Moscow time."
    correction.save()

    assert shown_everywhere("08:55 Moscow time")


def test_a_deleted_correction_goes_at_once(stored):
    _, correction, _ = stored

    correction.delete()

    bodies, made = read_all()
    assert made == {*PAGES, PAGE}
    assert not any("08:55" in body for body in bodies.values())


def test_a_renamed_article_is_shown_renamed_at_once(stored):
    corrected, _, _ = stored

    corrected.headline = "Soyuz MS-19 lifts off"
    corrected.save()

    assert shown_everywhere("Soyuz MS-19 lifts off")


def test_a_withdrawn_article_takes_its_corrections_with_it(stored):
    corrected, _, _ = stored

    corrected.status = Article.Status.DRAFT
    corrected.save()

    bodies, made = read_all()
    assert made == {*PAGES, PAGE}
    assert not any("08:55" in body for body in bodies.values())


def test_a_change_elsewhere_keeps_the_stored_pages(stored):
    ArticleFactory(draft=True, headline="Not for readers yet")

    _, made = read_all()

    assert made == set()
