from datetime import date, timedelta

import factory

from people.tests.factories import PersonFactory, TaggedFactory
from projects.models import Credit, Milestone, Project


class ProjectFactory(TaggedFactory):
    class Meta:
        model = Project

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
