import pytest
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def changelist(admin_client, model, query):
    response = admin_client.get(reverse(f"admin:{model}_changelist"), {"q": query})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_article_search_uses_the_index_and_finds_drafts(admin_client):
    draft = ArticleFactory(headline="Premiere plans", status=Article.Status.DRAFT)
    ArticleFactory(headline="Something else", body="Nothing about it.")
    assert changelist(admin_client, "articles_article", "PREMIÈRE") == [draft]


def test_person_search_finds_aliases_and_native_names(admin_client):
    klim = PersonFactory(name="Klim Shipenko", native_name="Клим Шипенко", aliases="Shepenko")
    PersonFactory(name="Yulia Peresild")
    assert changelist(admin_client, "people_person", "Shepenko") == [klim]
    assert changelist(admin_client, "people_person", "шипенко") == [klim]


def test_hostile_admin_searches_answer(admin_client):
    ArticleFactory(headline="Launch")
    for query in ['"', "NEAR(", "*", "AND OR", "x" * 1000]:
        assert changelist(admin_client, "articles_article", query) == []


def test_blank_admin_search_lists_everything(admin_client):
    articles = ArticleFactory.create_batch(2)
    assert set(changelist(admin_client, "articles_article", "")) == set(articles)


def test_subject_autocomplete_goes_through_the_index(admin_client):
    klim = PersonFactory(name="Klim Shipenko", aliases="Shepenko")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Shepenk",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "people",
        },
    )
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(klim.pk)]
