"""Finding things in the admin: its search boxes read the site's search index (aliases,
Cyrillic, accents, drafts, bylines), and its pickers offer the best match first."""

import pytest
from django.urls import reverse

from articles.tests.factories import ArticleFactory, AuthorFactory, make_editor, make_writer
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ODD_TERMS = [
    "\x00\x01\x1b[31m",
    "x" * 1000,
    "Пересильд " * 100,
    "?!.,;:'\"()[]{}*%_",
    "\u202eevil\u202c",
    "\u200fפרסילד\u200f",
    "\ufeff\ud7ff",
    "   ",
]
CHANGELISTS = ["articles_article", "people_person", "people_organisation", "projects_project"]
PICKERS = ["authors", "people", "organisations", "projects"]
# The session and its login, the bylines' names (articles), the counts, the page and what its
# rows show (tags, bylines, filters, the date hierarchy).
SEARCH_BOX_QUERIES = {
    "articles_article": 14,
    "people_person": 7,
    "people_organisation": 7,
    "projects_project": 8,
}


def found(client, changelist, query):
    response = client.get(reverse(f"admin:{changelist}_changelist"), {"q": query})
    assert response.status_code == 200
    return {obj.slug for obj in response.context["cl"].result_list}


def offered(client, field_name, term):
    """What the article form's picker for `field_name` offers for `term`, in order."""
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "articles", "model_name": "article", "field_name": field_name},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    ("changelist", "query", "slugs"),
    [
        ("people_person", "Пересильд", {"yulia-peresild"}),
        # Klim Shipenko's biography names her.
        ("people_person", "PERESÍLD", {"yulia-peresild", "klim-shipenko"}),
        # An alias the demo records, as the public search finds him by it.
        ("people_person", "Shepenko", {"klim-shipenko"}),
        ("people_organisation", "Роскосмос", {"roscosmos"}),
        ("people_organisation", "PERVYÍ KANAL", {"channel-one"}),
        ("projects_project", "Вызов", {"challenge"}),
        ("projects_project", "VÝZOV", {"challenge"}),
        ("projects_project", "The Challenge", {"challenge"}),
    ],
)
def test_each_search_box_finds_what_the_index_finds(admin_client, demo, changelist, query, slugs):
    assert found(admin_client, changelist, query) == slugs


def test_the_public_search_finds_klim_shipenko_by_the_same_misspelling(client, demo):
    # The misspelling is an alias in both places: no fuzzy matching is claimed.
    response = client.get(reverse("search:search"), {"q": "Shepenko"})
    assert 'href="/people/klim-shipenko/"' in response.text


def test_article_search_finds_cyrillic_and_capital_accents(admin_client):
    ArticleFactory(slug="vyzov", headline="Premiere", body="Фильм «Вызов» вышел в прокат.")
    ArticleFactory(slug="peresild", headline="Casting", body="Yulia Peresild was chosen.")
    ArticleFactory(slug="other", headline="Nothing", body="Nothing here.")
    assert found(admin_client, "articles_article", "вызов") == {"vyzov"}
    assert found(admin_client, "articles_article", "PERESÍLD") == {"peresild"}


def test_drafts_are_found_in_the_admin_never_by_the_public_search(admin_client, client):
    draft = ArticleFactory(slug="secret", headline="Secret premiere plans", draft=True)
    assert found(admin_client, "articles_article", "premiere") == {"secret"}
    public = client.get(reverse("search:search"), {"q": "premiere"})
    assert "Secret premiere plans" not in public.text
    assert draft.get_absolute_url() not in public.text


def test_article_search_matches_bylines_drafts_included(admin_client, client):
    zoe = AuthorFactory(name="Zoë Marchetti")
    draft = ArticleFactory(slug="hers", headline="Launch window", authors=[zoe], draft=True)
    ArticleFactory(slug="hers-published", headline="Crew named", authors=[zoe])
    ArticleFactory(slug="other", headline="Zoe and the station", authors=[AuthorFactory()])
    assert found(admin_client, "articles_article", "Marchetti") == {"hers", "hers-published"}
    assert found(admin_client, "articles_article", "ZOE MARCH") == {"hers", "hers-published"}
    # Words in the articles still count: "Zoe" is in the third one's headline.
    assert found(admin_client, "articles_article", "zoe") == {"hers", "hers-published", "other"}
    public = client.get(reverse("search:search"), {"q": "Launch window"})
    assert "Nothing found for “Launch window”" in public.text
    assert draft.get_absolute_url() not in public.text


def test_a_writer_finds_only_their_own_articles_by_byline(client):
    writer = make_writer()
    make_editor()
    colleague = AuthorFactory(name="Zoë Marchetti")
    ArticleFactory(slug="mine", headline="Mine", byline=writer, draft=True)
    ArticleFactory(slug="theirs", headline="Theirs", authors=[colleague], draft=True)
    client.force_login(writer)
    assert found(client, "articles_article", "Wendy Writer") == {"mine"}
    assert found(client, "articles_article", "Marchetti") == set()


