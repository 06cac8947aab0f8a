from datetime import date, timedelta

import factory

from articles.models import Author
from articles.tests.factories import ArticleFactory
from people.models import Organisation, Person
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.models import Credit, Milestone, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Orbit Story {n}")
    slug = factory.Sequence(lambda n: f"orbit-story-{n}")
    status = Project.Status.IN_DEVELOPMENT
    logline = "A crew shoots a drama aboard the space station."

    @factory.post_generation
    def backers(self, create, extracted, **kwargs):
        if create and extracted:
            self.backers.add(*extracted)


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    project = factory.SubFactory(ProjectFactory)
    person = factory.SubFactory(PersonFactory)
    role = Credit.Role.ACTOR
    order = factory.Sequence(lambda n: n)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Training block {n}")
    kind = Milestone.Kind.TRAINING
    planned_for = factory.Sequence(lambda n: date(2021, 1, 1) + timedelta(days=7 * n))
    happened_on = factory.LazyAttribute(lambda milestone: milestone.planned_for)
    status = Milestone.Status.HAPPENED


def grow_newsroom(factor=10):
    """Add `factor` times the demo's people, organisations, productions, credits, milestones and
    articles, all tied to the demo's subjects, so their pages have `factor` times more to show."""
    rivals = list(Project.objects.filter(rival__isnull=False))
    organisations = list(Organisation.objects.all())
    demo_people = list(Person.objects.all())
    authors = list(Author.objects.all())
    people = PersonFactory.create_batch(9 * factor)
    new_organisations = OrganisationFactory.create_batch(6 * factor)
    productions = [ProjectFactory(backers=organisations) for _ in range(2 * factor)]
    for project in rivals:
        project.backers.add(*new_organisations)
    for number, person in enumerate(people):
        CreditFactory(project=rivals[number % 2], person=person)
        CreditFactory(project=productions[number % len(productions)], person=person)
    for number, project in enumerate([*productions, *rivals]):
        CreditFactory(project=project, person=demo_people[number % len(demo_people)])
    for number in range(8 * factor):
        MilestoneFactory(
            project=rivals[number % 2], claimed_by=demo_people[number % len(demo_people)]
        )
    for number in range(8 * factor):
        ArticleFactory(
            people=[*demo_people, people[number]],
            organisations=organisations,
            projects=rivals,
            authors=[authors[number % 2]],
            tags=["space-race", f"week-{number}"],
        )
