"""Mentions on the change page: proposed after saving, accepted with one click, then linked."""

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import Organisation, Person

from .factories import ArticleFactory, change_form_data

pytestmark = pytest.mark.django_db


def test_proposes_mentions_and_adds_them_with_one_click(editor_client):
    shipenko = Person.objects.create(name="Klim Shipenko", aliases="Shepenko")
    channel_one = Organisation.objects.create(
        name="Channel One", native_name="Первый канал", kind=Organisation.Kind.BROADCASTER
    )
    Person.objects.create(name="Tom Cruise")
    article = ArticleFactory(
        draft=True,
        headline="Shepenko to direct",
        body="Первый канал will air it. Shepenko said so.",
    )
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = editor_client.get(url)
    assert [subject for subject, kind in page.context["proposed_subjects"]] == [
        shipenko,
        channel_one,
    ]
    assert "Add as subjects" in page.text

    response = editor_client.post(
        url, change_form_data(article, standfirst="Typed before clicking.", _add_mentions="1")
    )

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert list(article.people.all()) == [shipenko]
    assert list(article.organisations.all()) == [channel_one]
    assert article.standfirst == "Typed before clicking."
    assert article.body_html.count(f'href="{shipenko.get_absolute_url()}"') == 1
    assert f'<a href="{channel_one.get_absolute_url()}">Первый канал</a>' in article.body_html
    assert editor_client.get(url).context["proposed_subjects"] == []
    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "subjects (added Klim Shipenko, Channel One)" in history.text


def test_turkish_and_accented_spellings_save_and_reopen(editor_client):
    liman = Person.objects.create(name="Doug Liman", aliases="Liman")
    peresild = Person.objects.create(name="Yulia Peresild", native_name="Юлия Пересильд")
    article = ArticleFactory(draft=True, headline="Liman's next film", people=[liman])
    url = reverse("admin:articles_article_change", args=[article.pk])
    body = "Doug Lıman wrote it; DOUG LİMAN directs. LİMAN said: «Юлия Пересильд, ПЕРЕСИ́ЛЬД»."

    response = editor_client.post(url, change_form_data(article, body=body))

    assert response.status_code == 302
    page = editor_client.get(url)
    assert page.status_code == 200
    assert page.context["proposed_subjects"] == [(peresild, "person")]
    article = Article.objects.get(pk=article.pk)
    assert f'<a href="{liman.get_absolute_url()}">DOUG LİMAN</a>' in article.body_html
    assert article.body_html.count("<a ") == 1
