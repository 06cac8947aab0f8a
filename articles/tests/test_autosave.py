"""Autosave on the article's page: what an editor types is kept apart from the article, never
overwrites anyone's save, is offered back on their next visit, and bad input is a 400."""

import datetime
import json
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Autosave

from .factories import ArticleFactory, change_form_data, make_editor, make_writer

pytestmark = pytest.mark.django_db


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_add")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def send(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def typed(**fields):
    return {"headline": "A headline", "body": "Typed text.", **fields}


def offered(page):
    """The autosave a page offers to restore, as its script reads it, or None."""
    found = re.search(
        r'<script id="autosave-offer" type="application/json">(.*?)</script>', page.text
    )
    return json.loads(found[1]) if found else None


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_autosave_is_kept_and_the_article_and_its_revisions_stay_as_they_were(editor_client):
    article = ArticleFactory(draft=True, headline="Saved headline", body="Saved body.")
    revisions_before = Version.objects.get_for_object(article).count()

    response = send(
        editor_client,
        autosave_url(article),
        {"fields": typed(body="Typed, not saved."), "base_version": article.version},
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["status"].startswith("Autosaved at ")
    assert answer["status"].endswith(" UTC")
    assert answer["stale"] is False
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.body, stored.version, stored.status) == (
        "Saved headline",
        "Saved body.",
        article.version,
        Article.Status.DRAFT,
    )
    assert Version.objects.get_for_object(article).count() == revisions_before
    autosave = Autosave.objects.get(article=article)
    assert autosave.fields["body"] == "Typed, not saved."
    assert autosave.base_version == article.version


def test_autosaving_again_replaces_the_editors_own_autosave(editor_client):
    article = ArticleFactory(draft=True)
    for body in ["First words.", "First words, and more."]:
        send(
            editor_client,
            autosave_url(article),
            {"fields": typed(body=body), "base_version": article.version},
        )

    assert [a.fields["body"] for a in Autosave.objects.all()] == ["First words, and more."]


def test_two_editors_autosaving_one_article_both_keep_their_text():
    anna = logged_in(make_editor("anna", "Anna First"))
    boris = logged_in(make_editor("boris", "Boris Second"))
    article = ArticleFactory(draft=True)

    send(anna, autosave_url(article), {"fields": typed(body="Anna's"), "base_version": 1})
    send(boris, autosave_url(article), {"fields": typed(body="Boris's"), "base_version": 1})

    kept = {a.user.username: a.fields["body"] for a in Autosave.objects.select_related("user")}
    assert kept == {"anna": "Anna's", "boris": "Boris's"}
    page = anna.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert offered(page)["fields"]["body"] == "Anna's"
    assert "Boris" not in page.text


def test_an_autosave_after_a_newer_manual_save_is_kept_flagged_and_changes_nothing():
    anna_user = make_editor("anna", "Anna First")
    anna = logged_in(anna_user)
    boris = logged_in(make_editor("boris", "Boris Second"))
    article = ArticleFactory(draft=True, body="The original text.")
    opened = change_form_data(article)
    change_url = reverse("admin:articles_article_change", args=[article.pk])

    saved = anna.post(change_url, {**opened, "body": "Anna's careful rewrite."})
    assert saved.status_code == 302
    response = send(
        boris,
        autosave_url(article),
        {"fields": typed(body="Boris typed for an hour."), "base_version": opened["base_version"]},
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["stale"] is True
    assert answer["notice"].startswith("Anna First saved this article at ")
    assert answer["notice"].endswith(" UTC, after you opened it; your text is kept as an autosave.")
    assert Article.objects.get(pk=article.pk).body == "Anna's careful rewrite."
    assert Autosave.objects.get(user__username="boris").fields["body"] == (
        "Boris typed for an hour."
    )
    offered = boris.get(change_url)
    assert "You have unsaved changes from" in offered.text
    assert "Anna First saved the article after that" in offered.text


def test_a_manual_save_deletes_the_editors_autosave_and_no_one_elses(editor_client):
    colleague = logged_in(make_editor("colleague", "Colin Colleague"))
    article = ArticleFactory(draft=True)
    send(editor_client, autosave_url(article), {"fields": typed(), "base_version": 1})
    send(colleague, autosave_url(article), {"fields": typed(body="Mine."), "base_version": 1})

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, body="Saved for real."),
    )

    assert response.status_code == 302
    assert [a.user.username for a in Autosave.objects.select_related("user")] == ["colleague"]


