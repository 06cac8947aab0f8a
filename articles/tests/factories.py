"""The articles app's test factories: staff logins in their roles, authors, articles, sources,
corrections, and what the admin's change form posts."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Author, Correction, Source
from articles.workflow import EDITOR, WRITER, enrol
from people.tests.factories import TaggedFactory

PASSWORD = "orbit-insertion-burn-42"


def make_writer(username="writer", name="Wendy Writer"):
    return enrol(username, WRITER, name=name, password=PASSWORD)[0]


def make_editor(username="editor", name="Eddie Editor"):
    return enrol(username, EDITOR, name=name, password=PASSWORD)[0]


def make_reader(username="reader"):
    return get_user_model().objects.create_user(username, password=PASSWORD)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = factory.Faker("sentence")


class ArticleFactory(TaggedFactory):
    """A published article with plain text of its own, out since yesterday.

    `draft=True` makes it a draft with no publication date; `byline=user` files it under that
    login's byline; `authors`, `people`, `organisations` and `projects` take lists.
    """

    class Meta:
        model = Article

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)

    headline = factory.Sequence(lambda n: f"Station diary, day {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "Notes from the newsroom."
    body = "Nothing new aboard today."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    @factory.post_generation
    def byline(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.add(Author.byline_for(extracted))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.set(extracted)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.set(extracted)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)

    @factory.post_generation
    def projects(self, create, extracted, **kwargs):
        if create and extracted:
            self.projects.set(extracted)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    article = factory.SubFactory(ArticleFactory)
    publisher = factory.Faker("company")
    title = factory.Faker("sentence", nb_words=6)
    url = factory.Faker("url")


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = factory.Faker("sentence")


def change_form_data(article, **changes):
    """What the admin's change form posts for `article`, with `changes` typed over it."""
    published_at = article.published_at
    saved = article.pk is not None
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "base_version": article.version,
        "status": article.status,
        "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
        "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
        "expires_at_0": article.expires_at.strftime("%Y-%m-%d") if article.expires_at else "",
        "expires_at_1": article.expires_at.strftime("%H:%M:%S") if article.expires_at else "",
        "authors": [author.pk for author in article.authors.all()] if saved else [],
        "people": [person.pk for person in article.people.all()] if saved else [],
        "organisations": [org.pk for org in article.organisations.all()] if saved else [],
        "projects": [project.pk for project in article.projects.all()] if saved else [],
        "tags": "",
        "lead_image_alt": article.lead_image_alt,
        "lead_image_caption": article.lead_image_caption,
        "lead_image_credit": article.lead_image_credit,
        "language": article.language,
        "translation_of": article.translation_of_id or "",
    }
    for inline in ("sources", "corrections"):
        data |= {
            f"{inline}-TOTAL_FORMS": "0",
            f"{inline}-INITIAL_FORMS": "0",
            f"{inline}-MIN_NUM_FORMS": "0",
            f"{inline}-MAX_NUM_FORMS": "1000",
        }
    data.update(changes)
    return data
