from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.models import Person
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory
from search import index
from search.documents import DOCUMENTS
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def thing(hit):
    """What a hit stands for (hits are rows: this reads the thing itself to compare)."""
    return DOCUMENTS[hit.kind].model.objects.get(pk=hit.pk)


def found(text, kinds=None):
    results = index.search(text, kinds)
    hits = [thing(hit) for hit in results[0:100]]
    assert results.count() == len(hits), "counts must agree with what is shown"
    return hits


def test_headline_match_ranks_above_a_passing_mention_in_the_body():
    ArticleFactory.create_batch(4)
    mention = ArticleFactory(
        headline="Crew trains in the centrifuge",
        body="The crew trained all week. A launch is some way off, the agency said, and the "
        "training continues at the cosmonaut centre with parachute jumps.",
    )
    headline = ArticleFactory(headline="Launch moved to October", body="The agency confirmed it.")
    assert found("launch") == [headline, mention]


def test_every_word_must_match_and_the_last_may_be_a_prefix():
    soyuz = ArticleFactory(headline="Soyuz MS-19 docks with the station")
    ArticleFactory(headline="Soyuz rolls out")
    assert found("soyuz dock") == [soyuz]


def test_drafts_in_review_and_scheduled_articles_never_appear():
    ArticleFactory(headline="Premiere draft", status=Article.Status.DRAFT)
    ArticleFactory(headline="Premiere in review", status=Article.Status.IN_REVIEW)
    ArticleFactory(headline="Premiere scheduled", published_at=timezone.now() + timedelta(days=1))
    results = index.search("premiere")
    assert results.count() == 0
    assert results[0:20] == []


def test_a_just_published_article_appears():
    article = ArticleFactory(headline="Premiere date set", status=Article.Status.DRAFT)
    assert found("premiere") == []
    article.status = Article.Status.PUBLISHED
    article.published_at = None
    article.save()
    assert found("premiere") == [article]


def test_an_unpublished_article_disappears():
    article = ArticleFactory(headline="Premiere date set")
    article.status = Article.Status.DRAFT
    article.save()
    assert found("premiere") == []


def test_a_scheduled_article_appears_by_itself_when_its_time_comes():
    article = ArticleFactory(
        headline="Premiere tonight", published_at=timezone.now() + timedelta(days=1)
    )
    assert found("premiere") == []
    # Time passing is not a save: nothing touches the index.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert found("premiere") == [article]


def test_a_deleted_article_disappears_from_results_and_index():
    article = ArticleFactory(headline="Premiere date set")
    article.delete()
    assert found("premiere") == []
    assert not SearchEntry.objects.filter(kind="article").exists()


def test_edits_and_new_tags_are_searchable_at_once():
    article = ArticleFactory(headline="Crew named")
    article.headline = "Crew named for the orbital shoot"
    article.save()
    assert found("orbital") == [article]
    article.tags.add("soyuz-ms-19")
    assert found("soyuz") == [article]
    article.tags.set(["crew-dragon"])  # what the admin form does
    assert found("soyuz") == []
    assert found("dragon") == [article]
    article.tags.clear()
    assert found("dragon") == []


def test_the_index_changes_in_the_same_transaction_as_the_content():
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory(headline="Premiere date set")
        assert len(found("premiere")) == 1
        raise RuntimeError("the editor's save fails")
    assert found("premiere") == []
    assert not SearchEntry.objects.exists()


@pytest.mark.parametrize(
    "query", ["Пересильд", "Peresild", "PERESÍLD", "peresíld", "Julia Peresild", "юлия"]
)
def test_people_by_native_name_alias_accents_and_case(query):
    person = PersonFactory(
        name="Yulia Peresild", native_name="Юлия Пересильд", aliases="Julia Peresild"
    )
    assert found(query) == [person]


def test_an_alias_finds_the_person():
    person = PersonFactory(name="Klim Shipenko", native_name="Клим Шипенко", aliases="Shepenko")
    assert found("Shepenko") == [person]


@pytest.mark.parametrize("kind", ["person", "organisation", "production"])
def test_every_other_name_finds_it_even_when_its_main_name_is_blank(kind):
    # A name of nothing but control characters is saved blank: its first alias still counts.
    factory, name_field = {
        "person": (PersonFactory, "name"),
        "organisation": (OrganisationFactory, "name"),
        "production": (ProjectFactory, "title"),
    }[kind]
    subject = factory(**{name_field: "\x97"}, aliases="Жанна\nZhanna")
    assert found("Жанна") == found("Zhanna") == [subject]


def test_productions_by_native_title_and_logline():
    challenge = ProjectFactory(
        title="Challenge", native_title="Вызов", logline="A surgeon flies to the ISS."
    )
    assert found("Вызов") == [challenge]
    assert found("вызов") == [challenge]
    assert found("surgeon") == [challenge]