def test_a_refused_manual_save_keeps_the_autosave(editor_client):
    article = ArticleFactory(draft=True)
    stale = change_form_data(article)
    article.body = "Someone else's save."
    article.save()
    send(editor_client, autosave_url(article), {"fields": typed(), "base_version": 1})

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), {**stale, "body": "Mine."}
    )

    assert response.status_code == 200
    assert Autosave.objects.count() == 1


def test_a_writer_autosaving_a_colleagues_article_is_refused(writer_client):
    colleague = make_writer("colleague", "Colin Colleague")
    article = ArticleFactory(draft=True, byline=colleague, body="Colin's draft.")

    response = send(
        writer_client, autosave_url(article), {"fields": typed(body="Mine now"), "base_version": 1}
    )

    assert response.status_code == 403
    assert "may not edit" in response.json()["error"]
    assert not Autosave.objects.exists()
    assert Article.objects.get(pk=article.pk).body == "Colin's draft."


def test_a_writer_autosaving_their_published_article_is_refused(writer, writer_client):
    article = ArticleFactory(byline=writer)

    response = send(writer_client, autosave_url(article), {"fields": typed(), "base_version": 1})

    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_a_writer_autosaves_their_own_draft(writer, writer_client):
    article = ArticleFactory(draft=True, byline=writer)

    response = send(writer_client, autosave_url(article), {"fields": typed(), "base_version": 1})

    assert response.status_code == 200
    assert Autosave.objects.get().user == writer


def test_a_login_without_the_right_to_add_articles_may_not_autosave_one(client):
    from .factories import make_reader

    reader = make_reader()
    reader.is_staff = True
    reader.save()
    client.force_login(reader)

    response = send(client, autosave_url(), {"fields": typed(), "token": uuid.uuid4().hex})

    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_autosave_needs_a_login_and_the_csrf_token(editor):
    article = ArticleFactory(draft=True)
    anonymous = send(Client(), autosave_url(article), {"fields": typed(), "base_version": 1})
    assert anonymous.status_code == 302

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(editor)
    no_token = send(checked, autosave_url(article), {"fields": typed(), "base_version": 1})
    assert no_token.status_code == 403
    assert not Autosave.objects.exists()


def test_a_200000_character_body_is_kept_whole(editor_client):
    article = ArticleFactory(draft=True)
    body = ("Пересильд на орбите. " * 10_000)[:200_000]

    response = send(
        editor_client, autosave_url(article), {"fields": typed(body=body), "base_version": 1}
    )

    assert response.status_code == 200
    assert Autosave.objects.get().fields["body"] == body


