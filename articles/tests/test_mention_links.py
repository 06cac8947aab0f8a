"""Links to subjects inside article text follow the subject: renamed, re-slugged or deleted."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from articles.models import Article
from people.models import Organisation, Person
from projects.models import Project

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

SUBJECTS = {
    "person": (lambda: Person.objects.create(name="Doug Liman"), "name", "people"),
    "organisation": (
        lambda: Organisation.objects.create(name="Doug Liman", kind=Organisation.Kind.STUDIO),
        "name",
        "organisations",
    ),
    "production": (lambda: Project.objects.create(title="Doug Liman"), "title", "projects"),
}


@pytest.fixture(params=SUBJECTS)
def subject(request):
    make, name_field, relation = SUBJECTS[request.param]
    subject = make()
    article = ArticleFactory(headline="A director for the film", body="Doug Liman will direct.")
    getattr(article, relation).add(subject)
    return subject, name_field, article


def body_links(client, article):
    """The article page's links to people, organisations and productions, and their answers."""
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    hrefs = re.findall(r'href="(/(?:people|organisations|projects)/[^"]+)"', page.text)
    return page.text, {href: client.get(href).status_code for href in hrefs}


def test_the_first_mention_links_to_the_subject(client, subject):
    subject, _name_field, article = subject

    text, links = body_links(client, article)

    assert f'<a href="{subject.get_absolute_url()}">Doug Liman</a>' in text
    assert links == {subject.get_absolute_url(): 200}


def test_a_new_slug_moves_the_link(client, subject):
    subject, _name_field, article = subject
    old_url = subject.get_absolute_url()

    subject.slug = "doug-liman-director"
    subject.save()

    text, links = body_links(client, article)
    assert f'<a href="{subject.get_absolute_url()}">Doug Liman</a>' in text
    assert old_url not in text
    assert links == {subject.get_absolute_url(): 200}


def test_a_new_name_and_slug_keep_linking_the_old_name_when_it_is_an_alias(client, subject):
    subject, name_field, article = subject
    old_url = subject.get_absolute_url()

    setattr(subject, name_field, "Douglas Liman")
    subject.slug = "douglas-liman"
    subject.aliases = "Doug Liman"
    subject.save()

    text, links = body_links(client, article)
    assert f'<a href="{subject.get_absolute_url()}">Doug Liman</a>' in text
    assert old_url not in text
    assert links == {subject.get_absolute_url(): 200}


def test_a_name_the_text_no_longer_uses_unlinks_it(client, subject):
    subject, name_field, article = subject

    setattr(subject, name_field, "Douglas Eustace Liman")
    subject.save()

    text, links = body_links(client, article)
    assert "<p>Doug Liman will direct.</p>" in text
    assert links == {subject.get_absolute_url(): 200}


def test_a_deleted_subject_leaves_plain_text_and_no_dead_link(client, subject):
    subject, _name_field, article = subject
    old_url = subject.get_absolute_url()

    subject.delete()

    text, links = body_links(client, article)
    assert "<p>Doug Liman will direct.</p>" in text
    assert old_url not in text
    assert links == {}


def test_subjects_deleted_together_leave_no_dead_links(client):
    liman = Person.objects.create(name="Doug Liman")
    cruise = Person.objects.create(name="Tom Cruise")
    article = ArticleFactory(body="Doug Liman and Tom Cruise met.", people=[liman, cruise])

    Person.objects.filter(pk__in=[liman.pk, cruise.pk]).delete()

    text, links = body_links(client, article)
    assert "<p>Doug Liman and Tom Cruise met.</p>" in text
    assert links == {}


def test_a_subject_taken_off_every_article_is_unlinked_everywhere(client):
    liman = Person.objects.create(name="Doug Liman")
    article = ArticleFactory(body="Doug Liman will direct.", people=[liman])

    liman.articles.clear()

    text, links = body_links(client, article)
    assert "<p>Doug Liman will direct.</p>" in text
    assert links == {}


@pytest.mark.parametrize("articles", [2, 40])
def test_renaming_costs_the_same_however_many_articles_mention_the_subject(
    articles, django_assert_num_queries
):
    liman = Person.objects.create(name="Doug Liman")
    cruise = Person.objects.create(name="Tom Cruise")
    ArticleFactory.create_batch(
        articles, body="Doug Liman and Tom Cruise met.", people=[liman, cruise]
    )
    liman.slug = "doug-liman-director"
    ContentType.objects.get_for_model(Person)  # cached once a process, as in a running site

    # The old slug kept as a former slug (read it, clear the new one's history, store it);
    # the old names and slug, the save; the articles, their three kinds of subject, one write
    # for them all, and their feed entries (rows, bylines, tags, corrections, one write); then
    # the person's own search entry (its tags, one write); and the tags they carry, whose
    # pages list them by name and link (none here: one read).
    with django_assert_num_queries(19 + 6):
        liman.save()

    assert all(
        'href="/people/doug-liman-director/"' in body
        for body in Article.objects.values_list("body_html", flat=True)
    )
