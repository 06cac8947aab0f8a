"""Tags whose names have no letters or digits still get an address, and every page shows them."""

import html
import importlib
import re
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from taggit.models import Tag

from articles.tests.factories import ArticleFactory
from newsroom.tests.admin_forms import form_data

SYMBOL_NAMES = ["🚀", "!!!", "?", ","]


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.com"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", SYMBOL_NAMES)
def test_a_symbol_tag_on_a_published_article_leaves_every_page_answering(editor_client, name):
    tag = Tag.objects.create(name=name)
    article = ArticleFactory(headline="Launch day", tags=[tag])
    tag_url = reverse("tags:detail", kwargs={"slug": tag.slug})
    shown = re.escape(html.escape(name))
    link = rf'href="{re.escape(tag_url)}"[^>]*>{shown}[ <]'
    pages = {
        reverse("home"): link,
        reverse("tags:list"): link,
        tag_url: rf'<h1 id="page-heading">{shown}</h1>',
        reverse("feeds:index"): rf'aria-label="RSS feed: {shown}"',
        reverse("feeds:tag-rss", kwargs={"slug": tag.slug}): rf"<category>{shown}</category>",
        "/sitemap-tags.xml": rf"<loc>http://testserver{re.escape(tag_url)}</loc>",
        article.get_absolute_url(): link,
        reverse("articles:preview", args=[article.pk]): link,
    }
    for url, shows_the_tag in pages.items():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert re.search(shows_the_tag, response.text), url


@pytest.mark.django_db
def test_symbol_tags_get_distinct_readable_slugs():
    rocket, shout, question, comma = (Tag.objects.create(name=name) for name in SYMBOL_NAMES)
    assert rocket.slug == "rocket"
    assert question.slug == "question-mark"
    assert comma.slug == "comma"
    again = Tag.objects.create(name="!")
    assert len({rocket.slug, shout.slug, question.slug, comma.slug, again.slug}) == 5
    assert all(tag.slug for tag in (rocket, shout, question, comma, again))


@pytest.mark.django_db
def test_tags_added_through_an_article_get_slugs_too():
    article = ArticleFactory(tags=["🚀", "Soyuz", "Вызов"])
    assert sorted(tag.slug for tag in article.tags.all()) == ["rocket", "soyuz", "вызов"]


@pytest.mark.django_db
def test_an_editor_saving_an_article_tagged_comma_keeps_the_tag_and_the_home_page(
    editor_client,
):
    article = ArticleFactory(tags=[","])
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(change_url).text, _save="Save")
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert [tag.name for tag in article.tags.all()] == [","]
    home = editor_client.get(reverse("home"))
    assert home.status_code == 200
    assert re.search(r'rel="tag">, <span', home.text)


@pytest.mark.django_db
def test_the_migration_gives_tags_saved_without_a_slug_one(client):
    migration = importlib.import_module("tags.migrations.0001_tag_slugs")
    rocket = ArticleFactory(tags=["🚀"]).tags.get()
    Tag.objects.filter(pk=rocket.pk).update(slug="")
    Tag.objects.create(name="Rocket")
    migration.give_every_tag_a_slug(django_apps, None)
    rocket.refresh_from_db()
    assert rocket.slug == "rocket-2"
    response = client.get(reverse("tags:list"))
    assert re.search(r'href="/tags/rocket-2/"[^>]*>🚀</a>', response.text)


@pytest.mark.django_db
def test_an_editor_adds_a_symbol_tag_in_the_admin_without_typing_a_slug(editor_client):
    add_url = reverse("admin:taggit_tag_add")
    data = form_data(editor_client.get(add_url).text, _save="Save", name="🚀", slug="")

    response = editor_client.post(add_url, data)

    assert response.status_code == 302
    assert Tag.objects.get(name="🚀").slug == "rocket"


@pytest.mark.django_db
def test_a_tag_with_a_cyrillic_slug_is_listed_at_its_quoted_address(client):
    tag = Tag.objects.create(name="Вызов")
    ArticleFactory(headline="Launch day", tags=[tag])
    assert tag.slug == "вызов"

    sitemap = client.get("/sitemap-tags.xml").text
    feeds = client.get(reverse("feeds:index")).text

    assert f"<loc>http://testserver{quote('/tags/вызов/')}</loc>" in sitemap
    assert f'href="http://testserver{quote("/feeds/tags/вызов.atom")}"' in feeds
