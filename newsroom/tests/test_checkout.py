"""A checkout as `make run` leaves it: the README's commands must work in it as written."""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


@pytest.fixture
def checkout(tmp_path):
    """A copy of the project whose settings live in `tmp_path`, with its own database."""
    shutil.copytree(BASE_DIR / "spacecinema", tmp_path / "spacecinema")
    shutil.copy(BASE_DIR / "manage.py", tmp_path)
    own_apps = [app for app in settings.INSTALLED_APPS if (BASE_DIR / app).is_dir()]
    for name in [*own_apps, "templates", "static"]:
        if name == "spacecinema":  # copied above: the checkout's own settings
            continue
        (tmp_path / name).symlink_to(BASE_DIR / name)
    return tmp_path


def manage(checkout, *args, **environment):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "SITE_URL", "PORT"}
    }
    clean["DATABASE_URL"] = f"sqlite:///{checkout / 'db.sqlite3'}"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=checkout,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_reads_the_checkouts_secret_key_file(checkout):
    key = secrets.token_urlsafe(50)
    (checkout / ".secret-key").write_text(key + "\n")
    result = manage(checkout, "shell", "--no-imports", "-c", PRINT_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_secret_key_in_the_environment_wins_over_the_file(checkout):
    (checkout / ".secret-key").write_text(secrets.token_urlsafe(50))
    result = manage(
        checkout, "shell", "--no-imports", "-c", PRINT_KEY, SECRET_KEY="from-the-environment"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "from-the-environment"


def test_without_a_secret_key_manage_py_says_so_in_a_few_lines(checkout):
    result = manage(checkout, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert ".secret-key" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3


def origins(text):
    return set(re.findall(r"https?://(?:127\.0\.0\.1|localhost|testserver)[^/\"'<\s]*", text))


@pytest.mark.django_db
def test_port_gives_one_address_to_pages_sitemap_and_feeds(checkout, demo, client, settings):
    (checkout / ".secret-key").write_text(secrets.token_urlsafe(50))
    result = manage(
        checkout,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        PORT="8101",
    )
    assert result.returncode == 0, result.stderr
    settings.SITE_URL = result.stdout.strip()
    served_at = {"HTTP_HOST": "127.0.0.1:8101"}

    article = client.get("/news/space-race-first-film-in-orbit/", **served_at).content.decode()
    head = article[: article.index("</head>")]
    assert 'rel="canonical" href="http://127.0.0.1:8101/news/' in head
    assert 'property="og:url" content="http://127.0.0.1:8101/news/' in head
    assert 'property="og:image" content="http://127.0.0.1:8101/' in head
    assert '"url": "http://127.0.0.1:8101/' in article or '"url":"http://127.0.0.1:8101/' in article
    sitemap = client.get("/sitemap.xml", **served_at).content.decode()
    section = re.search(r"<loc>http://127\.0\.0\.1:8101(/[^<]+)</loc>", sitemap).group(1)
    section_xml = client.get(section, **served_at).content.decode()
    feeds = [
        client.get(f"/feeds/news.{ext}", **served_at).content.decode()
        for ext in ("rss", "atom", "json")
    ]
    for text in (article, sitemap, section_xml, *feeds):
        assert origins(text) == {"http://127.0.0.1:8101"}


def test_make_run_loads_the_demo_only_into_an_empty_newsroom_and_reports_logins():
    plan = subprocess.run(
        ["make", "--dry-run", "--always-make", "run"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "manage.py load_demo --if-empty" in plan
    assert "manage.py newsroom_status" in plan
    assert "No admin login exists" not in plan
