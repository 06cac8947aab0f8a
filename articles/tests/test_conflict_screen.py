"""The conflict screen: a refused stale save shows what the other editor changed beside what
this editor typed, and the typed text stays in the form."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article

from .factories import ArticleFactory, change_form_data, make_editor

pytestmark = pytest.mark.django_db


def column(page, name):
    found = re.search(rf'<section class="conflict-{name}".*?</section>', page, flags=re.S)
    assert found, f"no {name} column"
    return found.group(0)


def opened_by_two_editors(client, body):
    """An article saved once through the admin, and the form both editors then opened."""
    anna = make_editor("anna", "Anna Peresild")
    boris = make_editor("boris", "Boris Shipenko")
    article = ArticleFactory(draft=True, headline="Challenge: the first film shot in orbit")
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(anna)
    assert client.post(url, change_form_data(article, body=body)).status_code == 302
    article.refresh_from_db()
    return article, url, anna, boris, change_form_data(article)


def test_the_refused_editor_sees_the_other_change_beside_their_own(client):
    article, url, anna, boris, both_opened = opened_by_two_editors(
        client, "Yulia Peresild trained for four months.\n\nKlim Shipenko directed."
    )
    client.force_login(anna)
    first = client.post(
        url,
        {
            **both_opened,
            "body": "Yulia Peresild trained for four months in Star City.\n\n"
            "Klim Shipenko directed.",
        },
    )
    assert first.status_code == 302

    client.force_login(boris)
    second = client.post(
        url,
        {
            **both_opened,
            "body": "Yulia Peresild trained for four months.\n\n"
            "Klim Shipenko directed <Challenge>.",
        },
    )

    assert second.status_code == 200
    assert re.search(r"Anna Peresild changed this article at [^,]+, [^,]+ UTC, after", second.text)
    theirs = column(second.text, "theirs")
    assert "What Anna Peresild changed" in theirs
    assert "four months<ins> in Star City</ins>." in theirs
    assert "Klim Shipenko directed." in theirs
    yours = column(second.text, "yours")
    assert "Klim Shipenko directed<ins> &lt;Challenge&gt;</ins>." in yours
    assert "Star City" not in yours
    assert "<Challenge>" not in second.text
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', second.text, flags=re.S)
    assert "Klim Shipenko directed &lt;Challenge&gt;." in textarea.group(1)
    assert Article.objects.get(pk=article.pk).body == (
        "Yulia Peresild trained for four months in Star City.\n\nKlim Shipenko directed."
    )


def test_a_field_nobody_changed_is_said_to_be_unchanged(client):
    article, url, anna, boris, both_opened = opened_by_two_editors(client, "The crew flew.")
    client.force_login(anna)
    client.post(url, {**both_opened, "headline": "Challenge wraps in orbit"})

    client.force_login(boris)
    response = client.post(url, {**both_opened, "body": "The crew flew on Soyuz MS-19."})

    theirs = column(response.text, "theirs")
    assert "Challenge<del>:</del> <del>the first film shot</del><ins>wraps</ins> in orbit" in theirs
    assert "Unchanged." in theirs
    yours = column(response.text, "yours")
    assert "The crew flew<ins> on Soyuz MS-19</ins>." in yours


def test_without_the_starting_revision_the_saved_text_is_compared_with_yours(client):
    article, url, anna, boris, both_opened = opened_by_two_editors(client, "The crew flew.")
    client.force_login(anna)
    client.post(url, {**both_opened, "body": "The crew flew to the station."})
    Version.objects.get_for_object(article).filter(
        serialized_data__contains='"body": "The crew flew."'
    ).delete()

    client.force_login(boris)
    response = client.post(url, {**both_opened, "body": "The crew landed."})

    assert response.status_code == 200
    assert "The version you started from is no longer in the article" in response.text
    assert "The crew flew to the station." in column(response.text, "theirs")
    assert "The crew <del>flew to the station</del><ins>landed</ins>." in column(
        response.text, "yours"
    )


def test_a_save_that_is_not_stale_shows_no_conflict(client):
    article, url, anna, boris, both_opened = opened_by_two_editors(client, "The crew flew.")
    client.force_login(boris)

    response = client.post(url, {**both_opened, "headline": ""})

    assert response.status_code == 200
    assert "conflict-theirs" not in response.text


def test_a_long_body_in_conflict_is_shown(client):
    paragraph = "Yulia Peresild rehearsed the surgery scene in the Zvezda module. " * 20 + "\n\n"
    body = paragraph * 160
    assert len(body) >= 200_000
    article, url, anna, boris, both_opened = opened_by_two_editors(client, body)
    client.force_login(anna)
    client.post(url, {**both_opened, "body": body.replace("Zvezda", "Nauka", 1)})

    client.force_login(boris)
    response = client.post(url, {**both_opened, "body": body[::-1]})

    assert response.status_code == 200
    assert "in the <del>Zvezda</del><ins>Nauka</ins> module" in column(response.text, "theirs")
    assert column(response.text, "yours").count("<ins>") >= 1


def test_a_starting_revision_that_no_longer_loads_is_said_to_be_missing(client):
    article, url, anna, boris, both_opened = opened_by_two_editors(client, "The crew flew.")
    client.force_login(anna)
    client.post(url, {**both_opened, "body": "The crew flew to the station."})
    # Stored by an older version of the site, in a shape this one cannot read.
    Version.objects.get_for_object(article).filter(
        serialized_data__contains='"body": "The crew flew."'
    ).update(serialized_data=f'[{{"fields": {{"version": {both_opened["base_version"]}, ')

    client.force_login(boris)
    response = client.post(url, {**both_opened, "body": "The crew landed."})

    assert response.status_code == 200
    assert "The version you started from is no longer in the article" in response.text
    assert "The crew <del>flew to the station</del><ins>landed</ins>." in column(
        response.text, "yours"
    )
