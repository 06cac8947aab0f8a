"""The newsroom's preview: the article page as readers will see it, for staff only."""

import pytest
from django.urls import reverse

from .factories import ArticleFactory, make_editor, make_reader, make_writer

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ArticleFactory(
        draft=True, headline="Draft about the Soyuz rollout", body="Secret *draft* text."
    )


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


def test_anonymous_readers_get_not_found(client, draft):
    assert client.get(preview_url(draft)).status_code == 404


def test_logged_in_readers_get_not_found(client, draft):
    client.force_login(make_reader())
    assert client.get(preview_url(draft)).status_code == 404


def test_writers_cannot_preview_other_writers_drafts(client, draft):
    client.force_login(make_writer())
    assert client.get(preview_url(draft)).status_code == 404


def test_staff_see_the_article_page_with_a_preview_banner(client, draft):
    client.force_login(make_editor())

    response = client.get(preview_url(draft))

    assert response.status_code == 200
    assert '<article class="article" aria-labelledby="page-heading">' in response.text
    assert 'class="preview-banner"' in response.text
    assert "Draft: readers cannot see this article" in response.text
    assert "Draft about the Soyuz rollout" in response.text
    assert "<em>draft</em>" in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]
    assert client.get(draft.get_absolute_url()).status_code == 404, "still hidden from readers"


def test_writer_previews_their_own_draft(client):
    writer = make_writer()
    article = ArticleFactory(draft=True, byline=writer)
    client.force_login(writer)

    assert client.get(preview_url(article)).status_code == 200


def test_change_page_links_to_the_preview(client, draft):
    client.force_login(make_editor())

    response = client.get(reverse("admin:articles_article_change", args=[draft.pk]))

    assert f'href="{preview_url(draft)}"' in response.text


def test_unknown_article_is_not_found(client):
    client.force_login(make_editor())
    assert client.get(reverse("articles:preview", args=[999999])).status_code == 404
