"""How many articles a search says match, on each side of the numbers ranked and counted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.tests.factories import PersonFactory
from search import index

pytestmark = pytest.mark.django_db

RANKED, COUNTED = 2, 4


@pytest.mark.parametrize("matching", [0, 1, RANKED, RANKED + 1, COUNTED, COUNTED + 1, 8])
@pytest.mark.parametrize("kinds", [None, ["article"], ["person"]])
def test_articles_are_counted_exactly_up_to_the_limit_whatever_is_shown(settings, matching, kinds):
    settings.SEARCH_RANKED_ARTICLES = RANKED
    settings.SEARCH_COUNTED_ARTICLES = COUNTED
    now = timezone.now()
    for day in range(matching):
        ArticleFactory(headline=f"Orbit news {day}", published_at=now - timedelta(days=day + 1))
    # Neither a draft nor one scheduled for tomorrow counts.
    ArticleFactory(headline="Orbit draft", status=Article.Status.DRAFT)
    ArticleFactory(headline="Orbit tomorrow", published_at=now + timedelta(days=1))
    PersonFactory(name="Orbit")

    results = index.search("orbit", kinds)
    results.fetch(0, 20)

    expected = {"person": 1} | ({"article": min(matching, COUNTED + 1)} if matching else {})
    assert results.counts == expected
    assert list(results.counts) == ["person", *(["article"] if matching else [])]
    assert results.more_articles_than_counted == (matching > COUNTED)
    if kinds == ["person"]:
        assert results.ranked_among is None
        assert [hit.kind for hit in results[0:20]] == ["person"]
    else:
        assert results.ranked_among == (RANKED if matching > RANKED else None)
        shown = [hit.name for hit in results[0:20] if hit.kind == "article"]
        assert shown == [f"Orbit news {day}" for day in range(min(matching, RANKED))]
