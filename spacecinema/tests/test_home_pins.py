"""The home page's lead and featured stories as editors pin them (Article.pinned_as,
spacecinema/home.py): the newest lead pin leads, the newest featured pins are featured, only
published articles show, and a pin's end is kept by the database's clock through the page
cache, with no job to run."""

import io
import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import cards
from articles.models import Article
from articles.tests.factories import ArticleFactory, change_form_data, make_editor
from newsroom.tests.plans import query_plan
from people.tests.pages import html_of, section
from spacecinema import cache as page_cache

pytestmark = pytest.mark.django_db

LEAD = Article.Pin.LEAD
FEATURED = Article.Pin.FEATURED


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (20, 40, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def illustrated(headline, hours_ago, **fields):
    """A published article with a picture, out `hours_ago`."""
    article = ArticleFactory(
        headline=headline, published_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )
    name = default_storage.save(f"articles/2021/10/{article.pk}.jpg", ContentFile(jpeg()))
    Article.objects.filter(pk=article.pk).update(
        lead_image=name,
        lead_image_width=800,
        lead_image_height=600,
        lead_image_alt="The crew in the capsule",
    )
    cards.store([article.pk])
    article.refresh_from_db()
    return article


def lead_of(html):
    start = html.index('aria-labelledby="lead-heading"')
    return html[start : html.index("</article>", start)]


def featured_of(html):
    return section(html, "featured-heading") if 'id="featured-heading"' in html else ""


def headlines(html):
    return re.findall(r'class="card-headline"><a href="[^"]+">([^<]+)</a>', html)


def pin(article, place, until=None):
    article.pinned_as, article.pinned_until = place, until
    article.save()
    return article


def test_the_newest_story_with_a_picture_leads_when_nothing_is_pinned(client):
    illustrated("Older with a picture", 5)
    illustrated("Newest with a picture", 2)
    ArticleFactory(headline="Newest of all, no picture", published_at=timezone.now())
    html = html_of(client, "/")
    assert "Newest with a picture" in lead_of(html)
    assert 'id="featured-heading"' not in html


def test_a_pinned_lead_leads_the_home_page_and_leaves_the_latest(client):
    pinned = pin(illustrated("Shipenko talks about the edit", 48), LEAD)
    illustrated("Newest with a picture", 1)
    html = html_of(client, "/")
    assert "Shipenko talks about the edit" in lead_of(html)
    latest = section(html, "latest-heading")
    assert "Newest with a picture" in latest
    assert pinned.headline not in latest


def test_a_pinned_lead_without_a_picture_leads_in_words(client):
    pin(ArticleFactory(headline="Words only"), LEAD)
    illustrated("Newest with a picture", 1)
    lead = lead_of(html_of(client, "/"))
    assert "Words only" in lead
    assert "<img" not in lead


def test_the_newest_lead_pin_wins_and_the_older_one_returns_when_it_is_taken_off(client):
    first = pin(illustrated("Pinned first", 30), LEAD)
    second = pin(illustrated("Pinned second", 40), LEAD)
    assert "Pinned second" in lead_of(html_of(client, "/"))
    pin(second, "")
    assert first.headline in lead_of(html_of(client, "/"))


def test_featured_stories_show_the_newest_pins_first_three_at_most(client):
    illustrated("Newest with a picture", 1)
    stories = [illustrated(f"Feature {number}", 10 + number) for number in range(4)]
    for story in stories:
        # Each pin is later than the one before.
        pin(story, FEATURED)
    html = html_of(client, "/")
    assert headlines(featured_of(html)) == ["Feature 3", "Feature 2", "Feature 1"]
    # Shown once: the featured stories leave the latest news.
    assert headlines(section(html, "latest-heading")) == ["Feature 0"]
    assert "Newest with a picture" in lead_of(html)


def test_only_published_articles_show_whatever_they_are_pinned_as(client):
    illustrated("Published", 3)
    pin(ArticleFactory(headline="Draft lead", draft=True), LEAD)
    pin(ArticleFactory(headline="Draft feature", draft=True), FEATURED)
    pin(
        ArticleFactory(headline="Scheduled lead", published_at=timezone.now() + timedelta(days=1)),
        LEAD,
    )
    html = html_of(client, "/")
    assert "Published" in lead_of(html)
    for hidden in ["Draft lead", "Draft feature", "Scheduled lead"]:
        assert hidden not in html


def test_a_pin_on_a_draft_is_kept_and_the_admin_says_it_shows_once_published(client):
    illustrated("Newest with a picture", 1)
    draft = ArticleFactory(headline="Prepared lead", draft=True)
    client.force_login(make_editor())
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.post(url, change_form_data(draft, pinned_as="lead"), follow=True)
    assert response.status_code == 200
    assert (
        "Pinned as the home page’s lead story: it will show on the home page once the article "
        "is published." in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.pinned_as == LEAD
    client.logout()
    assert "Prepared lead" not in html_of(client, "/")
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Prepared lead" in lead_of(html_of(client, "/"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"pinned_as": "", "pinned_until_0": "2031-01-01", "pinned_until_1": "10:00:00"},
         "pinned_until", "Pin the article as the lead or featured, or leave this empty."),
        ({"pinned_as": "lead", "pinned_until_0": "2021-01-01", "pinned_until_1": "10:00:00"},
         "pinned_until", "That time has passed: choose a later one."),
        ({"pinned_as": "kicker"}, "pinned_as", "Select a valid choice."),
    ],
)  # fmt: skip
def test_a_pin_the_home_page_cannot_keep_is_refused_with_a_message(client, changes, field, message):
    article = ArticleFactory(headline="Launch day")
    client.force_login(make_editor())
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, change_form_data(article, **changes))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field])
    article.refresh_from_db()
    assert (article.pinned_as, article.pinned_until) == ("", None)


