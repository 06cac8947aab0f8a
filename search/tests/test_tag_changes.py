"""A tag deleted or renamed in the admin stops finding what carried it under its old words."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from taggit.models import Tag

from articles.tests.factories import ArticleFactory
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("chief", password="x-orbit-42"))
    return client


@pytest.fixture
def tagged(db):
    article = ArticleFactory(headline="Launch date set", tags=["zeitgeist"])
    others = [
        PersonFactory(tags=["zeitgeist"]),
        OrganisationFactory(tags=["zeitgeist"]),
        ProjectFactory(tags=["zeitgeist"]),
    ]
    return article, others


def results_for(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response.text


def test_the_tags_word_finds_what_carries_it(client, tagged):
    article, others = tagged

    text = results_for(client, "zeitgeist")

    for obj in [article, *others]:
        assert f'href="{obj.get_absolute_url()}"' in text


def test_a_deleted_tag_finds_nothing(admin_client, tagged):
    tag = Tag.objects.get(name="zeitgeist")

    response = admin_client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert "Nothing found" in results_for(admin_client, "zeitgeist")


def test_tags_deleted_from_the_list_find_nothing(admin_client, tagged):
    Tag.objects.create(name="orbit")
    tags = Tag.objects.filter(name__in=["zeitgeist", "orbit"])

    response = admin_client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "delete_selected", "_selected_action": [t.pk for t in tags], "post": "yes"},
    )

    assert response.status_code == 302
    assert "Nothing found" in results_for(admin_client, "zeitgeist")


def test_a_renamed_tag_finds_under_its_new_name_only(admin_client, tagged):
    article, others = tagged
    url = reverse("admin:taggit_tag_change", args=[Tag.objects.get(name="zeitgeist").pk])
    data = {}
    for inline in admin_client.get(url).context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management.add_prefix(key): value for key, value in management.initial.items()}
        )

    response = admin_client.post(
        url,
        {
            **data,
            "name": "spirit of the age",
            "slug": "spirit-of-the-age",
            "confirm_slug_change": "on",
        },
    )

    assert response.status_code == 302
    assert "Nothing found" in results_for(admin_client, "zeitgeist")
    text = results_for(admin_client, "spirit of the age")
    for obj in [article, *others]:
        assert f'href="{obj.get_absolute_url()}"' in text
