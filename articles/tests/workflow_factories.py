"""Newsroom staff and articles for the workflow tests."""

import factory
from django.contrib.auth import get_user_model

from articles.models import Article, Author
from articles.workflow import EDITOR, WRITER, enrol

from . import factories

PASSWORD = "orbit-insertion-burn-42"


def make_writer(username="writer", name="Wendy Writer"):
    return enrol(username, WRITER, name=name, password=PASSWORD)[0]


def make_editor(username="editor", name="Eddie Editor"):
    return enrol(username, EDITOR, name=name, password=PASSWORD)[0]


def make_reader(username="reader"):
    return get_user_model().objects.create_user(username, password=PASSWORD)


class ArticleFactory(factories.ArticleFactory):
    """A draft with known text, filed under a staff login's byline."""

    headline = factory.Sequence(lambda n: f"Crew rehearses docking, part {n}")
    slug = factory.Sequence(lambda n: f"crew-rehearses-docking-{n}")
    standfirst = "The second rehearsal went to plan."
    body = "The crew spent the day in the simulator."
    status = Article.Status.DRAFT
    published_at = None

    @factory.post_generation
    def byline(self, create, extracted, **kwargs):
        """`byline=user` puts the article under that login's byline."""
        if create and extracted:
            self.authors.add(Author.byline_for(extracted))


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
        "authors": [author.pk for author in article.authors.all()] if saved else [],
        "people": [person.pk for person in article.people.all()] if saved else [],
        "organisations": [org.pk for org in article.organisations.all()] if saved else [],
        "projects": [project.pk for project in article.projects.all()] if saved else [],
        "tags": "",
        "lead_image_alt": article.lead_image_alt,
        "lead_image_caption": article.lead_image_caption,
        "lead_image_credit": article.lead_image_credit,
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
