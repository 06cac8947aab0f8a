import hashlib
import json
import shutil
import stat
import zipfile
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from articles.models import Article
from projects.models import Project
from spacecinema import portable

from .lived import can_sign_in, live_a_day, media_files, pictures, state


def export(path):
    """Runs export_content; returns what it printed, warnings included."""
    out, err = StringIO(), StringIO()
    call_command("export_content", str(path), stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def restore(path):
    call_command("import_content", str(path), stdout=StringIO())


def members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def empty_the_newsroom():
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


def readers_pages(client):
    """The bytes readers get from the pages that show stored cards, counts and feed items."""
    client.logout()
    rollout = Article.objects.get(slug="soyuz-rollout")
    urls = [
        "/",
        reverse("articles:list"),
        rollout.get_absolute_url(),
        reverse("tags:detail", args=["soyuz"]),
        *(author.get_absolute_url() for author in rollout.authors.all()),
        Project.objects.get(slug="challenge").get_absolute_url(),
        reverse("projects:race"),
        "/feeds/news.rss",
        "/feeds/news.atom",
        "/feeds/news.json",
        "/sitemap.xml",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content
    return pages


def nothing_imported():
    """No row of any model a backup holds (roles excepted: migrations make them), no file."""
    kept = [model for model in portable.exported_models() if model._meta.label != "auth.Group"]
    return not any(model._default_manager.exists() for model in kept) and not media_files()


@pytest.mark.django_db(transaction=True)
def test_a_lived_newsroom_comes_back_whole_from_its_archive(demo, client, tmp_path):
    people = live_a_day(client)
    # A time whose microseconds are below a millisecond: JSON with milliseconds only loses them.
    Article.objects.filter(slug="soyuz-rollout").update(
        updated_at=datetime(2021, 5, 17, 9, 30, 0, 456, tzinfo=UTC)
    )
    before = state()
    pages = readers_pages(client)
    assert before["last_edited_by"]["soyuz-rollout"] == "editor"
    assert {row[3] for row in before["status_log"]} >= {"writer", "editor"}
    assert {row[2] for row in before["revisions"]} >= {"writer", "editor", "copy-editor"}
    assert any(name.startswith("renditions/people/") for name in before["pictures"])
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"

    report = export(first)
    assert "password hashes" in report

    empty_the_newsroom()
    assert not Article.objects.exists() and not get_user_model().objects.exists()
    restore(first)

    assert state() == before
    assert Article.objects.published().filter(slug="soyuz-rollout").exists()
    # Cards, feed items and counts are stored values: the restore gives readers the same bytes.
    call_command("refresh_tallies", "--check", stdout=StringIO())
    assert readers_pages(client) == pages
    # The search index is rebuilt from the imported rows.
    found = client.get(reverse("search:search"), {"q": "soyuz rolls out"})
    assert Article.objects.get(slug="soyuz-rollout").get_absolute_url() in found.text
    challenge = Project.objects.get(slug="challenge")
    assert challenge.rival.rival == challenge
    # Keys carried on from the archive: a new row does not collide with an imported one.
    Article.objects.create(headline="After the import")
    Article.objects.filter(headline="After the import").delete()

    export(second)
    assert members(second) == members(first)
    assert second.read_bytes() == first.read_bytes()
    # Last: signing in changes the logins' last_login.
    for user in people:
        assert can_sign_in(client, user)


@pytest.mark.django_db(transaction=True)
def test_the_archive_lists_its_rows_and_files_with_checksums(demo, client, tmp_path):
    live_a_day(client)
    archive = tmp_path / "newsroom.zip"
    export(archive)

    contents = members(archive)
    manifest = json.loads(contents["manifest.json"])
    labels = [entry["model"] for entry in manifest["data"]]
    for label in ["auth.user", "auth.group", "articles.statuschange", "reversion.version"]:
        assert label in labels
    for excluded in ["axes.accessattempt", "sessions.session", "contenttypes.contenttype"]:
        assert excluded not in labels
    # Made again from the rows on import, as the counts are.
    assert "articles.feedentry" not in labels
    assert pictures() == {entry["name"]: entry["sha256"] for entry in manifest["media"]}
    for entry in manifest["media"]:
        data = contents[f"media/{entry['name']}"]
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
    users = contents["data/auth.user.jsonl"].decode()
    assert get_user_model().objects.get(username="editor").password in users
    # Password hashes: only the archive's owner may read it.
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


@pytest.mark.django_db
def test_import_refuses_a_newsroom_that_has_content(demo, tmp_path):
    archive = tmp_path / "newsroom.zip"
    export(archive)
    Article.objects.filter(slug=Article.objects.first().slug).update(headline="Edited since")
    with pytest.raises(CommandError, match="already has"):
        restore(archive)
    assert Article.objects.filter(headline="Edited since").exists()


@pytest.mark.django_db
def test_import_refuses_a_newsroom_that_has_logins(tmp_path):
    archive = tmp_path / "newsroom.zip"
    export(archive)
    get_user_model().objects.create_user("someone", password="not-restored-over")
    with pytest.raises(CommandError, match="already has users"):
        restore(archive)


@pytest.mark.django_db
def test_a_missing_archive_is_reported(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nowhere.zip"):
        restore(tmp_path / "nowhere.zip")


@pytest.mark.django_db
def test_export_names_a_file_missing_from_media_storage(demo, tmp_path):
    article = Article.objects.illustrated().first()
    (settings.MEDIA_ROOT / article.lead_image.name).unlink()
    report = export(tmp_path / "newsroom.zip")
    assert f"missing from media storage: {article.lead_image.name}" in report


@pytest.fixture(scope="module")
def good_archive(django_db_setup, django_db_blocker, demo_media, tmp_path_factory):
    """The members of a lived newsroom's archive, made once; the database is rolled back."""
    media_root = tmp_path_factory.mktemp("media")
    shutil.copytree(demo_media, media_root, dirs_exist_ok=True)
    archive = tmp_path_factory.mktemp("archive") / "good.zip"
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        live_a_day(Client())
        export(archive)
        transaction.set_rollback(True)
    return members(archive)


def with_manifest(contents, change):
    manifest = json.loads(contents["manifest.json"])
    change(manifest)
    return {**contents, "manifest.json": json.dumps(manifest).encode()}


def with_member(contents, name, change):
    return {**contents, name: change(contents[name])}


def without(contents, prefix):
    return {name: data for name, data in contents.items() if not name.startswith(prefix)}


SOURCES = "data/articles.source.jsonl"
INTRUDER = b'{"model": "auth.user", "pk": 99, "fields": {"username": "intruder"}}\n'
ESCAPED = {"name": "../escaped.jpg", "size": 1, "sha256": hashlib.sha256(b"x").hexdigest()}
BROKEN = {
    "an old JSON export": (b'{"format": "spacecinema-content"}', "not a zip archive"),
    "random bytes": (b"PK\x03\x04 not really", "not a zip archive"),
    "a zip of something else": ({"notes.txt": b"hello"}, "not a Space Cinema backup"),
    "another format": (
        lambda c: with_manifest(c, lambda m: m.update(format="other")),
        "not a Space Cinema backup",
    ),
    "a newer version": (lambda c: with_manifest(c, lambda m: m.update(version=99)), "version 99"),
    "rows of a model a backup never holds": (
        lambda c: {
            **with_manifest(
                c,
                lambda m: m["data"].append(
                    {"model": "sessions.session", "file": "data/s.jsonl", "rows": 0}
                ),
            ),
            "data/s.jsonl": b"",
        },
        "sessions.session",
    ),
    "a data file missing": (lambda c: without(c, SOURCES), f"{SOURCES} is missing"),
    "a row of another model in a data file": (
        lambda c: with_member(c, SOURCES, lambda data: data + INTRUDER),
        f"{SOURCES} holds a row of auth.user",
    ),
    "fewer rows than the manifest says": (
        lambda c: with_member(c, SOURCES, lambda data: b"\n".join(data.splitlines()[:-1])),
        f"{SOURCES} holds .* rows, not",
    ),
    "a link to a row that is not there": (
        lambda c: with_member(
            c, SOURCES, lambda data: data.replace(b'"article": ', b'"article": 9', 1)
        ),
        "articles_source",
    ),
    "garbage in a data file": (lambda c: {**c, SOURCES: b"{not json\n"}, SOURCES),
    "a media file missing": (
        lambda c: without(c, "media/renditions/"),
        "media/renditions/.* is missing",
    ),
    "a media file changed": (
        lambda c: {
            name: b"not the picture" if name.startswith("media/renditions/") else data
            for name, data in c.items()
        },
        "does not match",
    ),
    "a media name outside media storage": (
        lambda c: {
            **with_manifest(c, lambda m: m["media"].append(ESCAPED)),
            "media/../escaped.jpg": b"x",
        },
        "escaped.jpg",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_a_broken_archive_is_refused_and_nothing_is_imported(good_archive, tmp_path, broken):
    make, message = BROKEN[broken]
    made = make(good_archive) if callable(make) else make
    bad = tmp_path / "bad.zip"
    if isinstance(made, bytes):
        bad.write_bytes(made)
    else:
        with zipfile.ZipFile(bad, "w") as archive:
            for name, data in made.items():
                archive.writestr(name, data)
    with pytest.raises(CommandError, match=f"bad.zip was not imported: .*{message}"):
        restore(bad)
    assert nothing_imported()
    assert not (settings.MEDIA_ROOT.parent / "escaped.jpg").exists()