@pytest.mark.parametrize(
    "payload, message",
    [
        ("{not json", "not readable JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"base_version": 1}', "named no fields"),
        ('{"fields": {"headline": 7}, "base_version": 1}', "must be text"),
        ('{"fields": {"status": "published"}, "base_version": 1}', "does not keep status"),
        ('{"fields": {"body": "x"}, "base_version": "one"}', "whole number"),
        ('{"fields": {"body": "x"}, "base_version": null}', "whole number"),
        ('{"fields": {"body": "x"}, "base_version": -3}', "whole number"),
        ('{"fields": {"body": "x"}, "base_version": 99999999999}', "newer than the article"),
        (json.dumps({"fields": {"body": "x" * 1_000_001}, "base_version": 1}), "too long"),
        (json.dumps({"fields": {"headline": "x" * 4_001}, "base_version": 1}), "too long"),
    ],
)
def test_bad_input_is_a_400_with_a_message(editor_client, payload, message):
    article = ArticleFactory(draft=True)

    response = editor_client.post(autosave_url(article), payload, content_type="application/json")

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Autosave.objects.exists()


def test_a_request_over_the_upload_limit_is_a_400(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    article = ArticleFactory(draft=True)

    response = send(
        editor_client,
        autosave_url(article),
        {"fields": typed(body="x" * 20_000), "base_version": 1},
    )

    assert response.status_code == 400
    assert "Too much text" in response.json()["error"]


def test_bad_input_on_the_new_article_page_is_a_400(editor_client):
    response = send(editor_client, autosave_url(), {"fields": typed(), "token": "../../etc"})

    assert response.status_code == 400
    assert "token" in response.json()["error"]


def test_an_unknown_article_is_a_404(editor_client):
    for object_id in ["999999", "not-a-number"]:
        response = send(
            editor_client,
            reverse("admin:articles_article_autosave", args=[object_id]),
            {"fields": typed(), "base_version": 1},
        )
        assert response.status_code == 404


def test_a_get_is_refused(editor_client):
    article = ArticleFactory(draft=True)

    assert editor_client.get(autosave_url(article)).status_code == 405


def test_the_change_page_offers_the_autosave_and_discard_deletes_it(editor_client):
    article = ArticleFactory(draft=True, body="Saved body.")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert "You have unsaved changes" not in editor_client.get(change_url).text
    send(
        editor_client, autosave_url(article), {"fields": typed(body="Lost tab."), "base_version": 1}
    )

    page = editor_client.get(change_url)

    assert "You have unsaved changes from" in page.text
    assert " UTC</time>" in page.text
    assert offered(page)["fields"]["body"] == "Lost tab."
    assert 'src="/static/articles/admin/autosave.js"' in page.text
    discard = send(
        editor_client,
        reverse("admin:articles_article_autosave_discard", args=[article.pk]),
        {},
    )
    assert discard.status_code == 200
    assert not Autosave.objects.exists()
    assert "You have unsaved changes" not in editor_client.get(change_url).text


def test_an_autosave_holding_what_the_article_holds_is_not_offered(editor_client):
    article = ArticleFactory(draft=True, headline="Same", slug="same", body="Same body.")
    fields = {"headline": "Same", "slug": "same", "body": "Same body."}
    send(editor_client, autosave_url(article), {"fields": fields, "base_version": 1})

    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert "You have unsaved changes" not in page.text


def test_a_new_article_autosave_is_offered_on_the_add_page_and_deleted_by_its_save(
    editor_client,
):
    token = uuid.uuid4().hex
    response = send(
        editor_client,
        autosave_url(),
        {"fields": typed(headline="Never saved", body="Written before the crash."), "token": token},
    )
    assert response.status_code == 200
    assert Autosave.objects.get().article is None

    page = editor_client.get(reverse("admin:articles_article_add"))
    assert "You have unsaved changes from" in page.text
    offer = offered(page)
    assert offer["token"] == token
    assert offer["fields"] == typed(headline="Never saved", body="Written before the crash.")
    assert offer["when"].endswith(" UTC")

    new = Article(headline="Never saved", slug="never-saved", body="Written before the crash.")
    saved = editor_client.post(
        reverse("admin:articles_article_add"),
        {**change_form_data(new), "status": "draft", "_autosave_token": token},
    )
    assert saved.status_code == 302
    assert Article.objects.filter(headline="Never saved").exists()
    assert not Autosave.objects.exists()
    assert (
        "You have unsaved changes"
        not in editor_client.get(reverse("admin:articles_article_add")).text
    )


def test_a_new_article_autosave_is_discarded_by_its_token(editor_client):
    token = uuid.uuid4().hex
    send(editor_client, autosave_url(), {"fields": typed(), "token": token})
    other = send(
        editor_client,
        reverse("admin:articles_article_autosave_add_discard"),
        {"token": uuid.uuid4().hex},
    )
    assert other.status_code == 200
    assert Autosave.objects.count() == 1

    send(editor_client, reverse("admin:articles_article_autosave_add_discard"), {"token": token})

    assert not Autosave.objects.exists()


def test_old_autosaves_are_dropped_when_a_new_one_is_written(editor_client):
    article = ArticleFactory(draft=True)
    forgotten = ArticleFactory(draft=True)
    send(editor_client, autosave_url(forgotten), {"fields": typed(), "base_version": 1})
    Autosave.objects.update(saved_at=timezone.now() - datetime.timedelta(days=31))

    send(editor_client, autosave_url(article), {"fields": typed(), "base_version": 1})

    assert [a.article for a in Autosave.objects.select_related("article")] == [article]


def test_control_characters_and_lone_surrogates_are_dropped_as_a_save_drops_them(editor_client):
    article = ArticleFactory(draft=True)
    payload = (
        '{"base_version": 1, "fields": {"headline": "Launch\\u000bday\\u0000", '
        '"body": "First\\u0000 line\\u000bsecond \\ud800line"}}'
    )

    response = editor_client.post(autosave_url(article), payload, content_type="application/json")

    assert response.status_code == 200
    assert Autosave.objects.get().fields == {
        "headline": "Launch day",
        "body": "First line\nsecond line",
    }
