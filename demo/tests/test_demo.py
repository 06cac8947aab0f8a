import datetime
import io
import json
import os
import shutil

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone
from taggit.models import Tag

from articles.mentions import find_mentions
from articles.models import Article, Correction, Source
from people.models import Organisation, Person
from projects.models import Credit, Milestone, Project

pytestmark = pytest.mark.django_db

COUNTED = ["articles", "people", "projects", "taggit"]


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for label in COUNTED
        for model in apps.get_app_config(label).get_models()
    }


def quiet(*args, **options):
    with open(os.devnull, "w") as devnull:
        call_command(*args, stdout=devnull, stderr=devnull, **options)


def test_load_demo_twice_leaves_the_same_rows(demo):
    first = row_counts()
    quiet("load_demo")
    assert row_counts() == first
    assert first["articles.Article"] == 10
    assert first["people.Person"] == 9
    assert first["people.Organisation"] == 6
    assert first["projects.Project"] == 2
    assert first["projects.Milestone"] == 8
    assert first["projects.Credit"] == 7
    assert first["articles.Source"] == 5
    assert first["articles.Correction"] == 1


def test_demo_has_the_seed_article_in_russian_and_the_pair_link(demo, client):
    seed = Article.objects.get(slug="space-race-first-film-in-orbit")
    russian = Article.objects.get(translation_of=seed)
    assert (seed.language, russian.language) == ("en", "ru")
    assert russian.is_published() and seed.is_published()
    assert "Клим Шипенко" in russian.body and "1 октября" in russian.body
    english_page = client.get(seed.get_absolute_url()).content.decode()
    russian_page = client.get(russian.get_absolute_url()).content.decode()
    assert f'href="{russian.get_absolute_url()}"' in english_page
    assert "Читать по-русски" in english_page
    assert '<html lang="ru">' in russian_page and "Read in English" in russian_page


def test_demo_rivals_people_and_milestones(demo):
    challenge = Project.objects.get(slug="challenge")
    cruise = Project.objects.get(slug="tom-cruise-space-film")
    assert challenge.native_title == "Вызов"
    assert challenge.rival == cruise and cruise.rival == challenge
    assert set(challenge.backers.values_list("name", flat=True)) == {"Roscosmos", "Channel One"}
    assert set(cruise.backers.values_list("name", flat=True)) == {"NASA", "SpaceX"}
    shipenko = Person.objects.get(slug="klim-shipenko")
    assert "Shepenko" in shipenko.alias_list
    assert shipenko.credits.get().project == challenge
    missed = Milestone.objects.get(project=cruise, kind="launch")
    assert (missed.planned_for.isoformat(), missed.happened_on, missed.status) == (
        "2021-10-01",
        None,
        "slipped",
    )
    happened = {
        m.kind: m.happened_on.isoformat() for m in challenge.milestones.filter(status="happened")
    }
    assert happened["launch"] == "2021-10-05"
    assert happened["landing"] == "2021-10-17"
    assert happened["premiere"] == "2023-04-20"


def test_demo_articles_have_sources_corrections_images_and_tags(demo):
    published = Article.objects.published()
    assert published.count() == 9
    assert Article.objects.filter(status="draft").count() == 1
    seed = Article.objects.get(slug="space-race-first-film-in-orbit")
    assert seed.lead_image_credit == "Space Cinema graphics"
    assert {source.publisher for source in seed.sources.all()} == {"BBC News", "NBC News"}
    assert Correction.objects.filter(article=seed).exists()
    assert seed.corrected_at is not None
    assert all(article.lead_image and article.lead_image_alt for article in published)
    assert {"ISS", "Roscosmos", "NASA", "SpaceX", "casting", "training", "launch"} <= set(
        Tag.objects.values_list("name", flat=True)
    )


def test_generate_content_is_deterministic_for_a_seed(db):
    quiet("generate_content", "--articles", "120", "--seed", "7", "--no-progress")
    first = list(Article.objects.order_by("slug").values_list("slug", "headline", "published_at"))
    tags = sorted(Article.tags.through.objects.values_list("content_object__slug", "tag__name"))
    assert len(first) == 120
    assert Article.objects.published().count() > 100
    assert all(article.authors.exists() for article in Article.objects.all()[:20])
    Article.objects.all().delete()
    for model in apps.get_app_config("people").get_models():
        model.objects.all().delete()
    for model in apps.get_app_config("projects").get_models():
        model.objects.all().delete()
    apps.get_model("articles", "Author").objects.all().delete()
    quiet("generate_content", "--articles", "120", "--seed", "7", "--no-progress")
    assert first == list(
        Article.objects.order_by("slug").values_list("slug", "headline", "published_at")
    )
    assert tags == sorted(
        Article.tags.through.objects.values_list("content_object__slug", "tag__name")
    )


def test_generate_content_refuses_to_repeat_a_seed(db):
    quiet("generate_content", "--articles", "5", "--seed", "9", "--no-progress")
    with pytest.raises(CommandError, match="already"):
        quiet("generate_content", "--articles", "5", "--seed", "9", "--no-progress")


