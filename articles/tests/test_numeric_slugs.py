"""A headline of digits ("1984") gets an article page of its own, not the year archive."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.models import FormerSlug
from newsroom.tests.admin_forms import form_data

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

SLUG_ERROR = "A slug of digits only would clash with the year archive"


def publish_headline(headline):
    return Article.objects.create(
        headline=headline,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )


@pytest.mark.parametrize("headline", ["1984", "2021", "2,021"])
def test_an_all_digit_headline_is_reachable_from_the_news_list(client, headline):
    article = publish_headline(headline)
    news = client.get(reverse("articles:list")).text
    link = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(headline)}</a>', news)
    assert link, news

    response = client.get(link.group(1))

    assert response.status_code == 200
    assert f'<h1 id="page-heading">{headline}</h1>' in response.text
    assert link.group(1) == article.get_absolute_url()
    assert not article.slug.isdigit()


def test_the_admin_refuses_a_slug_of_digits_and_keeps_the_article(editor_client):
    article = ArticleFactory(draft=True, headline="Nineteen eighty-four")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    form = editor_client.get(change_url).text

    response = editor_client.post(
        change_url, form_data(form, _save="Save", slug="1984", body="A new paragraph.")
    )

    assert response.status_code == 200
    assert SLUG_ERROR in response.text
    assert "A new paragraph." in response.text
    article.refresh_from_db()
    assert article.slug != "1984"


def test_the_admin_makes_a_slug_when_the_headline_is_digits(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        form_data(
            editor_client.get(reverse("admin:articles_article_add")).text,
            _save="Save",
            headline="2021",
            slug="",
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get(headline="2021")
    assert not article.slug.isdigit()


def test_the_migration_moves_digit_slugs_and_remembers_them(client):
    migration = importlib.import_module("articles.migrations.0008_no_digit_only_slugs")
    article = publish_headline("1984")
    Article.objects.filter(pk=article.pk).update(slug="1984")

    migration.move_digit_only_slugs(django_apps, None)

    article.refresh_from_db()
    assert not article.slug.isdigit()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert FormerSlug.objects.renamed(Article.objects.all(), "1984") == article


def test_an_old_link_to_a_digit_slug_leads_to_the_article_when_no_year_holds_news(client):
    article = publish_headline("1984")
    Article.objects.filter(pk=article.pk).update(slug="1984")
    article.refresh_from_db()
    article.slug = "1984-article"
    article.save()

    response = client.get("/news/1984/")

    assert (response.status_code, response["Location"]) == (301, "/news/1984-article/")


def test_a_year_with_news_keeps_its_archive(client):
    article = publish_headline("Launch")
    year = article.published_at.year
    response = client.get(f"/news/{year}/")
    assert response.status_code == 200
