import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.models import Organisation, Person
from projects.tests.factories import CreditFactory, MilestoneFactory, ProjectFactory

from .factories import OrganisationFactory, PersonFactory
from .pages import assert_well_formed, html_of, page

pytestmark = pytest.mark.django_db


def test_person_page_shows_photo_names_credits_announcements_and_coverage(client, demo):
    yulia = Person.objects.get(slug="yulia-peresild")
    response = client.get(yulia.get_absolute_url())

    read = assert_well_formed(response, "Person")
    html = response.content.decode()
    assert read.h1s == ["Yulia Peresild"]
    assert "Юлия Пересильд" in html
    assert read.all("img", alt=yulia.photo_alt)
    assert reverse("projects:detail", kwargs={"slug": "challenge"}) in read.links
    assert "Roscosmos picks Yulia Peresild to star in Challenge" in html
    assert read.schema("Person")["alternateName"][0] == "Юлия Пересильд"
    assert read.meta("og:image").startswith("http")
    assert reverse("feeds:person-atom", kwargs={"slug": "yulia-peresild"}) in read.links


def test_person_page_links_every_production_they_are_credited_on(client, demo):
    elon = Person.objects.get(slug="elon-musk")
    other = CreditFactory(person=elon, project=ProjectFactory(title="Starship Story")).project

    read = page(client.get(elon.get_absolute_url()))

    assert {
        reverse("projects:detail", kwargs={"slug": "tom-cruise-space-film"}),
        other.get_absolute_url(),
    } <= read.links


def test_person_page_lists_the_dates_they_announced(client, demo):
    response = client.get(reverse("people:detail", kwargs={"slug": "jim-bridenstine"}))

    assert "Dates Jim Bridenstine announced" in response.content.decode()
    assert "Film with NASA announced" in response.content.decode()


def test_organisation_page_shows_what_it_backs_and_who_is_credited(client, demo):
    roscosmos = Organisation.objects.get(slug="roscosmos")
    response = client.get(roscosmos.get_absolute_url())

    read = assert_well_formed(response, "Organization")
    assert read.h1s == ["Roscosmos"]
    assert reverse("projects:detail", kwargs={"slug": "challenge"}) in read.links
    assert reverse("people:detail", kwargs={"slug": "klim-shipenko"}) in read.links
    assert "Роскосмос" in response.content.decode()


def test_index_pages_list_people_and_organisations(client, demo):
    people = assert_well_formed(client.get(reverse("people:list")))
    organisations = assert_well_formed(client.get(reverse("people:organisation-list")))

    assert reverse("people:detail", kwargs={"slug": "tom-cruise"}) in people.links
    assert reverse("people:organisation-detail", kwargs={"slug": "nasa"}) in organisations.links
    assert reverse("projects:detail", kwargs={"slug": "tom-cruise-space-film"}) in (
        organisations.links
    )


def test_drafts_and_scheduled_articles_stay_out_of_coverage(client):
    person, organisation = PersonFactory(), OrganisationFactory()
    ArticleFactory(headline="Seen by readers", people=[person], organisations=[organisation])
    ArticleFactory(
        headline="Still a draft",
        status=Article.Status.DRAFT,
        people=[person],
        organisations=[organisation],
    )
    ArticleFactory(
        headline="Not out yet",
        published_at="2999-01-01T00:00:00Z",
        people=[person],
        organisations=[organisation],
    )

    for subject in (person, organisation):
        html = client.get(subject.get_absolute_url()).content.decode()
        assert "Seen by readers" in html
        assert "1 article about" in html
        assert "Still a draft" not in html
        assert "Not out yet" not in html


def test_coverage_is_paginated_twenty_at_a_time(client):
    person = PersonFactory()
    for number in range(25):
        ArticleFactory(headline=f"Dispatch {number:02}", people=[person])

    first = client.get(person.get_absolute_url()).content.decode()
    second = client.get(person.get_absolute_url() + "?page=2").content.decode()

    assert first.count("Dispatch ") == 20
    assert second.count("Dispatch ") == 5
    assert "25 articles about" in first
    assert 'href="?page=2"' in first


@pytest.mark.parametrize(
    "name",
    ["people:detail", "people:organisation-detail"],
)
@pytest.mark.parametrize("slug", ["nobody-we-know", "a" * 2000])
def test_unknown_slugs_are_not_found(client, name, slug):
    assert client.get(reverse(name, kwargs={"slug": slug})).status_code == 404


@pytest.mark.parametrize("page_number", ["abc", "0", "999999", "-1"])
def test_impossible_page_numbers_are_not_found(client, page_number):
    person, organisation = PersonFactory(), OrganisationFactory()
    for url in (
        reverse("people:list"),
        reverse("people:organisation-list"),
        person.get_absolute_url(),
        organisation.get_absolute_url(),
    ):
        assert client.get(url, {"page": page_number}).status_code == 404, url


def test_pages_run_the_same_number_of_queries_with_ten_times_the_content(
    client, demo, grow_demo, django_assert_num_queries
):
    queries = {
        # the count, people, their credits
        reverse("people:list"): 3,
        # the person with their tags, credits, dates announced, coverage count, cards with
        # their bylines
        reverse("people:detail", kwargs={"slug": "yulia-peresild"}): 5,
        # the count, organisations, what they back
        reverse("people:organisation-list"): 3,
        # the organisation with its tags, what it backs with their credits, coverage count,
        # cards with their bylines
        reverse("people:organisation-detail", kwargs={"slug": "roscosmos"}): 4,
    }
    for url, expected in queries.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200

    grow_demo(10)

    for url, expected in queries.items():
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
    roscosmos = client.get(reverse("people:organisation-detail", kwargs={"slug": "roscosmos"}))
    assert "97 articles about Roscosmos" in roscosmos.content.decode()


