"""Finding things in the admin: its search boxes read the site's search index (aliases,
Cyrillic, accents, drafts, bylines), and its pickers offer the best match first."""

import pytest
from django.urls import reverse

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def found(client, changelist, query):
    response = client.get(reverse(f"admin:{changelist}_changelist"), {"q": query})
    assert response.status_code == 200
    return {obj.slug for obj in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("changelist", "query", "slugs"),
    [
        ("people_person", "Пересильд", {"yulia-peresild"}),
        # Klim Shipenko's biography names her.
        ("people_person", "PERESÍLD", {"yulia-peresild", "klim-shipenko"}),
        # An alias the demo records, as the public search finds him by it.
        ("people_person", "Shepenko", {"klim-shipenko"}),
        ("people_organisation", "Роскосмос", {"roscosmos"}),
        ("people_organisation", "PERVYÍ KANAL", {"channel-one"}),
        ("projects_project", "Вызов", {"challenge"}),
        ("projects_project", "VÝZOV", {"challenge"}),
        ("projects_project", "The Challenge", {"challenge"}),
    ],
)
def test_each_search_box_finds_what_the_index_finds(admin_client, demo, changelist, query, slugs):
    assert found(admin_client, changelist, query) == slugs


def test_the_public_search_finds_klim_shipenko_by_the_same_misspelling(client, demo):
    # The misspelling is an alias in both places: no fuzzy matching is claimed.
    response = client.get(reverse("search:search"), {"q": "Shepenko"})
    assert 'href="/people/klim-shipenko/"' in response.text


def test_article_search_finds_cyrillic_and_capital_accents(admin_client):
    ArticleFactory(slug="vyzov", headline="Premiere", body="Фильм «Вызов» вышел в прокат.")
    ArticleFactory(slug="peresild", headline="Casting", body="Yulia Peresild was chosen.")
    ArticleFactory(slug="other", headline="Nothing", body="Nothing here.")
    assert found(admin_client, "articles_article", "вызов") == {"vyzov"}
    assert found(admin_client, "articles_article", "PERESÍLD") == {"peresild"}


def test_drafts_are_found_in_the_admin_never_by_the_public_search(admin_client, client):
    draft = ArticleFactory(slug="secret", headline="Secret premiere plans", draft=True)
    assert found(admin_client, "articles_article", "premiere") == {"secret"}
    public = client.get(reverse("search:search"), {"q": "premiere"})
    assert "Secret premiere plans" not in public.text
    assert draft.get_absolute_url() not in public.text
