import pytest
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_a_productions_coverage_is_found_from_one_index_without_reading_the_link_rows():
    """A production's page sorts all its coverage to show twenty: each link read from the table
    itself is a random read among every article's links, where an index of (production,
    article) answers them all in order."""
    links = Article.projects.through._meta.db_table
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, links)
    assert ["project_id", "article_id"] in [
        index["columns"] for index in indexes.values() if index["index"]
    ]