def test_accented_content_is_found_without_accents():
    studio = OrganisationFactory(name="Société Générale de Cinéma")
    assert found("societe generale cinema") == [studio]


def test_an_exact_name_puts_its_kind_first():
    person = PersonFactory(name="Tom Cruise", description="actor", bio="An actor. " * 40)
    production = ProjectFactory(title="Tom Cruise space film")
    ArticleFactory.create_batch(5, headline="Tom Cruise", body="Tom Cruise. " * 5)
    ArticleFactory.create_batch(5)
    assert thing(index.search("tom cruise")[0:1][0]) == person
    assert thing(index.search("Tom Cruise Space Film")[0:1][0]) == production


def test_exact_names_and_aliases_put_their_kinds_first_in_a_fixed_order():
    studio = OrganisationFactory(name="Orbit Walker")
    walker = PersonFactory(name="Walker", aliases="Orbit Walker")
    ArticleFactory.create_batch(3, headline="Orbit Walker news")
    ProjectFactory(title="Orbit Walker returns")
    results = index.search("orbit walker")
    assert list(results.counts) == ["person", "organisation", "article", "project"]
    assert [thing(hit) for hit in results[0:2]] == [walker, studio]


def test_results_are_grouped_by_kind():
    PersonFactory(name="Orbit Person")
    ArticleFactory(headline="Orbit one")
    ProjectFactory(title="Orbit film")
    ArticleFactory(headline="Orbit two")
    kinds = [hit.kind for hit in index.search("orbit")[0:10]]
    assert sorted(set(kinds)) == ["article", "person", "project"]
    assert kinds == sorted(kinds, key=kinds.index)  # each kind in one run


def test_search_can_be_narrowed_to_one_kind_and_still_counts_all():
    person = PersonFactory(name="Orbit Person")
    ArticleFactory(headline="Orbit one")
    results = index.search("orbit", kinds=["person"])
    assert results.count() == 1
    assert [thing(hit) for hit in results[0:10]] == [person]
    assert results.counts == {"person": 1, "article": 1}


def test_rebuild_indexes_content_saved_without_signals():
    Person.objects.bulk_create([Person(name="Bulk Loaded", slug="bulk-loaded")])
    assert found("bulk") == []
    assert index.rebuild() == 1
    assert [person.name for person in found("bulk")] == ["Bulk Loaded"]


def test_admin_matching_includes_drafts():
    draft = ArticleFactory(headline="Premiere draft", status=Article.Status.DRAFT)
    ArticleFactory(headline="Something else")
    assert list(Article.objects.filter(pk__in=index.matching(Article, "premiere"))) == [draft]
    assert not Article.objects.filter(pk__in=index.matching(Article, "***")).exists()


def test_renamed_and_deleted_people_and_productions_follow():
    person = PersonFactory(name="Anton Shkaplerov")
    production = ProjectFactory(title="Untitled space film")
    person.aliases = "Shkaplerow"
    person.save()
    production.title = "Orbital Heist"
    production.save()
    assert found("shkaplerow") == [person]
    assert found("untitled") == []
    assert found("heist") == [production]
    person.delete()
    production.delete()
    assert found("shkaplerov") == found("heist") == []
    assert not SearchEntry.objects.exists()


def test_entries_follow_publication_and_keep_drafts_out_of_every_band():
    later = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    earlier = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    same_second = ArticleFactory(published_at=earlier.published_at)
    draft = ArticleFactory(draft=True)
    person = PersonFactory()
    ids = {(entry.kind, entry.object_id): entry.id for entry in SearchEntry.objects.all()}
    assert 1 <= ids["article", earlier.pk] < ids["article", same_second.pk]
    assert ids["article", same_second.pk] < ids["article", later.pk] < index.SUBJECTS
    assert ids["article", draft.pk] < 0
    assert ids["person", person.pk] >= index.SUBJECTS


def test_renumbering_an_index_gives_the_ids_saves_give():
    published_at = timezone.now() - timedelta(days=1)
    ArticleFactory.create_batch(3, published_at=published_at)
    ArticleFactory(draft=True)
    ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    PersonFactory()
    OrganisationFactory()
    ProjectFactory()
    saved = {(entry.kind, entry.object_id): entry.id for entry in SearchEntry.objects.all()}
    assert index.renumber(django_apps) == saved


def test_an_article_dated_in_text_is_found_in_its_place():
    # As a form or an import may give it: the row stores the same moment either way.
    older = ArticleFactory(headline="Premiere moved", published_at="2021-05-01T10:00:00+00:00")
    newer = ArticleFactory(headline="Premiere set", published_at="2021-06-01 10:00:00.5+00:00")
    # Both headlines hold the word: best matches are newest first too.
    assert found("premiere") == [newer, older]
    assert [hit.pk for hit in index.search("premiere", order=index.NEWEST)[0:5]] == [
        newer.pk,
        older.pk,
    ]
