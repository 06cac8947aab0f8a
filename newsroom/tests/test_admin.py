import re

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, Webhook, WebhookDelivery
from newsroom.images import rendition_name
from newsroom.models import OutboxMessage
from people.models import Person
from projects.models import Milestone, Project

pytestmark = pytest.mark.django_db

NEWSROOM_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"articles", "people", "projects"}
]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_newsroom_model_has_an_admin():
    names = {model.__name__ for model in NEWSROOM_MODELS}
    assert {
        "Article",
        "Author",
        "Person",
        "Organisation",
        "Project",
        "Milestone",
        "Credit",
    } <= names


# Written by the outbox worker alone: no add page.
READ_ONLY_LOGS = {"WebhookDelivery"}


@pytest.fixture
def webhook_delivered():
    """A webhook and a delivery, which the demo does not have."""
    hook = Webhook.objects.create(url="http://93.184.215.14/hooks")
    message = OutboxMessage.objects.create(kind="webhook.deliver", key="admin-page", payload={})
    WebhookDelivery.objects.create(
        webhook=hook, message=message, event="published", article_id_sent=1, headline="A", body="{}"
    )


@pytest.mark.parametrize("model", NEWSROOM_MODELS, ids=lambda model: model.__name__)
def test_changelist_add_and_change_pages_answer(admin_client, demo, webhook_delivered, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    add = admin_client.get(admin_url(model, "add")).status_code
    assert add == (403 if model.__name__ in READ_ONLY_LOGS else 200)
    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", NEWSROOM_MODELS, ids=lambda model: model.__name__)
def test_search_and_every_filter_answer(admin_client, demo, model):
    model_admin = admin.site._registry[model]
    url = admin_url(model, "changelist")
    if model_admin.search_fields:
        assert admin_client.get(url, {"q": "Shipenko"}).status_code == 200
        assert admin_client.get(url, {"q": "Вызов ' \" %"}).status_code == 200
    response = admin_client.get(url)
    for spec in response.context["cl"].filter_specs:
        for choice in spec.choices(response.context["cl"]):
            query = choice["query_string"]
            assert admin_client.get(url + query).status_code == 200, query


def test_article_search_finds_by_headline(admin_client, demo):
    response = admin_client.get(admin_url(Article, "changelist"), {"q": "Soyuz MS-19"})
    assert [article.slug for article in response.context["cl"].result_list] == [
        "challenge-crew-launches-soyuz-ms-19"
    ]


def test_person_search_finds_an_alias(admin_client, demo):
    response = admin_client.get(admin_url(Person, "changelist"), {"q": "Shepenko"})
    assert [person.slug for person in response.context["cl"].result_list] == ["klim-shipenko"]


def test_changelists_show_thumbnails_and_view_on_site(admin_client, demo):
    response = admin_client.get(admin_url(Project, "changelist"))
    challenge = Project.objects.get(slug="challenge")
    thumbnail = f'src="/media/{rendition_name(challenge.poster.name, 320)}"'
    assert re.search(r"/challenge\.[0-9a-f]{16}-320w\.v1\.webp", thumbnail)
    assert thumbnail in response.content.decode()
    change = admin_client.get(admin_url(Project, "change", challenge.pk)).content.decode()
    assert "View on site" in change


def test_changelist_queries_do_not_grow_with_rows(
    admin_client, demo, django_assert_max_num_queries
):
    url = admin_url(Article, "changelist")
    admin_client.get(url)
    # The date hierarchy's years: first and last date, then one probe for all the years.
    budget = 13
    with django_assert_max_num_queries(budget):
        admin_client.get(url)
    for number in range(30):
        article = Article.objects.create(headline=f"Extra {number}", status="published")
        article.tags.add("iss", f"extra-{number}")
    with django_assert_max_num_queries(budget):
        admin_client.get(url)


def test_editing_a_project_rival_in_the_admin_keeps_the_pair(admin_client, demo):
    challenge = Project.objects.get(slug="challenge")
    milestone_count = Milestone.objects.filter(project=challenge).count()
    assert challenge.rival.slug == "tom-cruise-space-film"
    response = admin_client.get(admin_url(Project, "change", challenge.pk))
    assert response.status_code == 200
    assert milestone_count == 6


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.label_lower
)
@pytest.mark.parametrize("selected", ["abc", "99999999999999999999999", ""])
def test_an_action_on_items_no_list_shows_is_a_bad_request(admin_client, model, selected):
    response = admin_client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "index": "0", "_selected_action": [selected]},
    )
    assert response.status_code == 400
    assert b"not items of this list" in response.content


def test_a_tampered_selection_publishes_nothing(admin_client, db):
    draft = Article.objects.create(headline="Still a draft")
    response = admin_client.post(
        admin_url(Article, "changelist"),
        {"action": "publish", "index": "0", "_selected_action": [str(draft.pk), "abc"]},
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
