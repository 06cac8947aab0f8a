"""Two editors, one article: the stale save is refused and nobody's words are lost."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from articles.models import Article

from .factories import ArticleFactory, change_form_data, make_editor

pytestmark = pytest.mark.django_db


def test_second_stale_save_is_refused_and_keeps_what_was_typed(client):
    first_editor = make_editor("anna", "Anna First")
    second_editor = make_editor("boris", "Boris Second")
    article = ArticleFactory(draft=True, body="The original text.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    both_opened = change_form_data(article)

    client.force_login(first_editor)
    first = client.post(url, {**both_opened, "body": "Anna's careful rewrite."})
    assert first.status_code == 302

    client.force_login(second_editor)
    second = client.post(url, {**both_opened, "body": "Boris's rewrite, typed for an hour."})

    assert second.status_code == 200
    errors = " ".join(second.context["adminform"].form.non_field_errors())
    assert "Anna First changed this article at" in errors
    assert "Boris&#x27;s rewrite, typed for an hour." in second.text
    assert Article.objects.get(pk=article.pk).body == "Anna's careful rewrite."


def test_resubmitting_the_stale_form_is_still_refused(client):
    editor = make_editor()
    article = ArticleFactory(draft=True)
    url = reverse("admin:articles_article_change", args=[article.pk])
    stale = change_form_data(article)
    client.force_login(editor)
    client.post(url, {**stale, "headline": "Saved first"})

    client.post(url, {**stale, "headline": "Stale attempt one"})
    response = client.post(url, {**stale, "headline": "Stale attempt two"})

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Saved first"


def test_a_form_without_its_version_is_refused(client):
    client.force_login(make_editor())
    article = ArticleFactory(draft=True)
    data = change_form_data(article, headline="No version sent")
    del data["base_version"]

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).headline != "No version sent"


def test_a_fresh_form_saves_after_someone_elses_change(client):
    editor = make_editor()
    article = ArticleFactory(draft=True)
    article.body = "Changed elsewhere."
    article.save()
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, headline="Now with the latest version"),
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Now with the latest version"
    assert not Article.objects.visible_to(AnonymousUser()).exists()
