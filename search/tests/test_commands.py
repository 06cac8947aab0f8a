import io

import pytest
from django.core.management import call_command

from articles.tests.factories import ArticleFactory
from people.models import Person
from people.tests.factories import PersonFactory
from search import index
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_rebuild_search_index_replaces_the_index_and_reports_progress():
    ArticleFactory(headline="Indexed by signal")
    PersonFactory(name="Also indexed")
    Person.objects.bulk_create([Person(name="Bulk Loaded", slug="bulk-loaded")])
    SearchEntry.objects.filter(kind="article").delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert "Indexed 3 items" in out.getvalue()
    assert "3/3" in err.getvalue()
    assert SearchEntry.objects.count() == 3
    assert [hit.name for hit in index.search("signal")[0:5]] == ["Indexed by signal"]
    assert [hit.name for hit in index.search("bulk")[0:5]] == ["Bulk Loaded"]


def test_migrating_a_newsroom_without_an_index_builds_it():
    Person.objects.bulk_create([Person(name="Bulk Loaded", slug="bulk-loaded")])
    call_command("migrate", verbosity=0)
    assert [hit.name for hit in index.search("bulk")[0:5]] == ["Bulk Loaded"]
    # An index that exists is left alone: migrating again does not rebuild it.
    SearchEntry.objects.update(title="edited")
    call_command("migrate", verbosity=0)
    assert SearchEntry.objects.get().title == "edited"
