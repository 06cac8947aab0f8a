"""Revisions in the admin: one per save, who and when, a diff between two, restore, audit."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles.models import Article

from .factories import ArticleFactory, change_form_data, make_writer

pytestmark = pytest.mark.django_db


def save_through_admin(client, article, **changes):
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, **changes),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()


def test_each_save_keeps_a_revision_with_who_and_when(editor_client, editor):
    article = ArticleFactory(draft=True)

    save_through_admin(editor_client, article, body="First version of the text.")
    save_through_admin(editor_client, article, body="Second version of the text.")

    versions = Version.objects.get_for_object(article)
    assert [version.field_dict["body"] for version in versions] == [
        "Second version of the text.",
        "First version of the text.",
    ]
    assert {version.revision.user for version in versions} == {editor}
    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    assert len(history.context["revisions"]) == 2
    assert "Eddie Editor" in history.text


def test_diff_between_two_revisions(editor_client):
    article = ArticleFactory(draft=True)
    save_through_admin(editor_client, article, body="The crew trained in Star City.")
    save_through_admin(editor_client, article, body="The crew trained in Zvyozdny Gorodok.")
    newer, older = Version.objects.get_for_object(article)

    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )

    assert response.status_code == 200
    assert (
        "The crew trained in <del>Star</del><ins>Zvyozdny</ins> <del>City</del><ins>Gorodok</ins>."
        in response.text
    )
    assert "articles/admin/diffconflict.css" in response.text, "the diff colours are styled"


def test_diff_of_text_with_markup_stays_escaped(editor_client):
    article = ArticleFactory(draft=True)
    save_through_admin(editor_client, article, headline="Old <b>headline</b>")
    save_through_admin(editor_client, article, headline="<script>alert(1)</script>")
    newer, older = Version.objects.get_for_object(article)

    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )

    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)" in response.text


@pytest.mark.parametrize("bad", [{"from": "x", "to": "1"}, {"from": "999999", "to": "1"}, {}])
def test_diff_with_bad_revisions_is_not_found(editor_client, bad):
    article = ArticleFactory(draft=True)
    save_through_admin(editor_client, article, body="Text.")

    response = editor_client.get(reverse("admin:articles_article_compare", args=[article.pk]), bad)

    assert response.status_code == 404


def test_restoring_an_old_revision_brings_its_text_back(editor_client, editor):
    article = ArticleFactory(draft=True)
    article.publish(by=editor)
    save_through_admin(editor_client, article, body="What we first wrote.")
    save_through_admin(editor_client, article, body="A rewrite nobody liked.")
    old = Version.objects.get_for_object(article).get(
        serialized_data__contains="What we first wrote."
    )
    restore_url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])

    preview = editor_client.get(restore_url)
    assert preview.status_code == 200
    assert "Restore this text" in preview.text
    assert Article.objects.get(pk=article.pk).body == "A rewrite nobody liked."

    response = editor_client.post(restore_url)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "What we first wrote."
    assert "What we first wrote." in article.body_html
    assert article.is_published(), "restoring text leaves the status alone"
    assert Version.objects.get_for_object(article).first().field_dict["body"] == (
        "What we first wrote."
    )


def test_writer_cannot_restore_over_published_work(client, editor):
    writer = make_writer()
    article = ArticleFactory(draft=True, byline=writer, body="Draft text.")
    client.force_login(writer)
    save_through_admin(client, article, body="Submitted text.")
    old = Version.objects.get_for_object(article).first()
    article.publish(by=editor)

    response = client.post(reverse("admin:articles_article_revision", args=[article.pk, old.pk]))

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).is_published()


def test_history_shows_every_status_change_with_who(editor_client, editor):
    writer = make_writer()
    article = ArticleFactory(draft=True, byline=writer)
    article.submit_for_review(by=writer)
    article.publish(by=editor)
    article.unpublish(by=editor)

    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    changes = [
        (str(change), change.changed_by.username) for change in response.context["status_changes"]
    ]
    assert changes == [
        ("Draft → In review", "writer"),
        ("In review → Published", "editor"),
        ("Published → Draft", "editor"),
    ]
    assert "Wendy Writer" in response.text
    assert "In review → Published" in response.text


def test_a_list_action_gives_each_article_a_revision_of_its_own(editor_client, editor):
    writer = make_writer()
    draft = ArticleFactory(draft=True, byline=writer, headline="Draft to publish")
    in_review = ArticleFactory(draft=True, byline=writer, headline="Reviewed to publish")
    in_review.submit_for_review(by=writer)

    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, in_review.pk]},
    )

    for article, comment in [
        (draft, "Status: Draft → Published"),
        (in_review, "Status: In review → Published"),
    ]:
        revision = Version.objects.get_for_object(article).first().revision
        assert revision.get_comment() == comment
        assert [version.object_id for version in revision.version_set.all()] == [str(article.pk)]
        history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
        assert comment in history.text


def test_history_of_a_revision_saved_without_a_login_names_nobody(editor_client):
    with reversion.create_revision():
        article = ArticleFactory(draft=True, headline="Challenge: imported from the archive")
    save_through_admin(editor_client, article, body="Edited on the desk.")

    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert response.status_code == 200
    assert "Eddie Editor" in response.text
    assert "<td>—</td>" in response.text


def test_a_revision_that_no_longer_loads_is_not_found_rather_than_an_error(editor_client):
    article = ArticleFactory(draft=True)
    save_through_admin(editor_client, article, body="First.")
    save_through_admin(editor_client, article, body="Second.")
    newer, older = Version.objects.get_for_object(article)
    # Stored by an older version of the site, in a shape this one cannot read.
    Version.objects.filter(pk=older.pk).update(serialized_data='[{"fields": ')

    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    restore = editor_client.get(
        reverse("admin:articles_article_revision", args=[article.pk, older.pk])
    )

    assert (compare.status_code, restore.status_code) == (404, 404)
