"""The article page as the page cache stores it (spacecinema/cache.py) follows a change of
its search and social overrides at once: the stored head is never the old one."""

import pytest

from articles.tests.factories import ArticleFactory
from spacecinema import cache as page_cache
from spacecinema.tests.wsgi_client import call, requests_reaching_django

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.worker = page_cache.Worker()


def test_a_changed_override_is_on_the_stored_page_at_once():
    article = ArticleFactory(headline="Soyuz rolls out", standfirst="On the pad.")
    path = article.get_absolute_url()
    assert '<meta property="og:title" content="Soyuz rolls out">' in call(path)["body"]
    with requests_reaching_django() as reached:
        call(path)
    assert reached == [], "the page was stored"

    article.seo_title = "Rollout at Baikonur"
    article.meta_description = "The rocket is on the pad for Tuesday."
    article.save()

    html = call(path)["body"]
    assert '<meta property="og:title" content="Rollout at Baikonur">' in html
    assert "<title>Rollout at Baikonur | Space Cinema</title>" in html
    assert '<meta name="description" content="The rocket is on the pad for Tuesday.">' in html

    article.seo_title = ""
    article.save()
    assert "<title>Soyuz rolls out | Space Cinema</title>" in call(path)["body"]