def stored_rows():
    """Every field of every article, person, organisation and production, as stored."""
    return {
        model._meta.label: sorted(model.objects.values_list(), key=repr)
        for model in (Article, Person, Organisation, Project, Milestone, Source, Credit)
    }


def test_load_demo_again_keeps_what_editors_changed(demo):
    seed = Article.objects.get(slug="space-race-first-film-in-orbit")
    seed.slug = "the-race-to-film-in-orbit"
    seed.headline = "The race to film in orbit, rewritten by the desk"
    seed.save()
    seed.people.remove(Person.objects.get(slug="elon-musk"))
    seed.tags.remove("training")
    Source.objects.filter(article=seed, publisher="NBC News").delete()
    draft = Article.objects.get(slug="what-next-for-cruise-space-film")
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - datetime.timedelta(minutes=1)
    draft.save()
    person = Person.objects.get(slug="doug-liman")
    person.bio = "Corrected by an editor."
    person.save()
    organisation = Organisation.objects.get(slug="nasa")
    organisation.description = "Edited by the desk."
    organisation.save()
    Credit.objects.filter(person__slug="elon-musk").delete()
    before = stored_rows()

    quiet("load_demo")

    assert stored_rows() == before
    assert Article.objects.filter(headline__startswith="The race to film in orbit").count() == 1
    assert not Article.objects.filter(slug="space-race-first-film-in-orbit").exists()
    assert Article.objects.published().filter(slug="what-next-for-cruise-space-film").exists()
    assert not seed.people.filter(slug="elon-musk").exists()
    assert "training" not in seed.tags.names()


def test_load_demo_adds_only_what_is_missing(db, settings, demo_media):
    shutil.copytree(demo_media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    Person.objects.create(name="Yulia Peresild", slug="yulia-peresild", bio="Our own page.")
    quiet("load_demo")
    assert Person.objects.get(slug="yulia-peresild").bio == "Our own page."
    assert Person.objects.count() == 9 and Article.objects.count() == 10


def test_load_demo_if_empty_fills_an_empty_newsroom_only(db, settings, demo_media):
    shutil.copytree(demo_media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    Organisation.objects.create(name="Our own studio")
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert Article.objects.count() == 0 and Person.objects.count() == 0
    Organisation.objects.all().delete()
    quiet("load_demo", "--if-empty")
    assert Article.objects.count() == 10


def test_demo_credits_the_pictures_it_draws_to_the_site(demo):
    credits = {
        *Article.objects.exclude(lead_image="").values_list("lead_image_credit", flat=True),
        *Person.objects.values_list("photo_credit", flat=True),
        *Organisation.objects.values_list("logo_credit", flat=True),
        *Project.objects.values_list("poster_credit", flat=True),
    }
    assert credits == {"Space Cinema graphics"}


def test_demo_sources_cite_publisher_and_date_without_invented_titles_or_addresses(demo, client):
    sources = Source.objects.select_related("article")
    assert sources.count() == 5
    assert {(source.title, source.url) for source in sources} == {("", "")}
    assert all(
        source.as_of is None or source.as_of <= source.article.published_at.date()
        for source in sources
    )
    seed = sources.filter(article__slug="space-race-first-film-in-orbit")
    assert {(s.publisher, s.as_of) for s in seed} == {
        ("BBC News", datetime.date(2021, 5, 17)),
        ("NBC News", datetime.date(2021, 5, 17)),
    }
    html = client.get("/news/space-race-first-film-in-orbit/").content.decode()
    listed = html[
        html.index('id="sources-heading"') : html.index(
            "</section>", html.index('id="sources-heading"')
        )
    ]
    assert "BBC News" in listed and "NBC News" in listed
    assert '<time datetime="2021-05-17">17 May 2021</time>' in listed
    assert "<cite>" not in listed and "href=" not in listed


def test_demo_gives_mcquarrie_no_role_on_the_cruise_film(demo):
    mcquarrie = Person.objects.get(slug="christopher-mcquarrie")
    assert not mcquarrie.credits.exists()
    assert mcquarrie.articles.filter(slug="space-race-first-film-in-orbit").exists()
    assert not Credit.objects.filter(role=Credit.Role.WRITER).exists()


def test_demo_structured_data_calls_nasa_and_spacex_partners_not_production_companies(demo, client):
    html = client.get("/projects/tom-cruise-space-film/").content.decode()
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    movie = (
        data
        if data.get("@type") == "Movie"
        else next(item for item in data["@graph"] if item["@type"] == "Movie")
    )
    assert "productionCompany" not in movie
    assert {partner["name"] for partner in movie["sponsor"]} == {"NASA", "SpaceX"}


def test_demo_articles_link_every_subject_they_name(demo):
    for article in Article.objects.all():
        named = find_mentions(article.headline, article.standfirst, article.body)
        assert set(named) <= set(article.subjects()), article.slug
        for subject in find_mentions(article.body):
            assert f'href="{subject.get_absolute_url()}"' in article.body_html, (
                article.slug,
                str(subject),
            )