def test_a_person_page_reads_each_relation_once_however_many_rows(
    client, django_assert_num_queries
):
    person = PersonFactory(name="Yulia Peresild")
    person.tags.add("casting", "challenge")

    def add_a_production():
        project = CreditFactory(person=person, character="Zhenya").project
        MilestoneFactory(project=project, claimed_by=person, title=f"Cast in {project.title}")
        ArticleFactory(headline=f"News of {project.title}", people=[person])
        return project

    first = add_a_production()
    with django_assert_num_queries(5):
        html = client.get(person.get_absolute_url()).content.decode()
    assert f"Cast in {first.title}" in html

    later = [add_a_production() for _ in range(3)]
    with django_assert_num_queries(5):
        html = client.get(person.get_absolute_url()).content.decode()
    for project in [first, *later]:
        assert f'<a href="{project.get_absolute_url()}">{project.title}</a>: actor, as Zhenya' in (
            html
        )
        assert f"News of {project.title}" in html
    assert '<a href="/tags/casting/" rel="tag">casting</a>' in html


def test_an_organisation_page_reads_each_relation_once_however_many_rows(
    client, django_assert_num_queries
):
    roscosmos = OrganisationFactory(name="Roscosmos")
    CreditFactory.create_batch(2, project=ProjectFactory(backers=[roscosmos]))
    ArticleFactory(organisations=[roscosmos])
    with django_assert_num_queries(4):
        assert client.get(roscosmos.get_absolute_url()).status_code == 200

    crews = [
        CreditFactory.create_batch(2, project=ProjectFactory(backers=[roscosmos])) for _ in "ab"
    ]
    with django_assert_num_queries(4):
        html = client.get(roscosmos.get_absolute_url()).content.decode()
    for credit in [credit for crew in crews for credit in crew]:
        assert f'<a href="{credit.person.get_absolute_url()}">{credit.person.name}</a> (actor)' in (
            html
        )


def test_an_organisation_page_lists_a_production_it_backs_before_anyone_is_credited(client):
    roscosmos = OrganisationFactory(name="Roscosmos")
    uncredited = ProjectFactory(title="Untitled orbital drama", backers=[roscosmos])
    credited = CreditFactory(project=ProjectFactory(title="Challenge", backers=[roscosmos]))

    html = client.get(roscosmos.get_absolute_url()).content.decode()

    assert html.count("<h3>") == 2
    assert f'<h3><a href="{uncredited.get_absolute_url()}">Untitled orbital drama</a></h3>' in html
    assert f'<a href="{credited.person.get_absolute_url()}">{credited.person.name}</a>' in html
    assert html.count("Credited: ") == 1


def test_subject_pages_name_what_they_show(client):
    person = PersonFactory()
    organisation = OrganisationFactory()
    project = CreditFactory(person=person).project
    project.backers.add(organisation)
    project.tags.add("soyuz")
    person.tags.add("casting")
    article = ArticleFactory(people=[person], organisations=[organisation])
    casting = person.tags.get()

    def keys(url):
        response = client.get(url)
        assert response.status_code == 200
        return response.wsgi_request.dependencies

    assert keys(person.get_absolute_url()) == {
        f"person-{person.pk}",
        f"person-{person.pk}-articles",
        f"project-{project.pk}",
        f"tag-{casting.pk}",
        f"article-{article.pk}",
        *(f"author-{author.pk}" for author in article.authors.all()),
        # Whether a date they announced was missed turns at midnight.
        "today",
    }
    assert keys(organisation.get_absolute_url()) == {
        f"organisation-{organisation.pk}",
        f"organisation-{organisation.pk}-articles",
        f"project-{project.pk}",
        f"person-{person.pk}",
        f"article-{article.pk}",
        *(f"author-{author.pk}" for author in article.authors.all()),
    }
    assert keys(reverse("people:list")) == {
        "people",
        f"person-{person.pk}",
        f"project-{project.pk}",
    }
    assert keys(reverse("people:organisation-list")) == {
        "organisations",
        f"organisation-{organisation.pk}",
        f"project-{project.pk}",
    }


def test_later_pages_of_coverage_list_the_cards_in_order_at_the_first_page_s_cost(
    client, django_assert_num_queries
):
    person = PersonFactory()
    now = timezone.now()
    for number in range(45):
        ArticleFactory(
            headline=f"Dispatch {number:02d}",
            # Pairs share a time, so the id decides their order.
            published_at=now - datetime.timedelta(hours=number // 2),
            people=[person],
        )
    newest_first = [
        f"Dispatch {number:02d}"
        for number in sorted(range(45), key=lambda number: (number // 2, -number))
    ]

    def headlines(page):
        html = html_of(client, f"{person.get_absolute_url()}?page={page}")
        return re.findall(r"Dispatch \d+", html)

    # Pages in the older half read the list oldest first, as many queries as page 1.
    with django_assert_num_queries(5):
        last = headlines(3)
    pages = [headlines(1), headlines(2), last]

    assert pages == [newest_first[:20], newest_first[20:40], newest_first[40:]]
