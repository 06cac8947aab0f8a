"""Old addresses live on: a changed slug answers with a permanent redirect to the page now."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from articles.tests.factories import ArticleFactory, AuthorFactory
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory

from .admin_forms import form_data

pytestmark = pytest.mark.django_db


def tag_url(tag):
    return reverse("tags:detail", kwargs={"slug": tag.slug})


def make_article(slug):
    return ArticleFactory(slug=slug)


def make_tag(slug):
    tag = Tag.objects.create(name="Zero gravity", slug=slug)
    ArticleFactory(tags=[tag])
    return tag


KINDS = {
    "article": (make_article, lambda article: article.get_absolute_url()),
    "person": (lambda slug: PersonFactory(slug=slug), lambda o: o.get_absolute_url()),
    "organisation": (lambda slug: OrganisationFactory(slug=slug), lambda o: o.get_absolute_url()),
    "production": (lambda slug: ProjectFactory(slug=slug), lambda o: o.get_absolute_url()),
    "author": (lambda slug: AuthorFactory(slug=slug), lambda o: o.get_absolute_url()),
    "tag": (make_tag, tag_url),
}


def rename(thing, slug):
    thing.slug = slug
    thing.save()


@pytest.mark.parametrize("kind", KINDS)
def test_the_old_address_sends_readers_to_the_new_one(client, kind):
    make, url_of = KINDS[kind]
    thing = make("first-address")
    old_url = url_of(thing)
    rename(thing, "second-address")

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == url_of(thing)
    assert "second-address" in response["Location"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_a_chain_of_renames_sends_the_first_address_straight_to_the_last(client, kind):
    make, url_of = KINDS[kind]
    thing = make("first-address")
    first_url = url_of(thing)
    rename(thing, "second-address")
    second_url = url_of(thing)
    rename(thing, "third-address")

    for old_url in (first_url, second_url):
        response = client.get(old_url)
        assert response.status_code == 301
        assert response["Location"] == url_of(thing)


def test_the_query_string_follows_the_redirect(client):
    person = PersonFactory(slug="first-address")
    rename(person, "second-address")
    response = client.get("/people/first-address/?page=1")
    assert response["Location"] == "/people/second-address/?page=1"


def test_renaming_back_and_forth_keeps_both_addresses_working(client):
    article = make_article("first-address")
    rename(article, "second-address")
    rename(article, "first-address")
    assert client.get("/news/first-address/").status_code == 200
    response = client.get("/news/second-address/")
    assert (response.status_code, response["Location"]) == (301, "/news/first-address/")


def test_the_old_address_of_an_unpublished_article_is_not_found(client, editor):
    article = make_article("first-address")
    rename(article, "second-address")
    article.unpublish(by=editor)

    assert client.get("/news/first-address/").status_code == 404
    assert client.get("/news/second-address/").status_code == 404


def test_the_old_address_of_a_scheduled_article_is_not_found_yet(client):
    article = ArticleFactory(slug="first-address", status=Article.Status.DRAFT)
    rename(article, "second-address")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    article.refresh_from_db()
    assert client.get("/news/first-address/").status_code == 301
    article.published_at = article.published_at.replace(year=article.published_at.year + 1)
    article.save()
    assert client.get("/news/first-address/").status_code == 404


def test_a_slug_taken_again_by_something_new_belongs_to_it(client):
    first = make_article("launch-day")
    rename(first, "launch-day-delayed")
    second = make_article("launch-day")

    response = client.get("/news/launch-day/")

    assert response.status_code == 200
    assert second.headline in response.text
    assert client.get("/news/launch-day-delayed/").status_code == 200


def test_a_slug_taken_again_by_a_draft_does_not_lead_to_the_old_owner(client):
    first = make_article("launch-day")
    rename(first, "launch-day-delayed")
    ArticleFactory(slug="launch-day", status=Article.Status.DRAFT)
    assert client.get("/news/launch-day/").status_code == 404


def test_an_unknown_address_is_still_not_found(client):
    make_article("launch-day")
    assert client.get("/news/never-was/").status_code == 404
    assert client.get("/people/never-was/").status_code == 404
    assert client.get("/feeds/people/never-was.rss").status_code == 404


@pytest.mark.parametrize(
    ("route", "make"),
    [
        ("people", KINDS["person"][0]),
        ("organisations", KINDS["organisation"][0]),
        ("projects", KINDS["production"][0]),
        ("authors", KINDS["author"][0]),
        ("tags", make_tag),
    ],
)
@pytest.mark.parametrize("extension", ["rss", "atom", "json"])
def test_feeds_at_an_old_address_redirect_to_the_new_one(client, route, make, extension):
    thing = make("first-address")
    rename(thing, "second-address")

    response = client.get(f"/feeds/{route}/first-address.{extension}")

    assert response.status_code == 301
    assert response["Location"] == f"/feeds/{route}/second-address.{extension}"
    assert client.get(response["Location"]).status_code == 200


# The admin asks before a public address changes.


@pytest.fixture
def editor():
    from articles.tests.factories import make_editor

    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


ADMIN_KINDS = {
    "article": ("admin:articles_article_change", make_article, "headline", "/news/"),
    "person": ("admin:people_person_change", KINDS["person"][0], "name", "/people/"),
    "organisation": (
        "admin:people_organisation_change",
        KINDS["organisation"][0],
        "name",
        "/organisations/",
    ),
    "production": ("admin:projects_project_change", KINDS["production"][0], "title", "/projects/"),
    "author": ("admin:articles_author_change", KINDS["author"][0], "name", "/authors/"),
    "tag": ("admin:taggit_tag_change", make_tag, "name", "/tags/"),
}


@pytest.mark.parametrize("kind", ADMIN_KINDS)
def test_the_admin_warns_before_a_public_address_changes_and_keeps_what_was_typed(
    editor_client, kind
):
    url_name, make, title_field, prefix = ADMIN_KINDS[kind]
    thing = make("first-address")
    change_url = reverse(url_name, args=[thing.pk])
    form = editor_client.get(change_url).text
    typed = {title_field: "A new name, typed with care", "slug": "second-address"}

    response = editor_client.post(change_url, form_data(form, _save="Save", **typed))

    assert response.status_code == 200
    assert f"This page is public at {prefix}first-address/" in response.text
    assert 'value="A new name, typed with care"' in response.text
    assert 'value="second-address"' in response.text
    thing.refresh_from_db()
    assert thing.slug == "first-address"

    confirmed = form_data(response.text, _save="Save", confirm_slug_change="on")
    response = editor_client.post(change_url, confirmed)

    assert response.status_code == 302
    thing.refresh_from_db()
    assert thing.slug == "second-address"
    assert getattr(thing, title_field) == "A new name, typed with care"
    assert editor_client.get(f"{prefix}first-address/").status_code == 301


def test_the_admin_changes_a_draft_address_without_asking(editor_client):
    draft = ArticleFactory(slug="first-address", status=Article.Status.DRAFT, published_at=None)
    change_url = reverse("admin:articles_article_change", args=[draft.pk])
    form = editor_client.get(change_url).text

    response = editor_client.post(change_url, form_data(form, _save="Save", slug="second-address"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.slug == "second-address"


def test_the_admin_saves_a_public_page_without_asking_when_the_address_stays(editor_client):
    person = PersonFactory(slug="first-address")
    change_url = reverse("admin:people_person_change", args=[person.pk])
    form = editor_client.get(change_url).text

    response = editor_client.post(change_url, form_data(form, _save="Save", name="Renamed"))

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.slug) == ("Renamed", "first-address")