@pytest.mark.parametrize("term", ["Yulia", "Peres", "peresild", "ЮЛИЯ"])
def test_people_picker_offers_yulia_peresild_first(admin_client, demo, term):
    names = offered(admin_client, "people", term)
    assert names[0] == "Yulia Peresild"


def test_people_picker_still_offers_what_mentions_her_after(admin_client, demo):
    # Klim Shipenko comes first by name, but only his biography names her.
    assert offered(admin_client, "people", "Yulia") == ["Yulia Peresild", "Klim Shipenko"]


def test_pickers_rank_exact_then_name_start_then_word_start_then_the_rest(admin_client):
    OrganisationFactory(name="Apex Orbital", slug="apex")
    OrganisationFactory(name="Orbit", slug="orbit")
    OrganisationFactory(name="Orbital Films", slug="orbital")
    OrganisationFactory(name="Bright Side", slug="bright", aliases="Orbit Pictures")
    OrganisationFactory(name="Aardvark", slug="aardvark", description="Partners of Orbit.")
    assert offered(admin_client, "organisations", "orbit") == [
        "Orbit",
        "Bright Side",
        "Orbital Films",
        "Apex Orbital",
        "Aardvark",
    ]
    ProjectFactory(title="A station story", slug="a")
    ProjectFactory(title="Station Nineteen", slug="b")
    ProjectFactory(title="Anything", slug="c", logline="Set on a station.")
    assert offered(admin_client, "projects", "Stat") == [
        "Station Nineteen",
        "A station story",
        "Anything",
    ]


def test_byline_picker_ranks_and_folds_accents(admin_client):
    AuthorFactory(name="Anna Dana")
    AuthorFactory(name="Dana Whitfield")
    AuthorFactory(name="Dänae Smith")
    AuthorFactory(name="Someone Else")
    # "dana" may begin a word, as in the public search.
    assert offered(admin_client, "authors", "dana") == [
        "Dana Whitfield",
        "Dänae Smith",
        "Anna Dana",
    ]
    assert offered(admin_client, "authors", "DANAE") == ["Dänae Smith"]
    # Too short to begin a word: found as the list's own search finds it, inside a name.
    assert offered(admin_client, "authors", "Wh") == ["Dana Whitfield"]


def test_writer_is_still_offered_only_their_own_byline(client):
    writer = make_writer()
    AuthorFactory(name="Wendy Other")
    client.force_login(writer)
    assert offered(client, "authors", "Wendy") == ["Wendy Writer"]


@pytest.mark.parametrize("term", ODD_TERMS, ids=range(len(ODD_TERMS)))
def test_odd_input_answers_every_search_box_and_picker(admin_client, term):
    PersonFactory(name="Yulia Peresild")
    ArticleFactory(headline="Launch")
    for changelist in [*CHANGELISTS, "articles_author"]:
        response = admin_client.get(reverse(f"admin:{changelist}_changelist"), {"q": term})
        assert response.status_code == 200, changelist
    for field_name in PICKERS:
        offered(admin_client, field_name, term)


MAKERS = {
    "authors": lambda n: AuthorFactory(name=f"Dana Writer {n}"),
    "people": lambda n: PersonFactory(name=f"Dana Person {n}", description="Dana"),
    "organisations": lambda n: OrganisationFactory(name=f"Dana Studio {n}"),
    "projects": lambda n: ProjectFactory(title=f"Dana Film {n}"),
}
# The session and its login, then the picker: the bylines' names (authors), its count, its
# page and the page's tags (the others).
PICKER_QUERIES = {"authors": 5, "people": 5, "organisations": 5, "projects": 5}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("field_name", PICKERS)
def test_picker_queries_do_not_grow_with_matches(
    admin_client, django_assert_num_queries, field_name, size
):
    for number in range(size):
        MAKERS[field_name](number)
    with django_assert_num_queries(PICKER_QUERIES[field_name]):
        assert len(offered(admin_client, field_name, "dana")) == min(size, 20)


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_search_box_queries_do_not_grow_with_matches(
    admin_client, django_assert_num_queries, changelist, size
):
    author = AuthorFactory(name="Dana Whitfield")
    for number in range(size):
        ArticleFactory(headline=f"Dana {number}", authors=[author])
        PersonFactory(name=f"Dana Person {number}")
        OrganisationFactory(name=f"Dana Studio {number}")
        ProjectFactory(title=f"Dana Film {number}")
    url = reverse(f"admin:{changelist}_changelist")
    admin_client.get(url, {"q": "dana"})
    with django_assert_num_queries(SEARCH_BOX_QUERIES[changelist]):
        assert admin_client.get(url, {"q": "dana"}).status_code == 200
