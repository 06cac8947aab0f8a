"""Small things found in use at the desk (issue 15)."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from people.models import Organisation, Person
from projects.models import Project

from .factories import ArticleFactory, AuthorFactory, change_form_data, make_writer

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def view_on_site_link(client, admin_url):
    """Follow the "View on site" link of a change page as the editor would click it."""
    page = client.get(admin_url).content.decode()
    href = re.search(r'<a href="([^"]+)" class="viewsitelink"', page)
    assert href, "no View on site link"
    response = client.get(href.group(1).replace("&amp;", "&"), follow=True)
    return response


@pytest.mark.parametrize(
    "when",
    [None, timedelta(days=2)],
    ids=["draft", "scheduled"],
)
def test_view_on_site_of_an_unpublished_article_opens_its_preview(editor_client, when):
    article = ArticleFactory(draft=True, headline="Crew rehearses the undocking")
    if when is not None:
        article.status = article.Status.PUBLISHED
        article.published_at = timezone.now() + when
        article.save()

    response = view_on_site_link(editor_client, change_url(article))

    assert response.status_code == 200
    assert response.wsgi_request.path == reverse("articles:preview", args=[article.pk])
    assert "Crew rehearses the undocking" in response.text


def test_view_on_site_of_a_writers_own_draft_opens_its_preview(writer_client, writer):
    article = ArticleFactory(draft=True, byline=writer, headline="My own draft")

    response = view_on_site_link(writer_client, change_url(article))

    assert response.status_code == 200
    assert "My own draft" in response.text


def test_view_on_site_of_a_published_article_opens_its_public_page(editor_client):
    article = ArticleFactory(headline="Crew lands safely")

    response = view_on_site_link(editor_client, change_url(article))

    assert response.status_code == 200
    assert response.wsgi_request.path == article.get_absolute_url()


def test_the_admins_redirect_sends_a_draft_to_its_preview(editor_client):
    article = ArticleFactory(draft=True, byline=make_writer("colleague", "Colm Colleague"))
    content_type = ContentType.objects.get_for_model(article)

    response = editor_client.get(
        reverse("admin:view_on_site", args=[content_type.pk, article.pk]), follow=True
    )

    assert response.status_code == 200
    assert response.wsgi_request.path == reverse("articles:preview", args=[article.pk])


def test_people_organisations_and_productions_keep_their_public_page(admin_client):
    subjects = [
        Person.objects.create(name="Yulia Peresild", slug="yulia-peresild"),
        Organisation.objects.create(
            name="Roscosmos", slug="roscosmos", kind=Organisation.Kind.values[0]
        ),
        Project.objects.create(title="The Challenge", slug="the-challenge"),
    ]
    for subject in subjects:
        admin_url = reverse(
            f"admin:{subject._meta.app_label}_{subject._meta.model_name}_change",
            args=[subject.pk],
        )

        response = view_on_site_link(admin_client, admin_url)

        assert response.status_code == 200
        assert response.wsgi_request.path == subject.get_absolute_url()


def schedule(client, article, time):
    return client.post(
        change_url(article),
        change_form_data(
            article,
            _publish="1",
            # Past the checklist's warnings (no subjects, no sources): tests/test_checklist.py.
            publish_despite_warnings="on",
            published_at_0="2099-03-04",
            published_at_1=time,
        ),
        follow=True,
    )


@pytest.mark.parametrize(
    ("time", "shown"),
    [
        ("09:00:00", "9 a.m."),
        ("21:30:00", "9:30 p.m."),
        ("12:00:00", "noon"),
        ("00:00:00", "midnight"),
    ],
)
def test_the_scheduling_message_ends_with_one_full_stop_and_names_the_time_zone(
    editor_client, time, shown
):
    article = ArticleFactory(draft=True, headline="Crew lands safely", authors=[AuthorFactory()])

    response = schedule(editor_client, article, time)

    messages = [str(message) for message in response.context["messages"]]
    assert messages == [f"Saved. “Crew lands safely” is now scheduled for 4 Mar 2099, {shown} UTC."]
    assert f"Scheduled for 4 Mar 2099, {shown} UTC" in response.text


def test_a_writer_opening_a_colleagues_article_is_told_it_is_not_theirs(writer_client):
    article = ArticleFactory(
        draft=True,
        byline=make_writer("colleague", "Colm Colleague"),
        headline="Baikonur scoop",
        body="The secret of the launch.",
    )

    response = writer_client.get(change_url(article), follow=True)

    assert response.status_code == 200
    assert response.wsgi_request.path == reverse("admin:articles_article_changelist")
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        f"Article {article.pk} belongs to another writer: only its own writers and the "
        "editors may open it."
    ]
    assert "doesn’t exist" not in response.text
    assert "Baikonur scoop" not in response.text
    assert "The secret of the launch." not in response.text


def test_a_writer_saving_over_a_colleagues_article_is_refused_the_same_way(writer_client):
    article = ArticleFactory(draft=True, byline=make_writer("colleague", "Colm Colleague"))

    response = writer_client.post(
        change_url(article), change_form_data(article, headline="Rewritten"), follow=True
    )

    assert "belongs to another writer" in response.text
    assert "Rewritten" not in response.text
    article.refresh_from_db()
    assert article.headline != "Rewritten"


@pytest.mark.parametrize("object_id", ["999999", "not-a-number"])
def test_an_article_that_does_not_exist_is_still_said_not_to(writer_client, object_id):
    response = writer_client.get(
        reverse("admin:articles_article_change", args=[object_id]), follow=True
    )

    assert response.status_code == 200
    assert "doesn’t exist" in response.text
    assert "another writer" not in response.text
