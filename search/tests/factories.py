from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article
from people.models import Organisation, Person
from projects.models import Project


class TaggedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class ArticleFactory(TaggedFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Station diary, day {n}")
    standfirst = "Notes from the newsroom."
    body = "Nothing new aboard today."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class PersonFactory(TaggedFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Crew Member {n}")
    description = "cosmonaut"


class OrganisationFactory(TaggedFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Studio {n}")
    kind = Organisation.Kind.STUDIO


class ProjectFactory(TaggedFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Production {n}")
    logline = "A film shot in orbit."
