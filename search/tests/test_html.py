"""The search page is valid HTML, as the Nu HTML Checker sees it."""

import pytest

from articles.tests.factories import ArticleFactory
from newsroom.tests.checks import checker_messages
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_search_pages_are_valid_html(client, demo, tmp_path):
    PersonFactory(name="Orbit Walker")
    ArticleFactory.create_batch(25, headline="Orbit news", tags=["orbit"])
    queries = [
        {},
        {"q": "Пересильд"},
        {"q": "Peresild"},
        {"q": "orbit", "page": 2},
        {"q": "orbit", "kind": "person"},
        {"q": '"NEAR(*'},
        {"q": "<script>"},
    ]
    files = []
    for number, params in enumerate(queries):
        response = client.get("/search/", params)
        assert response.status_code == 200, params
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(response.content)

    assert checker_messages(files) == []
