"""The content API on the demo newsroom: what it answers, what it refuses, and what it never
shows."""

import datetime
import json

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from articles.tests.factories import ArticleFactory
from people.models import Person

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path, **headers):
    return client.get(f"{API}{path}", headers=headers)


def answer(client, path):
    response = get(client, path)
    assert response.status_code == 200, response.content
    return response.json()


def published_ids(articles):
    return list(articles.order_by("-published_at", "-pk").values_list("pk", flat=True))


def walk(client, path, limit):
    """Every item of a list, following its cursors."""
    items, separator = [], "&" if "?" in path else "?"
    page = answer(client, f"{path}{separator}limit={limit}")
    items += page["items"]
    while page["next_cursor"]:
        page = answer(client, f"{path}{separator}limit={limit}&cursor={page['next_cursor']}")
        items += page["items"]
    return items


def test_the_article_list_is_every_published_article_newest_first_page_by_page(newsroom, client):
    items = walk(client, "/articles/", limit=3)

    assert [item["id"] for item in items] == published_ids(Article.objects.published())


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("/articles/?limit=100", "ArticlePage"),
        ("/articles/?language=ru&limit=2", "ArticlePage"),
        ("/articles/space-race-first-film-in-orbit/", "Article"),
    ],
)
def test_articles_are_answered_exactly_in_their_declared_shape(newsroom, client, path, schema):
    # The article answers are written without validating them: what the OpenAPI description
    # declares must be what a client reads, field for field, in the declared order.
    from ninja.responses import NinjaJSONEncoder

    from api import schemas

    response = get(client, path)
    declared = getattr(schemas, schema).model_validate_json(response.content).model_dump()

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content.decode() == json.dumps(declared, cls=NinjaJSONEncoder)


def test_an_article_shows_what_its_page_shows(newsroom, client):
    article = Article.objects.get(slug="space-race-first-film-in-orbit")
    Correction.objects.create(article=article, text="The premiere was on <b>20 April</b>.")

    item = answer(client, "/articles/space-race-first-film-in-orbit/")

    assert item["id"] == article.pk
    assert item["url"] == "http://127.0.0.1:8000/news/space-race-first-film-in-orbit/"
    assert item["headline"] == article.headline
    assert item["standfirst"] == article.standfirst
    assert item["body_html"].startswith("<p>")
    assert 'href="http://127.0.0.1:8000/people/tom-cruise/"' in item["body_html"]
    assert {byline["name"] for byline in item["bylines"]} == set(
        article.authors.values_list("name", flat=True)
    )
    assert set(item["tags"]) == set(article.tags.names())
    assert {person["slug"] for person in item["people"]} == set(
        article.people.values_list("slug", flat=True)
    )
    assert {production["slug"] for production in item["productions"]} == set(
        article.projects.values_list("slug", flat=True)
    )
    assert {organisation["slug"] for organisation in item["organisations"]} == set(
        article.organisations.values_list("slug", flat=True)
    )
    assert item["corrections"][-1]["text_html"] == (
        "<p>The premiere was on &lt;b&gt;20 April&lt;/b&gt;.</p>\n"
    )
    lead = item["lead_image"]
    assert lead["url"].startswith("http://127.0.0.1:8000/media/")
    assert (lead["width"], lead["height"]) == (article.lead_image_width, article.lead_image_height)
    assert lead["alt"] == article.lead_image_alt
    assert lead["credit"] == article.lead_image_credit
    # Found by id as by slug.
    assert answer(client, f"/articles/{article.pk}/") == item


def test_a_translation_links_the_original(newsroom, client):
    russian = Article.objects.published().filter(language="ru").first()

    item = answer(client, f"/articles/{russian.slug}/")

    assert item["language"] == "ru"
    assert item["translations"] == {
        "en": f"http://127.0.0.1:8000{russian.translation_of.get_absolute_url()}"
    }


def test_body_images_come_with_absolute_urls_sizes_alt_and_credit(newsroom, client):
    from newsroom.models import Image

    image = Image.objects.exclude(file="").first()
    article = ArticleFactory(body=f"Before.\n\n![The crew](image:{image.pk})\n\nAfter.")

    item = answer(client, f"/articles/{article.slug}/")

    assert item["body_images"] == [
        {
            "url": f"http://127.0.0.1:8000/media/{image.file.name}",
            "width": image.file_width,
            "height": image.file_height,
            # The library's: the body's HTML has the words written in place.
            "alt": image.alt,
            "credit": image.credit,
            "caption": image.caption,
        }
    ]


