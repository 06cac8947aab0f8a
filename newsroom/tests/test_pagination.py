import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from newsroom import pagination

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_news():
    now = timezone.now()
    for number in range(45):
        ArticleFactory(
            headline=f"Launch report {number:02d}",
            # Pairs share a time, so the id decides their order.
            published_at=now - datetime.timedelta(hours=number // 2),
            tags=["soyuz"],
        )
    ArticleFactory(headline="Launch report draft", status=Article.Status.DRAFT, tags=["soyuz"])


def headlines(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r"Launch report \w+", response.content.decode())


@pytest.mark.parametrize("url", ["/news/", "/tags/soyuz/"])
def test_deep_pages_read_by_id_list_the_same_articles_in_the_same_order(
    client, tagged_news, monkeypatch, url
):
    direct = [headlines(client, f"{url}?page={page}") for page in (1, 2, 3)]
    monkeypatch.setattr(pagination, "DIRECT_ROWS", 0)
    by_id = [headlines(client, f"{url}?page={page}") for page in (1, 2, 3)]

    assert by_id == direct
    assert [len(page) for page in by_id] == [20, 20, 5]
    assert "Launch report draft" not in sum(by_id, [])
    assert client.get(f"{url}?page=4").status_code == 404
