"""Control characters pasted from word processors: normalised on save, and never a broken feed."""

import json

import feedparser
import pytest
from django.urls import reverse
from taggit.models import Tag

from articles import feed_entries
from articles.models import Article, Author, Correction
from articles.tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory

from .factories import change_form_data, make_editor

pytestmark = pytest.mark.django_db

FEEDS = ["news", "tag", "person", "organisation", "project", "author"]


@pytest.fixture
def article_stored_before_the_fix():
    """A published article whose texts hold control characters, written past save() as rows
    saved before normalisation still are."""
    author = AuthorFactory(slug="wire")
    person = PersonFactory(slug="yulia")
    organisation = OrganisationFactory(slug="roscosmos")
    project = ProjectFactory(slug="the-challenge")
    article = ArticleFactory(
        authors=[author],
        tags=["orbit"],
        people=[person],
        organisations=[organisation],
        projects=[project],
    )
    CorrectionFactory(article=article, text="Corrected")
    Article.objects.filter(pk=article.pk).update(
        headline="Launch\x0bday\x0c for \x01the crew\ufffe",
        standfirst="Pasted\x0bfrom\x1b a word processor",
        body_html="<p>Body\x0b with\x08 controls\x7f</p>",
    )
    Tag.objects.filter(name="orbit").update(name="orbit\x0bstation")
    Author.objects.filter(pk=author.pk).update(name="Wire\x0c service")
    Correction.objects.filter(article=article).update(text_html="<p>Fixed\x0b it</p>")
    # The feeds' entries of rows already stored are made by the migration that adds them.
    feed_entries.rebuild()
    return {
        "news": {},
        "tag": {"slug": "orbit"},
        "person": {"slug": person.slug},
        "organisation": {"slug": organisation.slug},
        "project": {"slug": project.slug},
        "author": {"slug": author.slug},
        "article": article,
    }


@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_xml_feeds_carrying_stored_control_characters_answer_and_parse(
    client, article_stored_before_the_fix, name, ext
):
    response = client.get(
        reverse(f"feeds:{name}-{ext}", kwargs=article_stored_before_the_fix[name])
    )
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    assert entry.title == "Launchday for the crew"
    assert "Body with controls" in entry.content[0].value
    assert "Fixed it" in entry.content[0].value


@pytest.mark.parametrize("name", FEEDS)
def test_json_feeds_carrying_stored_control_characters_answer_and_parse(
    client, article_stored_before_the_fix, name
):
    response = client.get(reverse(f"feeds:{name}-json", kwargs=article_stored_before_the_fix[name]))
    assert response.status_code == 200
    [item] = json.loads(response.content)["items"]
    assert item["title"] == "Launchday for the crew"


def test_the_article_page_shows_stored_control_characters_without_failing(
    client, article_stored_before_the_fix
):
    article = article_stored_before_the_fix["article"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Launch\x0bday" in response.text


def test_the_admin_stores_normalised_text(client):
    client.force_login(make_editor())
    data = change_form_data(
        Article(),
        headline="Launch\x0bday\u2028\r\nfor the crew",
        slug="launch-day",
        standfirst="One\r\ntwo\x0cthree\x1b",
        body="Para\u2029graph\x0bline\tindented\x07",
        lead_image_caption="Caption\x0bpasted",
        lead_image_credit="\x01Credit",
        lead_image_alt="Alt\x0c text",
        tags="space\x0bcinema, orbit",
    )
    data["base_version"] = 1
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="launch-day")
    assert article.headline == "Launch day  for the crew"
    assert article.standfirst == "One\ntwo\nthree"
    assert article.body == "Para\ngraph\nline\tindented"
    assert article.lead_image_caption == "Caption pasted"
    assert article.lead_image_credit == "Credit"
    assert article.lead_image_alt == "Alt  text"
    assert sorted(tag.name for tag in article.tags.all()) == ["orbit", "space cinema"]
    feed = client.get(reverse("feeds:news-rss"))
    assert feed.status_code == 200
