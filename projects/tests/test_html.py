import pytest

from newsroom.tests.checks import checker_messages
from projects.models import Project

PAGES = [
    "/people/",
    "/people/yulia-peresild/",
    "/organisations/",
    "/organisations/roscosmos/",
    "/projects/",
    "/projects/challenge/",
    "/projects/tom-cruise-space-film/",
    "/race/",
]

pytestmark = pytest.mark.django_db


def test_every_page_is_valid_html(client, demo, tmp_path):
    pages = {path: client.get(path) for path in PAGES}
    Project.objects.update(rival=None)
    pages["/race/ without rivals"] = client.get("/race/")
    files = []
    for number, (path, response) in enumerate(pages.items()):
        assert response.status_code == 200, path
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(response.content)

    assert checker_messages(files) == []