@pytest.mark.parametrize(
    ("query", "articles"),
    [
        ("person=yulia-peresild", lambda: Article.objects.filter(people__slug="yulia-peresild")),
        ("organisation=roscosmos", lambda: Article.objects.filter(organisations__slug="roscosmos")),
        ("production=challenge", lambda: Article.objects.filter(projects__slug="challenge")),
        ("tag=challenge", lambda: Article.objects.filter(tags__slug="challenge")),
        ("language=ru", lambda: Article.objects.filter(language="ru")),
        (
            "published_after=2021-06-01&published_before=2022-01-01",
            lambda: Article.objects.filter(
                published_at__gte=datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC),
                published_at__lt=datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC),
            ),
        ),
        (
            "person=yulia-peresild&tag=challenge",
            lambda: Article.objects.filter(people__slug="yulia-peresild").filter(
                tags__slug="challenge"
            ),
        ),
    ],
)
def test_filters_pick_the_published_articles_they_name(newsroom, client, query, articles):
    expected = published_ids(articles().filter(pk__in=Article.objects.published()))
    assert expected, "the filter should find some of the demo's articles"

    items = walk(client, f"/articles/?{query}", limit=2)

    assert [item["id"] for item in items] == expected


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/articles/?limit=0", 422),
        ("/articles/?limit=-5", 422),
        ("/articles/?limit=101", 422),
        ("/articles/?limit=100000000000000000000000000000", 422),
        ("/articles/?limit=ten", 422),
        ("/articles/?published_after=yesterday", 422),
        ("/articles/?published_before=2021-13-45", 422),
        ("/articles/?language=fr", 422),
        ("/articles/?published_after=2022-01-01&published_before=2021-01-01", 400),
        ("/articles/?cursor=abc", 400),
        ("/articles/?cursor=" + "x" * 600, 422),
        ("/articles/?person=nobody", 404),
        ("/articles/?organisation=nobody", 404),
        ("/articles/?production=nobody", 404),
        ("/articles/?tag=nobody", 404),
        ("/articles/no-such-article/", 404),
        ("/articles/0/", 404),
        ("/articles/99999999999999999999999999/", 404),
        ("/people/nobody/", 404),
        ("/organisations/nobody/", 404),
        ("/productions/nobody/", 404),
        ("/people/?limit=1000", 422),
        ("/people/?cursor=forged", 400),
        ("/milestones/?production=nobody", 404),
        ("/milestones/?limit=-1", 422),
        # PostgreSQL refuses a NUL in any query: refused before one is made.
        ("/articles/?person=%00", 422),
        ("/articles/?organisation=a%00b", 422),
        ("/articles/?production=%00", 422),
        ("/articles/?tag=%00", 422),
        ("/milestones/?production=%00", 422),
    ],
)
def test_bad_requests_get_a_clear_json_answer(newsroom, client, path, status):
    response = get(client, path)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"]


def test_a_tampered_cursor_is_refused(newsroom, client):
    cursor = answer(client, "/articles/?limit=2")["next_cursor"]
    payload, _, signature = cursor.partition(":")
    forged = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1] + ":" + signature

    response = get(client, f"/articles/?limit=2&cursor={forged}")

    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_one_lists_cursor_is_refused_by_another(newsroom, client):
    cursor = answer(client, "/people/?limit=2")["next_cursor"]

    response = get(client, f"/articles/?cursor={cursor}")

    assert response.status_code == 400


@pytest.fixture
def unpublished(newsroom):
    """A draft, an article scheduled for tomorrow and one expired an hour ago, all about Yulia
    Peresild and tagged "challenge"."""
    now = timezone.now()
    peresild = Person.objects.get(slug="yulia-peresild")
    made = {
        "draft": ArticleFactory(draft=True, headline="Draft"),
        "scheduled": ArticleFactory(
            headline="Scheduled", published_at=now + datetime.timedelta(days=1)
        ),
        "expired": ArticleFactory(
            headline="Expired",
            published_at=now - datetime.timedelta(days=2),
            expires_at=now - datetime.timedelta(hours=1),
        ),
    }
    for article in made.values():
        article.people.add(peresild)
        article.tags.add("challenge")
    return made


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired"])
def test_unpublished_articles_never_appear(unpublished, client, state):
    article = unpublished[state]

    assert get(client, f"/articles/{article.slug}/").status_code == 404
    assert get(client, f"/articles/{article.pk}/").status_code == 404
    for query in ["", "?person=yulia-peresild", "?tag=challenge", "?published_after=2000-01-01"]:
        ids = [item["id"] for item in walk(client, f"/articles/{query}", limit=100)]
        assert article.pk not in ids


def test_a_scheduled_article_appears_at_its_time(newsroom, client):
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert get(client, f"/articles/{article.pk}/").status_code == 404

    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert answer(client, f"/articles/{article.pk}/")["headline"] == article.headline


def test_answers_carry_an_etag_and_a_repeat_gets_304(newsroom, client):
    first = get(client, "/articles/?limit=5")
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Cache-Control"].startswith("public, max-age=60, s-maxage=")

    again = get(client, "/articles/?limit=5", if_none_match=etag)

    assert again.status_code == 304
    assert again.content == b""


def test_an_unchanged_list_keeps_its_etag_as_time_passes(newsroom, client):
    import time_machine

    first = get(client, "/articles/?limit=5")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        again = get(client, "/articles/?limit=5", if_none_match=first["ETag"])

    assert again.status_code == 304