def test_a_pin_ending_before_the_publication_is_refused(client):
    later = timezone.now() + timedelta(days=3)
    article = ArticleFactory(headline="Scheduled", published_at=later)
    client.force_login(make_editor())
    url = reverse("admin:articles_article_change", args=[article.pk])
    ends = later - timedelta(days=1)
    response = client.post(
        url,
        change_form_data(
            article,
            pinned_as="lead",
            pinned_until_0=ends.strftime("%Y-%m-%d"),
            pinned_until_1=ends.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["pinned_until"] == [
        "The pin would end before the article is published."
    ]


def test_the_change_list_filters_pinned_articles(client):
    pin(ArticleFactory(headline="The lead"), LEAD)
    pin(ArticleFactory(headline="A feature"), FEATURED)
    ArticleFactory(headline="Not pinned")
    client.force_login(make_editor())
    url = reverse("admin:articles_article_changelist")
    for query, shown in [
        ("pinned=any", {"The lead", "A feature"}),
        ("pinned=lead", {"The lead"}),
        ("pinned=featured", {"A feature"}),
    ]:
        html = client.get(f"{url}?{query}").content.decode()
        for headline in ["The lead", "A feature", "Not pinned"]:
            assert (f">{headline}</a>" in html) == (headline in shown), (query, headline)


@pytest.mark.django_db(transaction=True)
class TestThroughThePageCache:
    @pytest.fixture(autouse=True)
    def _page_cache_on(self, settings):
        settings.PAGE_CACHE_SECONDS = 600
        page_cache.worker = page_cache.Worker()

    def test_pinning_an_article_changes_the_stored_home_page(self, client):
        illustrated("Newest with a picture", 1)
        older = illustrated("From last month", 24 * 30)
        assert "Newest with a picture" in lead_of(html_of(client, "/"))
        pin(older, LEAD)
        assert "From last month" in lead_of(html_of(client, "/"))
        pin(older, FEATURED)
        html = html_of(client, "/")
        assert "Newest with a picture" in lead_of(html)
        assert headlines(featured_of(html)) == ["From last month"]
        pin(older, "")
        assert 'id="featured-heading"' not in html_of(client, "/")

    def test_when_the_pin_ends_the_home_page_falls_back_to_the_newest_with_a_picture(self, client):
        illustrated("Newest with a picture", 1)
        now = timezone.now()
        ends = now + timedelta(seconds=1)
        pin(illustrated("Pinned for a second", 24), LEAD, until=ends)
        with time_machine.travel(now, tick=False):
            response = client.get("/")
            assert "Pinned for a second" in lead_of(response.content.decode())
            # The stored page is kept no longer than the pin.
            lifetime = re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1)
            assert int(lifetime) <= 1
        # The database decides by its own clock: let it pass the pin's end too.
        time.sleep(max((ends - timezone.now()).total_seconds(), 0) + 0.05)
        with time_machine.travel(ends + timedelta(seconds=1), tick=False):
            html = html_of(client, "/")
        assert "Newest with a picture" in lead_of(html)
        assert "Pinned for a second" in section(html, "latest-heading")


@pytest.mark.parametrize("size", [5, 50])
def test_the_home_page_with_pins_runs_the_same_queries_at_any_size(
    client, django_assert_num_queries, size
):
    stories = [ArticleFactory(headline=f"Story {number}", tags=["iss"]) for number in range(size)]
    pin(stories[-1], LEAD)
    for story in stories[:4]:
        pin(story, FEATURED)
    # The stories (lead, featured and latest in one), the race box's rivals, the busiest tags:
    # as newsroom/tests/test_queries.py pins it.
    with django_assert_num_queries(3):
        html = html_of(client, "/")
    assert f"Story {size - 1}" in lead_of(html)
    assert headlines(featured_of(html)) == ["Story 3", "Story 2", "Story 1"]


def test_the_admin_says_which_lead_a_new_lead_pin_displaces_and_until_when(client):
    pin(illustrated("The lead until now", 30), LEAD)
    story = illustrated("The new lead", 20)
    client.force_login(make_editor())
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = client.post(
        url,
        change_form_data(
            story, pinned_as="lead", pinned_until_0="2031-01-01", pinned_until_1="10:00:00"
        ),
        follow=True,
    )
    assert (
        "Pinned as the home page’s lead story until 1 Jan 2031, 10 a.m. UTC, in place of “The "
        "lead until now”, which stays pinned and leads again when this pin ends or is taken off."
        in response.content.decode()
    )
    client.logout()
    assert "The new lead" in lead_of(html_of(client, "/"))


def test_the_pins_are_read_from_their_own_index_however_many_articles_are_unpinned():
    """With statistics saying nearly every article is unpinned, a lookup by "pinned as" alone
    looks worthless to the planner, which then walked every published article for the pins:
    seconds for the home page of a newsroom of 100,000 articles."""
    from articles import tallies

    with tallies.bulk():
        ArticleFactory.create_batch(60, published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(pinned_as=LEAD, pinned_at=timezone.now())
    plan = query_plan(Article.objects.pinned(LEAD).values("pk")[:1])

    assert "article_pinned" in plan
