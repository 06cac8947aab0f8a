"""A tag longer than taggit's table holds is a form error, not a failed save (PostgreSQL
refuses the row; SQLite would store it), and nothing else the editor typed is lost."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article

from .factories import ArticleFactory, change_form_data, make_editor

pytestmark = pytest.mark.django_db


def test_a_tag_too_long_for_its_table_is_a_form_error_keeping_the_text(client):
    editor = make_editor()
    article = ArticleFactory(draft=True, body="The original text.")
    client.force_login(editor)
    limit = Tag._meta.get_field("name").max_length
    long_tag = "Союз-" + "x" * limit

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, body="An hour of careful writing.", tags=long_tag),
    )

    assert response.status_code == 200
    assert f"A tag may be at most {limit} characters long" in response.text
    assert "An hour of careful writing." in response.text
    assert Article.objects.get(pk=article.pk).body == "The original text."
    assert not Tag.objects.filter(name=long_tag).exists()


def test_a_tag_at_the_limit_is_kept(client):
    editor = make_editor()
    article = ArticleFactory(draft=True)
    client.force_login(editor)
    tag = "y" * Tag._meta.get_field("name").max_length

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, tags=tag),
    )

    assert response.status_code == 302
    assert list(Article.objects.get(pk=article.pk).tags.names()) == [tag]
