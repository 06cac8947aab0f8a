"""What a result shows is kept with its index entry: every change a reader could see in it
reaches the results page, however the entry is written."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory
from search.models import SearchEntry

URL = reverse("search:search")
TRIGGERS = {
    "search_searchentry_fts_insert",
    "search_searchentry_fts_delete",
    "search_searchentry_fts_update",
}


def results(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return response.text


@pytest.mark.django_db
def test_a_renamed_reslugged_redated_article_reads_as_it_is_now_and_unpublished_is_gone(client):
    article = ArticleFactory(
        headline="Soyuz crew named",
        slug="soyuz-crew-named",
        standfirst="Two actors and a cosmonaut.",
        body="The Soyuz launches in October.",
        published_at=datetime(2021, 5, 13, 9, 0, tzinfo=UTC),
    )
    page = results(client, "soyuz")
    assert '<a href="/news/soyuz-crew-named/"><mark>Soyuz</mark> crew named</a>' in page
    assert '<time datetime="2021-05-13T09:00:00+00:00">13 May 2021</time>' in page
    assert "The <mark>Soyuz</mark> launches in October." in page

    article.headline = "Soyuz crew confirmed"
    article.slug = "soyuz-crew-confirmed"
    article.standfirst = "The Soyuz will carry two actors."
    article.published_at = datetime(2021, 6, 2, 18, 30, tzinfo=UTC)
    article.save()
    page = results(client, "soyuz")
    assert '<a href="/news/soyuz-crew-confirmed/"><mark>Soyuz</mark> crew confirmed</a>' in page
    assert '<time datetime="2021-06-02T18:30:00+00:00">2 June 2021</time>' in page
    assert "The <mark>Soyuz</mark> will carry two actors." in page
    assert "soyuz-crew-named" not in page and "13 May 2021" not in page

    article.status = Article.Status.DRAFT
    article.save()
    page = results(client, "soyuz")
    assert "crew confirmed" not in page and "Nothing found" in page


@pytest.mark.django_db
def test_renamed_and_redescribed_subjects_read_as_they_are_now(client):
    person = PersonFactory(name="Anton Shkaplerov", slug="anton", description="cosmonaut")
    organisation = OrganisationFactory(name="Orbit Studio", description="Makes films.")
    production = ProjectFactory(title="Orbit Film", logline="A film shot in orbit.")

    person.name = "Anton N. Shkaplerov"
    person.slug = "anton-shkaplerov"
    person.aliases = "Shkaplerow"
    person.description = "commander of the Soyuz"
    person.save()
    organisation.description = "Makes films about orbit."
    organisation.save()
    production.logline = "Shot aboard the station, in orbit."
    production.save()

    page = results(client, "shkaplerow", kind="person")
    assert '<a href="/people/anton-shkaplerov/">Anton N. Shkaplerov</a>' in page
    assert "Also known as <mark>Shkaplerow</mark>" in page
    assert "commander of the Soyuz" in results(client, "shkaplerov")
    page = results(client, "orbit")
    assert "Makes films about <mark>orbit</mark>." in page
    assert "Shot aboard the station, in <mark>orbit</mark>." in page


@pytest.mark.django_db
def test_results_survive_a_renamed_tag_a_deleted_tag_and_a_rebuild(client):
    ArticleFactory(headline="Premiere date set", slug="premiere", tags=["film festival"])
    PersonFactory(name="Klim Shipenko", description="director", tags=["film festival"])
    page = results(client, "premiere")
    tag = Tag.objects.get(name="film festival")
    tag.name = "cinema festival"
    tag.save()
    renamed = results(client, "cinema")
    assert '<a href="/news/premiere/">Premiere date set</a>' in renamed
    assert ">Klim Shipenko</a>" in renamed and ">director</p>" in renamed
    assert results(client, "premiere") == page
    tag.delete()
    assert results(client, "premiere") == page
    SearchEntry.objects.update(result=None)
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert results(client, "premiere") == page


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_an_existing_index_and_keeps_it_in_step(client):
    ArticleFactory(headline="Orbit diary", slug="orbit-diary", standfirst="Day one in orbit.")
    PersonFactory(name="Orbit Walker", slug="orbit-walker", aliases="Orbital Walker")
    before = results(client, "orbit")
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0004_begun_words_and_merged_index")])
    executor.loader.build_graph()
    # Every app's latest: going back also unapplied the migrations of other apps that follow
    # search's (articles'), which the site's models need.
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert not SearchEntry.objects.filter(result=None).exists()
    assert results(client, "orbit") == before
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert {name for (name,) in cursor.fetchall()} >= TRIGGERS
    article = Article.objects.get()
    article.headline = "Spacewalk diary"
    article.save()
    page = results(client, "spacewalk")
    assert '<a href="/news/orbit-diary/"><mark>Spacewalk</mark> diary</a>' in page
    assert "Orbit diary" not in results(client, "orbit")


@pytest.mark.django_db
def test_rebuild_check_lists_results_written_in_another_time_zone_until_rebuilt(client, settings):
    article = ArticleFactory(
        headline="Launch slips", published_at=datetime(2021, 5, 13, 22, 0, tzinfo=UTC)
    )
    person = PersonFactory(name="Launch Director")
    call_command("rebuild_search_index", "--check", stdout=io.StringIO())

    settings.TIME_ZONE = "Europe/Moscow"
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 search results differ"):
        call_command("rebuild_search_index", "--check", stdout=out)
    assert out.getvalue() == f"result drifted: article {article.pk}\n"
    assert "13 May 2021" in results(client, "launch")

    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("rebuild_search_index", "--check", stdout=io.StringIO())
    page = results(client, "launch")
    assert '<time datetime="2021-05-14T01:00:00+03:00">14 May 2021</time>' in page
    assert f'href="{person.get_absolute_url()}"' in page
