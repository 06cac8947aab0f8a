from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from projects.models import Project


@pytest.mark.django_db(transaction=True)
def test_export_flush_import_export_gives_the_same_file(demo, tmp_path):
    # A time whose microseconds are below a millisecond: JSON with milliseconds only loses them.
    Article.objects.filter(pk=Article.objects.first().pk).update(
        updated_at=datetime(2021, 5, 17, 9, 30, 0, 456, tzinfo=UTC)
    )
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    call_command("export_content", str(first), stdout=None)
    text = first.read_text(encoding="utf-8")
    assert "Юлия Пересильд" in text
    assert '"lead_image": "articles/' in text
    articles = Article.objects.count()

    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists()

    call_command("import_content", str(first), stdout=None)
    call_command("export_content", str(second), stdout=None)
    assert second.read_bytes() == first.read_bytes()

    assert Article.objects.count() == articles
    assert Article.objects.published().count() == 8
    challenge = Project.objects.get(slug="challenge")
    assert challenge.rival.rival == challenge
    # Keys carried on from the file: a new row does not collide with an imported one.
    Article.objects.create(headline="After the import")


@pytest.mark.django_db
def test_import_refuses_to_overwrite_existing_content(demo, tmp_path):
    export = tmp_path / "export.json"
    call_command("export_content", str(export), stdout=None)
    Article.objects.filter(slug=Article.objects.first().slug).update(headline="Edited since")
    with pytest.raises(CommandError, match="already has content"):
        call_command("import_content", str(export))
    assert Article.objects.filter(headline="Edited since").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "not JSON"),
        ('{"format": "something else"}', "not a Space Cinema content export"),
        (
            '{"format": "spacecinema-content", "version": 1, '
            '"objects": [{"model": "auth.user", "pk": 1, "fields": {"username": "x"}}]}',
            "not all newsroom content",
        ),
        (
            '{"format": "spacecinema-content", "version": 1, '
            '"objects": [{"model": "articles.article", "pk": 1, "fields": {"authors": [99]}}]}',
            "was not imported",
        ),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_imported(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_content", str(bad))
    assert not Article.objects.exists()
