import factory

from people.models import Organisation, Person


class TaggedFactory(factory.django.DjangoModelFactory):
    """`tags=[...]` tags what the factory makes."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class PersonFactory(TaggedFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Crew Member {n}")
    slug = factory.Sequence(lambda n: f"crew-member-{n}")
    description = "actor"
    bio = "Trained for a flight to the *International Space Station*."


class OrganisationFactory(TaggedFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Studio {n}")
    slug = factory.Sequence(lambda n: f"studio-{n}")
    kind = Organisation.Kind.STUDIO
