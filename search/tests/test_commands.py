import importlib
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

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


def test_migrating_an_index_numbered_before_gives_its_entries_their_place():
    renumber = importlib.import_module("search.migrations.0003_entries_in_publication_order")
    older = ArticleFactory(headline="Orbit first", published_at=timezone.now() - timedelta(days=9))
    newer = ArticleFactory(headline="Orbit again")
    ArticleFactory(headline="Orbit draft", draft=True)
    PersonFactory(name="Orbit Walker")
    placed = dict(SearchEntry.objects.values_list("object_id", "id").filter(kind="article"))
    # Numbered as entries were before: one after another, in the order they were written.
    for number, entry in enumerate(SearchEntry.objects.order_by("-id"), start=1):
        SearchEntry.objects.filter(id=entry.id).update(id=-(2**50) - number)
    for number, entry in enumerate(SearchEntry.objects.order_by("-id"), start=1):
        SearchEntry.objects.filter(id=entry.id).update(id=number)
    SearchEntry.objects.create(id=number + 1, kind="article", object_id=9999, title="orbit gone")

    renumber.renumber(django_apps, SimpleNamespace(connection=connection))

    assert dict(SearchEntry.objects.values_list("object_id", "id").filter(kind="article")) == placed
    results = index.search("orbit", order=index.NEWEST)
    assert [(hit.kind, hit.pk) for hit in results[0:10]] == [
        ("article", newer.pk),
        ("article", older.pk),
        ("person", Person.objects.get().pk),
    ]
