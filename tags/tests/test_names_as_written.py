"""Tags keep the name typed ("ISS", "Soyuz MS-19"), not their slug, on every page and feed that
shows them; their addresses stay the slug's."""

import importlib
import re

import feedparser
import pytest
from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from articles.tests.factories import ArticleFactory
from newsroom.tests.admin_forms import form_data
from people.tests.factories import PersonFactory
from people.tests.pages import html_of

pytestmark = pytest.mark.django_db


def feed_categories(client, slug):
    response = client.get(reverse("feeds:tag-atom", kwargs={"slug": slug}))
    assert response.status_code == 200
    return [
        sorted(tag.term for tag in entry.tags)
        for entry in feedparser.parse(response.content).entries
    ]


def test_the_demo_names_its_tags_as_written(demo, client):
    html = html_of(client, "/tags/iss/")
    assert '<h1 id="page-heading">ISS</h1>' in html
    index = html_of(client, "/tags/")
    for name, slug in [("ISS", "iss"), ("NASA", "nasa"), ("SpaceX", "spacex"), ("Soyuz", "soyuz")]:
        assert f'<a href="/tags/{slug}/" rel="tag">{name}</a>' in index
    # Plain words stay as the demo wrote them.
    assert '<a href="/tags/training/" rel="tag">training</a>' in index
    assert all("ISS" in terms for terms in feed_categories(client, "iss"))


def test_a_tag_typed_in_capitals_keeps_them_on_its_page_article_and_feed(client, db):
    article = ArticleFactory(headline="Soyuz MS-19 lifts off", tags=["Soyuz MS-19"])
    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("Soyuz MS-19", "soyuz-ms-19")
    # Typed again in another case, it is the same tag, named as first written.
    ArticleFactory(headline="Soyuz MS-19 docks", tags=["soyuz ms-19"])
    assert Tag.objects.count() == 1

    assert '<h1 id="page-heading">Soyuz MS-19</h1>' in html_of(client, "/tags/soyuz-ms-19/")
    assert 'rel="tag">Soyuz MS-19</a>' in html_of(client, article.get_absolute_url())
    assert feed_categories(client, "soyuz-ms-19") == [["Soyuz MS-19"], ["Soyuz MS-19"]]


def test_renaming_a_tag_in_the_admin_renames_it_everywhere_at_the_same_address(
    admin_client, client
):
    article = ArticleFactory(headline="Crew docks", tags=["iss"])
    tag = Tag.objects.get()
    # Read once, as a reader would before the rename: stored values must not keep "iss".
    assert feed_categories(client, "iss") == [["iss"]]
    change_url = reverse("admin:taggit_tag_change", args=[tag.pk])

    response = admin_client.post(
        change_url, form_data(admin_client.get(change_url).text, name="ISS", _save="Save")
    )

    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("ISS", "iss")
    assert '<h1 id="page-heading">ISS</h1>' in html_of(client, "/tags/iss/")
    assert 'rel="tag">ISS</a>' in html_of(client, article.get_absolute_url())
    assert feed_categories(client, "iss") == [["ISS"]]
    assert "Crew docks" in html_of(client, "/search/?q=ISS")


def test_the_migration_names_only_the_demos_tags_still_written_as_slugs(client, db):
    ArticleFactory(headline="Crew docks", tags=["iss", "nasa", "training"])
    Tag.objects.create(name="Soyuz rocket", slug="soyuz")  # renamed by an editor since
    assert feed_categories(client, "iss") == [["iss", "nasa", "training"]]
    migration = importlib.import_module("demo.migrations.0002_tag_names_as_written")

    migration.name_demo_tags(apps, None)

    assert dict(Tag.objects.values_list("slug", "name")) == {
        "iss": "ISS",
        "nasa": "NASA",
        "training": "training",
        "soyuz": "Soyuz rocket",
    }
    assert feed_categories(client, "iss") == [["ISS", "NASA", "training"]]
    assert '<h1 id="page-heading">NASA</h1>' in html_of(client, "/tags/nasa/")


def test_the_tag_index_is_alphabetical_whatever_the_case(client, db):
    ArticleFactory(tags=["launch", "ISS", "casting", "Announcement", "nasa"])

    html = html_of(client, "/tags/")

    names = re.findall(r'rel="tag">([^<]+)</a>', html)
    assert names == ["Announcement", "casting", "ISS", "launch", "nasa"]


def test_a_persons_tags_are_alphabetical_whatever_the_case(client, db):
    person = PersonFactory(slug="yulia", tags=["training", "ISS", "casting"])

    html = html_of(client, person.get_absolute_url())

    assert re.findall(r'rel="tag">([^<]+)</a>', html) == ["casting", "ISS", "training"]
