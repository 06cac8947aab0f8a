"""An article's primary topic (Article.primary_topic): one of its tags, shown as the kicker
above its headline on its page and on its card, and the step before it in its breadcrumbs;
the card is kept as the tag is renamed or deleted."""

import json
import re

import pytest
from django.urls import reverse
from taggit.models import Tag

from people.tests.pages import html_of
from spacecinema import cache as page_cache

from .factories import ArticleFactory, change_form_data, make_editor, make_writer
from .tally_oracle import card_differences

pytestmark = pytest.mark.django_db


def breadcrumb_names(html):
    (trail,) = [
        data
        for data in map(
            json.loads,
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S),
        )
        if data["@type"] == "BreadcrumbList"
    ]
    return [(item["name"], item["item"]) for item in trail["itemListElement"]]


def kicker_of(html, heading):
    """The kicker just above the heading `heading` (an h1 or a card's headline), or None."""
    found = re.search(
        r'<p class="kicker"><a href="([^"]+)">([^<]+)</a></p>\s*<h\d[^>]*>(?:<a [^>]+>)?'
        + re.escape(heading),
        html,
    )
    return (found.group(2), found.group(1)) if found else None


@pytest.fixture
def article():
    article = ArticleFactory(headline="Challenge wraps in orbit", tags=["ISS", "Challenge"])
    article.primary_topic = Tag.objects.get(name="Challenge")
    article.save()
    return article


def test_the_topic_is_the_kicker_on_the_page_and_the_step_before_it_in_the_breadcrumbs(
    client, article
):
    html = html_of(client, article.get_absolute_url())
    tag_url = reverse("tags:detail", args=["challenge"])
    assert kicker_of(html, "Challenge wraps in orbit") == ("Challenge", tag_url)
    assert [name for name, _ in breadcrumb_names(html)] == [
        "Home",
        "Challenge",
        "Challenge wraps in orbit",
    ]
    assert breadcrumb_names(html)[1][1].endswith(tag_url)
    assert 'aria-label="Breadcrumb"' in html and f'<a href="{tag_url}">Challenge</a>' in html


def test_an_article_without_a_topic_keeps_news_in_its_breadcrumbs_and_no_kicker(client):
    plain = ArticleFactory(headline="No topic here", tags=["ISS"])
    html = html_of(client, plain.get_absolute_url())
    assert kicker_of(html, "No topic here") is None
    assert [name for name, _ in breadcrumb_names(html)] == ["Home", "News", "No topic here"]


def test_the_topic_is_the_kicker_on_the_card_in_every_list(client, article):
    tag_url = reverse("tags:detail", args=["challenge"])
    for address in ["/", "/news/", reverse("tags:detail", args=["iss"])]:
        html = html_of(client, address)
        assert kicker_of(html, "Challenge wraps in orbit") == ("Challenge", tag_url), address
    assert card_differences() == []


def test_a_topic_that_is_not_among_the_tags_is_refused_with_a_message(client):
    story = ArticleFactory(headline="Launch", tags=["ISS"])
    other = Tag.objects.create(name="Soyuz MS-19")
    client.force_login(make_editor())
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = client.post(url, change_form_data(story, tags="ISS", primary_topic=other.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["primary_topic"] == [
        "The primary topic must be one of the article’s tags: add “Soyuz MS-19” to its tags, "
        "or choose another."
    ]
    story.refresh_from_db()
    assert story.primary_topic is None

    response = client.post(
        url, change_form_data(story, tags="ISS, Soyuz MS-19", primary_topic=other.pk)
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.primary_topic == other
    assert kicker_of(html_of(client, "/news/"), "Launch") is not None


@pytest.mark.django_db(transaction=True)
def test_a_renamed_topic_is_the_new_kicker_through_the_page_cache(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.worker = page_cache.Worker()
    assert kicker_of(html_of(client, "/news/"), "Challenge wraps in orbit")[0] == "Challenge"
    tag = Tag.objects.get(name="Challenge")
    tag.name, tag.slug = "Challenge (film)", "challenge-film"
    tag.save()
    new_url = reverse("tags:detail", args=["challenge-film"])
    for address in ["/news/", "/", article.get_absolute_url()]:
        assert kicker_of(html_of(client, address), "Challenge wraps in orbit") == (
            "Challenge (film)",
            new_url,
        ), address
    assert card_differences() == []


def test_a_deleted_topic_leaves_no_kicker(client, article):
    Tag.objects.get(name="Challenge").delete()
    for address in ["/news/", article.get_absolute_url()]:
        assert kicker_of(html_of(client, address), "Challenge wraps in orbit") is None
    assert card_differences() == []


def test_a_topic_on_a_draft_leaks_nothing(client):
    draft = ArticleFactory(headline="Secret topic", tags=["Secret"], draft=True)
    draft.primary_topic = Tag.objects.get(name="Secret")
    draft.save()
    assert "Secret" not in html_of(client, "/news/")


def test_a_topic_taken_off_the_tags_is_no_longer_the_kicker(client, article):
    article.tags.remove("Challenge")
    article.refresh_from_db()
    assert article.primary_topic is None
    html = html_of(client, "/news/")
    assert kicker_of(html, "Challenge wraps in orbit") is None
    assert card_differences() == []
    other = ArticleFactory(headline="Cleared", tags=["ISS"])
    other.primary_topic = Tag.objects.get(name="ISS")
    other.save()
    other.tags.clear()
    assert kicker_of(html_of(client, "/news/"), "Cleared") is None
    assert card_differences() == []


def test_a_writer_cannot_pin_but_can_choose_a_topic(client):
    writer = make_writer()
    story = ArticleFactory(headline="Writer's draft", tags=["ISS"], draft=True, byline=writer)
    client.force_login(writer)
    url = reverse("admin:articles_article_change", args=[story.pk])
    iss = Tag.objects.get(name="ISS")
    response = client.post(
        url, change_form_data(story, tags="ISS", pinned_as="lead", primary_topic=iss.pk)
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.pinned_as, story.primary_topic) == ("", iss)


@pytest.mark.parametrize("make_user", [make_editor, make_writer])
def test_the_change_page_has_the_home_page_fieldset(client, make_user):
    user = make_user()
    story = ArticleFactory(headline="Launch", tags=["ISS"], draft=True, byline=user)
    client.force_login(user)
    response = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Home page</h2>" in html
    assert 'name="primary_topic"' in html
    assert ('name="pinned_as"' in html) == (make_user is make_editor)
    assert "Pinned on the home page as" in html
