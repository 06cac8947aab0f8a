"""An article's expiry, seen from the reader's side and the desk's: at its time the article
leaves its page (410 Gone), the home page, the lists, its subjects' pages, the feeds, the
sitemap, search and every count, by the database's clock with no job to run and through the
page cache; removing the expiry brings it back."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import tallies
from articles.models import Article
from newsroom.dependencies import NEWS, articles_key, row_key
from people.tests.factories import PersonFactory

from .factories import ArticleFactory, change_form_data, make_editor
from .tally_oracle import differences

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def reader_pages(article, person):
    tag = Tag.objects.get(name="eclipse")
    return {
        "home": reverse("home"),
        "news list": reverse("articles:list"),
        "month": reverse(
            "articles:archive-month",
            args=[article.published_at.year, f"{article.published_at.month:02d}"],
        ),
        "tag page": reverse("tags:detail", kwargs={"slug": tag.slug}),
        "person page": person.get_absolute_url(),
        "sitemap": reverse("django.contrib.sitemaps.views.sitemap", kwargs={"section": "news"}),
        "RSS": reverse("feeds:news-rss"),
        "Atom": reverse("feeds:news-atom"),
        "JSON Feed": reverse("feeds:news-json"),
        "search": f"{reverse('search:search')}?q=occultation",
    }


def seen_by_readers(client, article, person):
    """Where readers find `article`: its page, and each page that links to it."""
    seen = {"article page": client.get(article.get_absolute_url()).status_code == 200}
    for name, url in reader_pages(article, person).items():
        response = client.get(url)
        assert response.status_code == 200, name
        seen[name] = article.get_absolute_url() in response.content.decode()
    return seen


def counts(person):
    tag = Tag.objects.get(name="eclipse")
    return {
        "news": tallies.published_count(NEWS),
        "tag": tallies.published_count(articles_key("tag", tag.pk)),
        "person": tallies.published_count(articles_key("person", person.pk)),
        "months": sum(count for _, count in tallies.months_with_news()),
        "sitemap": tallies.sitemap_tallies().articles,
    }


def refresh_check():
    """refresh_tallies --check's report: it fails (CommandError) on any drift."""
    out = io.StringIO()
    call_command("refresh_tallies", "--check", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_expiring_article_leaves_every_page_and_count_at_its_time_and_comes_back(client, clock):
    person = PersonFactory()
    ArticleFactory(tags=["eclipse"], people=[person], published_at=timezone.now() - 2 * DAY)
    article = ArticleFactory(
        headline="Occultation filmed from orbit",
        slug="occultation",
        body="The occultation, filmed from the station.",
        tags=["eclipse"],
        people=[person],
        published_at=timezone.now() - DAY,
        expires_at=timezone.now() + HOUR,
    )
    assert all(seen_by_readers(client, article, person).values())
    assert counts(person) == {"news": 2, "tag": 2, "person": 2, "months": 2, "sitemap": 2}

    clock.shift(HOUR + datetime.timedelta(seconds=1))

    assert not any(seen_by_readers(client, article, person).values()), seen_by_readers(
        client, article, person
    )
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410
    assert "Article withdrawn" in gone.text and "no longer available" in gone.text
    assert "Occultation filmed from orbit" not in gone.text
    assert counts(person) == {"news": 1, "tag": 1, "person": 1, "months": 1, "sitemap": 1}
    assert differences() == []
    assert "drift" not in refresh_check().lower()

    article.expires_at = None
    article.save()

    assert all(seen_by_readers(client, article, person).values())
    assert counts(person) == {"news": 2, "tag": 2, "person": 2, "months": 2, "sitemap": 2}
    assert differences() == []


@pytest.mark.django_db
def test_an_expired_article_is_still_there_for_the_newsroom_to_preview(client, clock):
    article = ArticleFactory(headline="Rights window closed", expires_at=timezone.now() - HOUR)
    client.force_login(make_editor())
    preview = client.get(reverse("articles:preview", kwargs={"pk": article.pk}))
    assert preview.status_code == 200
    assert "Rights window closed" in preview.text
    assert "Expired: readers no longer see this article" in preview.text


@pytest.mark.django_db
def test_a_subject_page_lists_a_full_page_past_an_expired_article(client, clock):
    """The list's page is picked from its entries with the expired passed over, so a page
    holds as many cards as its count promises."""
    person = PersonFactory()
    articles = [
        ArticleFactory(people=[person], published_at=timezone.now() - (n + 1) * HOUR)
        for n in range(22)
    ]
    expired = articles[3]
    expired.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()

    first = client.get(person.get_absolute_url()).text
    second = client.get(f"{person.get_absolute_url()}?page=2").text

    shown = [a for a in articles if a.get_absolute_url() in first]
    assert len(shown) == 20 and expired not in shown
    assert [a for a in articles if a.get_absolute_url() in second] == [articles[21]]


def publish_form(article, **changes):
    data = change_form_data(article, **changes)
    data["_publish"] = "Publish"
    data["publish_despite_warnings"] = "on"
    return data


@pytest.mark.django_db
def test_an_expiry_before_the_publication_time_is_refused_with_a_form_error(client):
    client.force_login(make_editor())
    article = ArticleFactory(published_at=timezone.now() + DAY, body="Plenty to read.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    before = timezone.now() + HOUR

    response = client.post(
        url,
        change_form_data(
            article,
            expires_at_0=before.strftime("%Y-%m-%d"),
            expires_at_1=before.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "must come after the publication time" in errors["expires_at"][0]
    article.refresh_from_db()
    assert article.expires_at is None


@pytest.mark.django_db
def test_publishing_with_an_expiry_already_past_is_refused_with_a_form_error(client):
    editor = make_editor()
    client.force_login(editor)
    article = ArticleFactory(draft=True, body="Plenty to read.", byline=editor)
    past = timezone.now() - HOUR

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        publish_form(
            article,
            expires_at_0=past.strftime("%Y-%m-%d"),
            expires_at_1=past.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "has already passed" in errors["expires_at"][0]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


@pytest.mark.django_db
def test_the_change_list_says_which_articles_expire_and_which_have_expired(client):
    client.force_login(make_editor())
    ArticleFactory(headline="Still up", expires_at=timezone.now() + DAY)
    ArticleFactory(headline="Taken down", expires_at=timezone.now() - HOUR)

    page = client.get(reverse("admin:articles_article_changelist")).text

    assert page.count("Expires ") == 1
    assert page.count("Expired ") == 1
    assert "UTC" in page
    expired = client.get(reverse("admin:articles_article_changelist"), {"state": "expired"}).text
    assert "Taken down" in expired and "Still up" not in expired


@pytest.mark.django_db(transaction=True)
def test_a_stored_page_lasts_until_the_expiry_and_no_longer_lists_the_article_after_it(
    client, clock, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    ArticleFactory(headline="Older news")
    article = ArticleFactory(
        headline="Rights run out", expires_at=timezone.now() + datetime.timedelta(minutes=5)
    )

    first = client.get("/")
    assert "Rights run out" in first.text
    assert "s-maxage=300," in first["Cache-Control"]
    with django_assert_num_queries(0):
        assert "Rights run out" in client.get("/").text

    clock.shift(datetime.timedelta(minutes=5, seconds=1))

    assert "Rights run out" not in client.get("/").text
    assert "Older news" in client.get("/").text
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410
    # Kept by shared caches as a missing page, and purged by the article's key.
    assert "s-maxage=600," in gone["Cache-Control"]
    assert row_key("article", article.pk) in gone["Surrogate-Key"].split()

    article.expires_at = None
    article.save()

    assert "Rights run out" in client.get("/").text
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_an_expired_article_settles_out_of_the_stored_lists_once_and_reads_stay_exact(
    client, clock
):
    from articles.models import ArticleTally, ListEntry

    person = PersonFactory()
    ArticleFactory(tags=["eclipse"], people=[person], published_at=timezone.now() - 2 * DAY)
    article = ArticleFactory(
        headline="Occultation filmed from orbit",
        slug="occultation",
        body="The occultation, filmed from the station.",
        tags=["eclipse"],
        people=[person],
        published_at=timezone.now() - DAY,
        expires_at=timezone.now() + HOUR,
    )

    def stored_news():
        return ArticleTally.objects.get(key=NEWS).count

    def settle():
        out = io.StringIO()
        call_command("settle_expiries", stdout=out)
        return out.getvalue().strip()

    clock.shift(HOUR + datetime.timedelta(seconds=1))
    # Expired, not yet settled: still stored, taken off by every read.
    assert stored_news() == 2
    assert ListEntry.objects.filter(article=article).exists()
    assert counts(person) == {"news": 1, "tag": 1, "person": 1, "months": 1, "sitemap": 1}
    assert "drift" not in refresh_check().lower()

    assert settle() == "1 expired article(s) settled."

    # Settled: out of the stored values, so reads have nothing left to take off.
    assert stored_news() == 1
    assert not ListEntry.objects.filter(article=article).exists()
    assert not Article.objects.unsettled_expired().exists()
    assert not any(seen_by_readers(client, article, person).values())
    assert counts(person) == {"news": 1, "tag": 1, "person": 1, "months": 1, "sitemap": 1}
    assert differences() == []
    assert "drift" not in refresh_check().lower()
    assert settle() == "0 expired article(s) settled."

    # A new expiry, later: back in every list and count, and out again at its time.
    article.refresh_from_db()
    article.expires_at = timezone.now() + HOUR
    article.save()
    assert all(seen_by_readers(client, article, person).values())
    assert counts(person) == {"news": 2, "tag": 2, "person": 2, "months": 2, "sitemap": 2}
    assert differences() == []
    clock.shift(HOUR + datetime.timedelta(seconds=1))
    assert not any(seen_by_readers(client, article, person).values())
    assert differences() == []
    assert settle() == "1 expired article(s) settled."
    assert differences() == []


@pytest.mark.django_db(transaction=True)
def test_the_page_cache_settles_an_expiry_when_it_finds_its_moment_passed(client, clock, settings):
    from articles.models import ArticleTally

    settings.PAGE_CACHE_SECONDS = 600
    ArticleFactory(headline="Older news")
    article = ArticleFactory(
        headline="Rights run out", expires_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert "Rights run out" in client.get("/news/").text

    clock.shift(datetime.timedelta(minutes=5, seconds=1))
    page = client.get("/news/").text

    assert "Rights run out" not in page and "Older news" in page
    article.refresh_from_db()
    assert article.expiry_settled
    assert ArticleTally.objects.get(key=NEWS).count == 1
    assert tallies.published_count(NEWS) == 1
    assert differences() == []


@pytest.mark.django_db
def test_the_outbox_worker_settles_an_expiry_once_its_moment_has_passed(clock):
    from articles.models import ArticleTally

    ArticleFactory(published_at=timezone.now() - 2 * DAY)
    article = ArticleFactory(published_at=timezone.now() - DAY, expires_at=timezone.now() + HOUR)

    call_command("outbox_worker", "--once", stdout=io.StringIO())
    assert Article.objects.unsettled_expired().count() == 0
    assert ArticleTally.objects.get(key=NEWS).count == 2

    clock.shift(HOUR + datetime.timedelta(seconds=1))
    call_command("outbox_worker", "--once", stdout=io.StringIO())

    article.refresh_from_db()
    assert article.expiry_settled
    assert ArticleTally.objects.get(key=NEWS).count == 1
    assert differences() == []
    assert "drift" not in refresh_check().lower()
