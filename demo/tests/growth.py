"""Grow the demo newsroom, so tests can check that pages cost the same however big it gets."""

import datetime
import random

from django.utils import timezone

from articles import tallies
from articles.models import Article, Author
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    SourceFactory,
)
from people.models import Organisation, Person
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.models import Project
from projects.tests.factories import CreditFactory, MilestoneFactory, ProjectFactory


def grow_demo(times):
    """Add `times` more of what the demo newsroom has: its published articles, drafts and
    scheduled ones, bylines, tags, people, organisations, productions, credits and milestones.

    Call it after `load_demo`. Every article added is about all the demo's people,
    organisations and rival productions, so their pages have `times` more to show (hidden
    articles too, which they must leave out).
    """
    # Signals would rank related articles again after every article: once at the end.
    with tallies.bulk():
        _grow(times)


def _grow(times):
    rng = random.Random(times)
    published_count = Article.objects.published().count()
    hidden_count = Article.objects.count() - published_count
    rivals = list(Project.objects.filter(rival__isnull=False))
    demo_people = list(Person.objects.all())
    organisations = list(Organisation.objects.all())
    authors = list(Author.objects.all()) + AuthorFactory.create_batch(2 * times)
    topics = [f"topic-{n}" for n in range(20 * times)] + ["roscosmos", "nasa", "iss"]

    people = PersonFactory.create_batch(9 * times)
    new_organisations = OrganisationFactory.create_batch(6 * times)
    productions = [ProjectFactory(backers=organisations) for _ in range(2 * times)]
    for project in rivals:
        project.backers.add(*new_organisations)
    for number, person in enumerate(people):
        CreditFactory(project=rivals[number % 2], person=person)
        CreditFactory(project=productions[number % len(productions)], person=person)
        person.tags.add(*rng.sample(topics, 2))
    for number, project in enumerate([*productions, *rivals]):
        CreditFactory(project=project, person=demo_people[number % len(demo_people)])
    for organisation in new_organisations:
        organisation.tags.add(*rng.sample(topics, 1))
    for number in range(8 * times):
        MilestoneFactory(
            project=rivals[number % 2], claimed_by=demo_people[number % len(demo_people)]
        )

    subjects = {"organisations": organisations, "projects": rivals}
    for number in range(published_count * times):
        article = ArticleFactory(
            published_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 2000)),
            authors=rng.sample(authors, 2),
            tags=["space-race", *rng.sample(topics, 3)],
            people=[*demo_people, people[number % len(people)]],
            **subjects,
        )
        if number % 3 == 0:
            SourceFactory.create_batch(2, article=article)
        if number % 5 == 0:
            CorrectionFactory(article=article)
    for number in range(hidden_count * times):
        ArticleFactory(
            draft=True,
            status=rng.choice([Article.Status.DRAFT, Article.Status.IN_REVIEW]),
            authors=rng.sample(authors, 1),
            tags=rng.sample(topics, 2),
            people=demo_people,
            **subjects,
        )
        ArticleFactory(
            published_at=timezone.now() + datetime.timedelta(days=number + 1),
            authors=rng.sample(authors, 1),
            tags=rng.sample(topics, 2),
            people=demo_people,
            **subjects,
        )
