"""The status flow on the model: who may move an article where, and what readers then see."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles.models import Article, StatusChange, TransitionNotAllowed
from articles.workflow import PASSWORD_VARIABLE

from .factories import PASSWORD, ArticleFactory, make_writer

pytestmark = pytest.mark.django_db


def test_writer_submits_own_draft_and_the_change_is_audited(writer):
    article = ArticleFactory(draft=True, byline=writer)

    article.submit_for_review(by=writer)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    change = StatusChange.objects.get(article=article)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "in_review",
        writer,
    )


def test_writer_cannot_publish_even_their_own_article(writer):
    article = ArticleFactory(draft=True, byline=writer, status=Article.Status.IN_REVIEW)

    with pytest.raises(TransitionNotAllowed):
        article.publish(by=writer)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert not Article.objects.published().exists()


def test_writer_cannot_touch_another_writers_draft(writer):
    colleague = make_writer("colleague", "Colm Colleague")
    article = ArticleFactory(draft=True, byline=colleague)

    assert not article.can_be_edited_by(writer)
    with pytest.raises(TransitionNotAllowed):
        article.submit_for_review(by=writer)
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_writer_loses_edit_rights_once_published(writer, editor):
    article = ArticleFactory(draft=True, byline=writer)
    assert article.can_be_edited_by(writer)

    article.publish(by=editor)

    assert not article.can_be_edited_by(writer)
    assert article.can_be_edited_by(editor)
    with pytest.raises(TransitionNotAllowed):
        article.unpublish(by=writer)


def test_editor_publishes_and_unpublishes(writer, editor):
    article = ArticleFactory(draft=True, byline=writer, status=Article.Status.IN_REVIEW)

    article.publish(by=editor)
    assert list(Article.objects.published()) == [article]

    article.unpublish(by=editor)
    assert not Article.objects.published().exists()
    assert [str(change) for change in article.status_changes.all()] == [
        "In review → Published",
        "Published → Draft",
    ]
    assert {change.changed_by for change in article.status_changes.all()} == {editor}


def test_writers_see_only_their_bylines_and_editors_see_the_desk(writer, editor):
    own = ArticleFactory(draft=True, byline=writer)
    ArticleFactory(draft=True, byline=make_writer("colleague", "Colm Colleague"))

    assert list(Article.objects.visible_to(writer)) == [own]
    assert Article.objects.visible_to(editor).count() == 2


def test_each_transition_keeps_a_revision_naming_who_made_it(writer, editor):
    article = ArticleFactory(draft=True, byline=writer)

    article.submit_for_review(by=writer)
    article.publish(by=editor)

    revisions = [version.revision for version in Version.objects.get_for_object(article)]
    assert [(revision.user, revision.get_comment()) for revision in revisions] == [
        (editor, "Status: In review → Published"),
        (writer, "Status: Draft → In review"),
    ]


def test_every_save_moves_the_version_on():
    article = ArticleFactory(draft=True)
    first = article.version

    article.body = "Second draft."
    article.save()
    stale_copy = Article.objects.get(pk=article.pk)
    article.save()
    stale_copy.save()

    assert stale_copy.version == first + 3


def test_createwriter_makes_a_staff_login_with_a_byline(monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    out = StringIO()

    call_command("createwriter", "yulia", "--name", "Yulia Reporter", "--noinput", stdout=out)

    writer = Article.authors.rel.model.objects.get(user__username="yulia").user
    assert "Created writer" in out.getvalue()
    assert writer.is_staff and not writer.is_superuser
    assert writer.check_password(PASSWORD)
    assert writer.has_perm("articles.add_article")
    assert not writer.has_perm("articles.publish_article")
    assert writer.author.name == "Yulia Reporter"


def test_createeditor_promotes_an_existing_writer(monkeypatch):
    writer = make_writer()
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)

    call_command("createeditor", writer.username, "--noinput", stdout=StringIO())

    writer.refresh_from_db()
    promoted = type(writer).objects.get(pk=writer.pk)
    assert promoted.has_perm("articles.publish_article")
    assert promoted.has_perm("projects.change_milestone")
    assert promoted.has_perm("people.change_person")


def test_createeditor_makes_the_roles_again_after_a_flush(monkeypatch):
    Group.objects.filter(name__in=["Writer", "Editor"]).delete()
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)

    call_command("createeditor", "eddie", "--noinput", stdout=StringIO())

    editor = get_user_model().objects.get(username="eddie")
    assert editor.has_perm("articles.publish_article")
    assert Group.objects.get(name="Writer").permissions.filter(codename="add_article").exists()


def test_create_commands_refuse_a_weak_password(monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, "1234")
    with pytest.raises(CommandError):
        call_command("createwriter", "weak", "--noinput", stdout=StringIO())


@pytest.mark.parametrize("command", ["createwriter", "createeditor"])
def test_create_commands_refuse_a_new_login_without_a_password(monkeypatch, command):
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    with pytest.raises(CommandError, match=PASSWORD_VARIABLE):
        call_command(command, "nobody", "--noinput", stdout=StringIO())
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_createeditor_promotes_an_existing_login_without_a_new_password(monkeypatch):
    writer = make_writer()
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)

    call_command("createeditor", writer.username, "--noinput", stdout=StringIO())

    promoted = type(writer).objects.get(pk=writer.pk)
    assert promoted.has_perm("articles.publish_article")
    assert promoted.password == writer.password