def test_answers_name_what_they_show_in_their_surrogate_keys(newsroom, client):
    article = Article.objects.get(slug="space-race-first-film-in-orbit")

    response = get(client, f"/articles/{article.pk}/")
    keys = response["Surrogate-Key"].split()

    assert f"article-{article.pk}" in keys
    assert "all" in keys
    assert "news" in get(client, "/articles/?limit=2")["Surrogate-Key"].split()


def test_past_the_limit_a_client_gets_429_with_retry_after(newsroom, client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert get(client, "/race/").status_code == 200

    refused = get(client, "/race/")

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    assert refused.json()["detail"]
    # Another client is not held back.
    assert client.get(f"{API}/race/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_behind_the_proxy_each_reader_address_is_counted_apart(newsroom, client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    def from_reader(address):
        return client.get(f"{API}/race/", HTTP_X_FORWARDED_FOR=address).status_code

    assert from_reader("198.51.100.1") == 200
    assert from_reader("198.51.100.2") == 200
    assert from_reader("198.51.100.1") == 429


def test_people_organisations_and_productions_list_everyone_by_name(newsroom, client):
    for path, model, name in [
        ("/people/", Person, "name"),
        ("/organisations/", Person._meta.apps.get_model("people", "Organisation"), "name"),
        ("/productions/", Person._meta.apps.get_model("projects", "Project"), "title"),
    ]:
        items = walk(client, path, limit=2)
        assert [item["slug"] for item in items] == list(
            model.objects.order_by(name, "pk").values_list("slug", flat=True)
        )


def test_a_production_shows_its_crew_backers_and_milestones(newsroom, client):
    item = answer(client, "/productions/challenge/")

    assert item["title"] == "Challenge"
    assert "Yulia Peresild" in [credit["name"] for credit in item["credits"]]
    assert "Roscosmos" in [backer["name"] for backer in item["backers"]]
    assert item["milestones"]
    assert item["rival"]["slug"] == "tom-cruise-space-film"


def test_the_race_shows_both_rivals_and_their_timeline(newsroom, client):
    race = answer(client, "/race/")

    assert [rival["slug"] for rival in race["rivals"]] == ["challenge", "tom-cruise-space-film"]
    assert race["rivals"][0]["articles"] == (
        Article.objects.published().filter(projects__slug="challenge").count()
    )
    assert {milestone["production"]["slug"] for milestone in race["milestones"]} == {
        "challenge",
        "tom-cruise-space-film",
    }


def test_milestones_list_in_timeline_order_page_by_page(newsroom, client):
    from projects.models import Milestone

    items = walk(client, "/milestones/", limit=2)

    assert [item["title"] for item in items] == list(
        Milestone.objects.in_timeline_order().values_list("title", flat=True)
    )


def test_the_openapi_description_lists_every_operation(newsroom, client):
    response = get(client, "/openapi.json")
    description = json.loads(response.content)

    assert description["openapi"].startswith("3.")
    assert set(description["paths"]) == {
        f"{API}/articles/",
        f"{API}/articles/{{key}}/",
        f"{API}/people/",
        f"{API}/people/{{slug}}/",
        f"{API}/organisations/",
        f"{API}/organisations/{{slug}}/",
        f"{API}/productions/",
        f"{API}/productions/{{slug}}/",
        f"{API}/milestones/",
        f"{API}/race/",
    }
    parameters = {
        parameter["name"]
        for parameter in description["paths"][f"{API}/articles/"]["get"]["parameters"]
    }
    assert parameters == {
        "person",
        "organisation",
        "production",
        "tag",
        "published_after",
        "published_before",
        "language",
        "limit",
        "cursor",
    }


def test_the_docs_page_describes_each_operation_without_script(newsroom, client):
    response = get(client, "/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script" not in html.replace('<script type="application/ld+json"', "")
    assert " style=" not in html
    for path in ["/articles/", "/articles/{key}/", "/race/", "/milestones/"]:
        assert f"GET {API}{path}" in html
    assert "published_after" in html
    assert f"curl -i http://127.0.0.1:8000{API}/articles/" in html


def test_a_tag_in_its_own_script_is_found_by_its_slug(newsroom, client):
    from taggit.models import Tag

    article = ArticleFactory(tags=["вызов"])
    slug = Tag.objects.get(name="вызов").slug

    items = answer(client, f"/articles/?tag={slug}")["items"]

    assert [item["id"] for item in items] == [article.pk]


def test_the_docs_page_is_valid_html(newsroom, client, tmp_path):
    from newsroom.tests.checks import checker_messages

    page = tmp_path / "docs.html"
    page.write_bytes(get(client, "/docs/").content)

    assert checker_messages([page]) == []


@pytest.mark.parametrize(
    "path", ["/articles/?limit=1", "/articles/nothing-here/", "/people/?limit=0"]
)
def test_pages_on_other_sites_may_read_the_answers(newsroom, client, path):
    response = get(client, path, origin="https://news.example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
