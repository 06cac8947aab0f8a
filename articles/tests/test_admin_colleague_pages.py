"""A writer reaching a colleague's article through its history, revision or delete page is
told it belongs to another writer, as on its change page, not that it does not exist."""

import pytest
from django.urls import reverse

from .factories import ArticleFactory, make_writer

pytestmark = pytest.mark.django_db

PAGES = ["history", "compare", "delete"]


def page_url(page, article):
    return reverse(f"admin:articles_article_{page}", args=[article.pk])


@pytest.fixture
def colleagues_article():
    return ArticleFactory(
        draft=True,
        byline=make_writer("colleague", "Colm Colleague"),
        headline="Baikonur scoop",
        body="The secret of the launch.",
    )


@pytest.mark.parametrize("page", PAGES)
def test_a_writer_opening_a_page_of_a_colleagues_article_is_told_it_is_not_theirs(
    writer_client, colleagues_article, page
):
    response = writer_client.get(page_url(page, colleagues_article), follow=True)

    assert response.status_code == 200
    assert response.wsgi_request.path == reverse("admin:articles_article_changelist")
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        f"Article {colleagues_article.pk} belongs to another writer: only its own writers and "
        "the editors may open it."
    ]
    assert "doesn’t exist" not in response.text
    assert "Baikonur scoop" not in response.text
    assert "The secret of the launch." not in response.text


def test_a_writer_deleting_a_colleagues_article_is_refused_the_same_way(
    writer_client, colleagues_article
):
    response = writer_client.post(
        page_url("delete", colleagues_article), {"post": "yes"}, follow=True
    )

    assert "belongs to another writer" in response.text
    assert colleagues_article.__class__.objects.filter(pk=colleagues_article.pk).exists()


@pytest.mark.parametrize("page", ["history", "delete"])
@pytest.mark.parametrize("object_id", ["999999", "not-a-number"])
def test_a_page_of_an_article_that_does_not_exist_still_says_it_does_not(
    writer_client, page, object_id
):
    response = writer_client.get(
        reverse(f"admin:articles_article_{page}", args=[object_id]), follow=True
    )

    assert response.status_code == 200
    assert "doesn’t exist" in response.text
    assert "another writer" not in response.text


@pytest.mark.parametrize("object_id", ["999999", "not-a-number"])
def test_the_comparison_of_an_article_that_does_not_exist_is_not_found(writer_client, object_id):
    response = writer_client.get(reverse("admin:articles_article_compare", args=[object_id]))

    assert response.status_code == 404
    assert "another writer" not in response.text


@pytest.mark.parametrize("page", ["history", "delete"])
def test_the_articles_own_writer_still_opens_its_pages(writer_client, writer, page):
    article = ArticleFactory(draft=True, byline=writer, headline="My own draft")

    response = writer_client.get(page_url(page, article))

    assert response.status_code == 200
    assert "My own draft" in response.text
