"""Finding who an article mentions, and linking the first mention of each subject."""

import pytest

from articles.mentions import find_mentions, link_first_mentions
from articles.models import Article
from people.models import Organisation, Person
from projects.models import Project

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipenko():
    return Person.objects.create(
        name="Klim Shipenko", native_name="Клим Шипенко", aliases="Shepenko\nKlim Shepenko"
    )


@pytest.fixture
def roscosmos():
    return Organisation.objects.create(
        name="Roscosmos", native_name="Роскосмос", kind=Organisation.Kind.SPACE_AGENCY
    )


@pytest.fixture
def challenge():
    return Project.objects.create(title="Challenge", native_title="Вызов", aliases="Vyzov")


def test_finds_latin_cyrillic_and_alias_spellings(shipenko, roscosmos, challenge):
    assert find_mentions("The film is directed by KLIM SHIPENKO.") == [shipenko]
    assert find_mentions("Режиссёр — Клим Шипенко.") == [shipenko]
    assert find_mentions("Shepenko, as the BBC spelt him, said little.") == [shipenko]
    assert find_mentions("«Вызов» снимали на МКС, — сообщил Роскосмос.") == [challenge, roscosmos]


def test_ignores_names_inside_other_words(shipenko, roscosmos, challenge):
    assert find_mentions("Shipenkov and Roscosmosfilm are other people.") == []
    assert find_mentions("They met the challenges of training.") == []


def test_names_may_break_across_lines(shipenko):
    assert find_mentions("directed by Klim\nShipenko") == [shipenko]


def test_article_proposes_only_subjects_it_does_not_have_yet(shipenko, roscosmos):
    article = ArticleFactory(
        draft=True, headline="Roscosmos picks a director", body="Klim Shipenko will direct."
    )
    article.people.add(shipenko)

    assert article.proposed_subjects() == [roscosmos]

    article.add_subjects(article.proposed_subjects())
    assert list(article.organisations.all()) == [roscosmos]
    assert article.proposed_subjects() == []


def test_links_first_mention_of_each_subject_only(shipenko, roscosmos):
    html = "<p>Shepenko met Roscosmos.</p><p>Klim Shipenko and roscosmos again.</p>"

    linked = link_first_mentions(html, [shipenko, roscosmos])

    assert linked == (
        f'<p><a href="{shipenko.get_absolute_url()}">Shepenko</a> met '
        f'<a href="{roscosmos.get_absolute_url()}">Roscosmos</a>.</p>'
        "<p>Klim Shipenko and roscosmos again.</p>"
    )


def test_never_links_inside_existing_links_or_attributes(shipenko):
    html = (
        '<p><a href="https://example.com/shipenko" title="Shepenko">Shepenko interview</a> '
        "with Shepenko</p>"
    )

    linked = link_first_mentions(html, [shipenko])

    assert linked == (
        '<p><a href="https://example.com/shipenko" title="Shepenko">Shepenko interview</a> '
        f'with <a href="{shipenko.get_absolute_url()}">Shepenko</a></p>'
    )


def test_body_links_subjects_however_they_are_added(shipenko, roscosmos):
    article = ArticleFactory(draft=True, body="Interview with *Клим Шипенко* at Roscosmos.")

    article.people.add(shipenko)
    roscosmos.articles.add(article)

    article.refresh_from_db()
    assert f'<em><a href="{shipenko.get_absolute_url()}">Клим Шипенко</a></em>' in (
        article.body_html
    )
    assert f'<a href="{roscosmos.get_absolute_url()}">Roscosmos</a>' in article.body_html

    article.people.clear()
    article.refresh_from_db()
    assert shipenko.get_absolute_url() not in article.body_html


def test_demo_articles_link_their_subjects_from_the_first_load(demo):
    article = Article.objects.get(slug="challenge-crew-launches-soyuz-ms-19")

    assert article.body_html.count('href="/people/klim-shipenko/"') == 1
    assert article.body_html.count('href="/people/yulia-peresild/"') == 1
