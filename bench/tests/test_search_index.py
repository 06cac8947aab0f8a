import io

import pytest

from articles.tests.factories import ArticleFactory
from bench import search_index

pytestmark = pytest.mark.django_db


def test_search_benchmark_reports_the_index_build_and_query_timings():
    ArticleFactory.create_batch(3, headline="Launch window", body="Crew and launch.")
    out = io.StringIO()
    search_index.main(["--queries", "5"], stdout=out, stderr=io.StringIO())
    report = out.getvalue()
    assert "index build" in report and "for 3 items" in report
    assert "5 queries over 3 articles" in report
    assert "median" in report and "p99" in report
