"""Grow the demo newsroom, so tests can check that pages cost the same however big it gets."""

import datetime
import random

from django.utils import timezone

from articles.models import Article, Author
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    SourceFactory,
)
from people.models import Organisation, Person
from projects.models import Credit, Milestone, Project


def multiply_demo(factor):
    """Add (factor - 1) times the demo's articles, bylines, tags, subjects and milestones.

    Call it after `load_demo`; drafts and scheduled articles grow too, so hidden content
    is also present at scale.
    """
    rng = random.Random(factor)
    extra = factor - 1
    published_count = Article.objects.published().count()
    hidden_count = Article.objects.count() - published_count

    authors = list(Author.objects.all()) + AuthorFactory.create_batch(2 * extra)
    people = list(Person.objects.all()) + [
        Person.objects.create(name=f"Crew member {n}", description="crew") for n in range(9 * extra)
    ]
    organisations = list(Organisation.objects.all()) + [
        Organisation.objects.create(name=f"Backer {n}", kind=Organisation.Kind.COMPANY)
        for n in range(6 * extra)
    ]
    projects = list(Project.objects.all())
    tag_names = [f"topic-{n}" for n in range(20 * extra)] + ["roscosmos", "nasa", "iss"]

    for n in range(published_count * extra):
        article = ArticleFactory(
            published_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 2000)),
            authors=rng.sample(authors, 2),
            tags=rng.sample(tag_names, 4),
            people=rng.sample(people, 3),
            organisations=rng.sample(organisations, 2),
            projects=rng.sample(projects, rng.randint(1, 2)),
        )
        if n % 3 == 0:
            SourceFactory.create_batch(2, article=article)
        if n % 5 == 0:
            CorrectionFactory(article=article)
    for n in range(hidden_count * extra):
        ArticleFactory(
            status=rng.choice([Article.Status.DRAFT, Article.Status.IN_REVIEW]),
            published_at=None,
            authors=rng.sample(authors, 1),
            tags=rng.sample(tag_names, 2),
            people=rng.sample(people, 1),
        )
        ArticleFactory(
            published_at=timezone.now() + datetime.timedelta(days=n + 1),
            authors=rng.sample(authors, 1),
            tags=rng.sample(tag_names, 2),
        )

    for project in projects:
        for n in range(4 * extra):
            Milestone.objects.create(
                project=project,
                title=f"Milestone {n}",
                kind=Milestone.Kind.FILMING,
                planned_for=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * n),
                happened_on=datetime.date(2020, 1, 3) + datetime.timedelta(days=30 * n),
                status=Milestone.Status.HAPPENED,
            )
        for n, person in enumerate(rng.sample(people, 4 * extra)):
            Credit.objects.get_or_create(
                project=project, person=person, role=Credit.Role.ACTOR, defaults={"order": 10 + n}
            )
    for person in people[-9 * extra :]:
        person.tags.add(*rng.sample(tag_names, 2))
    for organisation in organisations[-6 * extra :]:
        organisation.tags.add(*rng.sample(tag_names, 1))
