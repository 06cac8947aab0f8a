"""Every API answer costs a fixed number of SQL queries, for the demo newsroom and for ten times
as much content: a page's rows in one query, then each relation for all of them in one."""

import pytest

pytestmark = pytest.mark.django_db

EXACT = {
    # the page of articles; what they name (tags, bylines, productions, people,
    # organisations) in one; their published versions in other languages; their corrections
    "/api/v1/articles/": 4,
    "/api/v1/articles/?limit=100": 4,
    "/api/v1/articles/?language=ru&published_after=2021-01-01": 4,
    # the subject's id, then as above
    "/api/v1/articles/?person=yulia-peresild": 5,
    "/api/v1/articles/?tag=challenge": 5,
    "/api/v1/articles/?production=challenge&organisation=roscosmos": 6,
    # the article, what it names, its versions, its corrections
    "/api/v1/articles/space-race-first-film-in-orbit/": 4,
    # the page of rows
    "/api/v1/people/": 1,
    "/api/v1/people/yulia-peresild/": 1,
    "/api/v1/organisations/": 1,
    "/api/v1/organisations/roscosmos/": 1,
    "/api/v1/productions/": 1,
    "/api/v1/milestones/": 1,
    # the production; its credits, backers and milestones in one
    "/api/v1/productions/challenge/": 2,
    # the rivals; their credits, backers and milestones in one; both coverage counts in one
    "/api/v1/race/": 3,
    "/api/v1/openapi.json": 0,
    "/api/v1/docs/": 0,
}


@pytest.mark.parametrize("url", EXACT)
def test_api_answers_cost_a_fixed_number_of_queries(
    newsroom_at_scale, client, django_assert_num_queries, url
):
    with django_assert_num_queries(EXACT[url]):
        response = client.get(url)
    assert response.status_code == 200


def test_a_later_page_costs_the_same(newsroom_at_scale, client, django_assert_num_queries):
    cursor = client.get("/api/v1/articles/?limit=5").json()["next_cursor"]

    with django_assert_num_queries(EXACT["/api/v1/articles/"]):
        response = client.get(f"/api/v1/articles/?limit=5&cursor={cursor}")

    assert response.status_code == 200


def test_bodies_showing_library_images_add_one_query_for_all_of_them(
    newsroom_at_scale, client, django_assert_num_queries
):
    from articles.tests.factories import ArticleFactory
    from newsroom.models import Image

    images = list(Image.objects.exclude(file="")[:2])
    for image in images:
        ArticleFactory(body=f"![In orbit](image:{image.pk})\n\nText.")

    with django_assert_num_queries(EXACT["/api/v1/articles/"] + 1):
        response = client.get("/api/v1/articles/")

    assert sum(len(item["body_images"]) for item in response.json()["items"]) == 2
