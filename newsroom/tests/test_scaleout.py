"""Two app servers, one PostgreSQL database and one Redis cache, as in a scaled-out deployment."""

import pytest
from django.contrib.auth import get_user_model

from articles import cards
from articles.models import Article
from newsroom.tests import servers
from newsroom.tests.servers import Browser, read

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def app_servers(tmp_path, collected_static):
    with servers.app_servers(tmp_path, collected_static) as running:
        yield [server.url for server in running]


def test_an_article_published_on_one_server_is_on_the_other_at_once(app_servers):
    first, second = app_servers
    get_user_model().objects.create_superuser("editor", password="correct horse battery")
    Article.objects.create(headline="Training begins", status=Article.Status.PUBLISHED)

    assert "Training begins" in read(second + "/news/")
    # The second server now serves its page from the shared cache: a change made without
    # telling the cache stays invisible there (a write past save(), then its card rendered
    # again as `refresh_tallies` would, neither of which evicts a page)...
    Article.objects.update(headline="Training begins in Star City")
    cards.rebuild()
    assert "Star City" not in read(second + "/news/")

    editor = Browser(first)
    editor.sign_in("editor", "correct horse battery")
    editor.publish("Crew lands safely")
    assert Article.objects.published().filter(headline="Crew lands safely").exists()

    # ...while publishing through the first server reaches the second one's cache at once.
    page = read(second + "/news/")
    assert "Crew lands safely" in page
    assert "Training begins in Star City" in page
    article = Article.objects.get(headline="Crew lands safely")
    assert "The Soyuz capsule landed in Kazakhstan." in read(second + article.get_absolute_url())
