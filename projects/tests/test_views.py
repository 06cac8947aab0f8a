import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.tests.factories import OrganisationFactory, PersonFactory
from people.tests.pages import assert_well_formed, html_of, page, section
from projects.models import Credit, Milestone, Project

from .factories import CreditFactory, MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def drawn_timeline(response):
    """The inline SVG of a page, as XML."""
    svg = re.search(r"<svg.*?</svg>", response.content.decode(), re.DOTALL).group(0)
    return ET.fromstring(svg)


def shapes(svg, tag, kind):
    return [shape for shape in svg.iter(SVG + tag) if kind in shape.get("class", "").split()]


def title_of(shape):
    return shape.find(SVG + "title").text


def test_production_page_shows_poster_crew_backers_timeline_and_coverage(client, demo):
    challenge = Project.objects.get(slug="challenge")
    response = client.get(challenge.get_absolute_url())

    read = assert_well_formed(response, "Movie")
    html = response.content.decode()
    assert read.h1s == ["Challenge"]
    assert "Вызов" in html
    assert "Released" in html
    assert read.all("img", alt=challenge.poster_alt)
    assert "<dt>Director</dt>" in html
    assert reverse("people:detail", kwargs={"slug": "klim-shipenko"}) in read.links
    assert reverse("people:organisation-detail", kwargs={"slug": "roscosmos"}) in read.links
    assert "Launch on Soyuz MS-19" in html
    assert "Challenge premieres in Russia" in html or "premiere" in html.lower()
    movie = read.schema("Movie")
    assert movie["director"][0]["name"] == "Klim Shipenko"
    assert {backer["name"] for backer in movie["sponsor"]} == {"Roscosmos", "Channel One"}


def test_production_page_links_its_rival_and_the_race(client, demo):
    read = page(client.get(reverse("projects:detail", kwargs={"slug": "tom-cruise-space-film"})))

    assert reverse("projects:detail", kwargs={"slug": "challenge"}) in read.links
    assert reverse("projects:race") in read.links
    assert reverse("feeds:project-rss", kwargs={"slug": "tom-cruise-space-film"}) in read.links


def test_only_the_pair_the_race_page_shows_links_to_it(client, demo):
    documentary = ProjectFactory(title="Orbit Diaries", slug="orbit-diaries")
    ProjectFactory(title="Station Story", slug="station-story", rival=documentary)

    def rival_line(slug):
        text = client.get(f"/projects/{slug}/").content.decode()
        return re.search(r'<p class="rival">.*?</p>', text, re.S).group()

    assert '<a href="/projects/station-story/">Station Story</a>' in rival_line("orbit-diaries")
    assert "/race/" not in rival_line("orbit-diaries")
    assert 'href="/race/"' in rival_line("challenge")


def test_production_page_shows_the_missed_launch(client, demo):
    response = client.get(reverse("projects:detail", kwargs={"slug": "tom-cruise-space-film"}))

    assert "Missed: has not happened" in response.content.decode()
    (slip,) = shapes(drawn_timeline(response), "line", "timeline-slip--missed")
    assert "1 October 2021" in title_of(slip)


def test_production_list_links_each_production_and_its_rival(client, demo):
    read = assert_well_formed(client.get(reverse("projects:list")))

    assert reverse("projects:detail", kwargs={"slug": "challenge"}) in read.links
    assert reverse("projects:detail", kwargs={"slug": "tom-cruise-space-film"}) in read.links
    assert reverse("projects:race") in read.links


def test_race_puts_the_rivals_side_by_side_with_published_coverage_counts(client, demo):
    ArticleFactory(
        headline="Unpublished race notes",
        status=Article.Status.DRAFT,
        projects=list(Project.objects.all()),
    )

    response = client.get(reverse("projects:race"))

    read = assert_well_formed(response)
    html = response.content.decode()
    assert read.h1s == ["The race to film in space"]
    assert {
        reverse("projects:detail", kwargs={"slug": "challenge"}),
        reverse("projects:detail", kwargs={"slug": "tom-cruise-space-film"}),
        reverse("people:detail", kwargs={"slug": "yulia-peresild"}),
        reverse("people:organisation-detail", kwargs={"slug": "nasa"}),
        reverse("feeds:race-json"),
    } <= read.links
    assert ">8 articles<" in html  # Challenge (the Cruise film's missed launch names it too)
    assert ">5 articles<" in html  # the Cruise film: its draft and the new one do not count
    assert "<caption>Every milestone of both productions" in html
    films = read.schema("ItemList")["itemListElement"]
    assert [film["item"]["name"] for film in films] == ["Challenge", "Tom Cruise space film"]


def test_race_timeline_draws_both_lanes_promises_reality_and_the_missed_launch(client, demo):
    svg = drawn_timeline(client.get(reverse("projects:race")))

    lanes = [lane.find(SVG + "text").text for lane in shapes(svg, "g", "timeline-lane")]
    assert lanes == ["Challenge", "Tom Cruise space film"]
    happened = {title_of(marker) for marker in shapes(svg, "circle", "timeline-marker--happened")}
    assert "Challenge: Launch on Soyuz MS-19, 5 October 2021" in happened
    assert "Challenge: Landing on Soyuz MS-18, 17 October 2021" in happened
    assert all(
        marker.get("fill") == "currentColor"
        for marker in shapes(svg, "circle", "timeline-marker--happened")
    )
    (promise,) = shapes(svg, "circle", "timeline-marker--planned")
    assert promise.get("fill") == "none"
    assert "Launch to the ISS, planned for 1 October 2021" in title_of(promise)
    assert "timeline-lane--1" in promise.get("class")
    (slip,) = shapes(svg, "line", "timeline-slip--missed")
    (today,) = shapes(svg, "line", "timeline-today")
    assert slip.get("x1") == promise.get("cx")
    assert slip.get("y1") == promise.get("cy")
    assert slip.get("x2") == today.get("x1")
    assert slip.get("stroke-dasharray")


def test_race_timeline_labels_every_year_from_the_first_milestone_on(client, demo):
    svg = drawn_timeline(client.get(reverse("projects:race")))

    years = [label.text for label in shapes(svg, "text", "timeline-tick-label")]
    # The Cruise film was announced in May 2020: the axis starts in 2020 and says so.
    assert years[:3] == ["2020", "2021", "2022"]


def test_race_timeline_and_table_show_what_editors_type_as_text(client):
    first = ProjectFactory(title="A <b>very</b> long production title & more")
    second = ProjectFactory(title='Second "film"', rival=first)
    announcer = PersonFactory(name="<i>Announcer</i>")
    MilestoneFactory(
        project=second,
        title="<script>alert(1)</script> launch",
        planned_for=datetime.date(2021, 1, 5),
        happened_on=datetime.date(2021, 1, 9),
        status=Milestone.Status.HAPPENED,
        claimed_by=announcer,
    )
    MilestoneFactory(
        project=first,
        title="Rehearsal",
        planned_for=datetime.date(2031, 3, 1),
        happened_on=None,
        status=Milestone.Status.PLANNED,
    )

    response = client.get(reverse("projects:race"))

    html = response.content.decode()
    assert "<script>alert" not in html and "<i>Announcer" not in html
    svg = drawn_timeline(response)
    lanes = [lane.find(SVG + "text").text for lane in shapes(svg, "g", "timeline-lane")]
    assert lanes == ["A <b>very</b> long pr…", 'Second "film"']
    (happened,) = shapes(svg, "circle", "timeline-marker--happened")
    assert title_of(happened) == 'Second "film": <script>alert(1)</script> launch, 9 January 2021'
    assert (
        '<th scope="row">&lt;script&gt;alert(1)&lt;/script&gt; launch '
        '<span class="claimed-by">(announced by <a href="/people/'
    ) in html
    assert "&lt;i&gt;Announcer&lt;/i&gt;</a>)</span></th>" in html


def test_race_without_rivals_explains_itself(client):
    ProjectFactory(title="A production on its own")

    response = client.get(reverse("projects:race"))

    assert response.status_code == 200
    assert "There is no race to show yet" in response.content.decode()
    assert "<svg" not in response.content.decode()


def test_race_between_rivals_without_dates_says_so(client):
    first, second = ProjectFactory(title="First film"), ProjectFactory(title="Second film")
    first.rival = second
    first.save()

    response = client.get(reverse("projects:race"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Neither production has announced a date yet" in html
    assert "First film" in html and "Second film" in html
    assert "<svg" not in html


@pytest.mark.parametrize("slug", ["no-such-production", "a" * 2000])
def test_unknown_production_is_not_found(client, slug):
    assert client.get(reverse("projects:detail", kwargs={"slug": slug})).status_code == 404


@pytest.mark.parametrize("page_number", ["abc", "0", "999999"])
def test_impossible_page_numbers_are_not_found(client, page_number):
    project = ProjectFactory()
    for url in (reverse("projects:list"), project.get_absolute_url()):
        assert client.get(url, {"page": page_number}).status_code == 404, url


def test_a_draft_never_shows_in_a_production_s_coverage(client):
    project = ProjectFactory()
    CreditFactory(project=project)
    ArticleFactory(headline="Out now", projects=[project])
    ArticleFactory(headline="Not yet", status=Article.Status.IN_REVIEW, projects=[project])

    html = client.get(project.get_absolute_url()).content.decode()

    assert "Out now" in html
    assert "Not yet" not in html


def test_pages_run_the_same_number_of_queries_with_ten_times_the_content(
    client, demo, grow_demo, django_assert_num_queries
):
    queries = {
        # the count, productions with their rivals, backers
        reverse("projects:list"): 3,
        # the production with its rival and tags, its credits, backers and milestones in one,
        # coverage count, cards with their bylines
        reverse("projects:detail", kwargs={"slug": "challenge"}): 4,
        # the rivals, their credits, backers and milestones in one, their coverage counts in one
        reverse("projects:race"): 3,
    }
    for url, expected in queries.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200

    grow_demo(10)

    for url, expected in queries.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
    race = client.get(reverse("projects:race")).content.decode()
    assert ">98 articles<" in race
    markers = shapes(
        drawn_timeline(client.get(reverse("projects:race"))), "circle", "timeline-marker"
    )
    assert len(markers) > 80


def test_crew_is_grouped_by_role_in_the_newsroom_s_order(client):
    project = ProjectFactory()
    CreditFactory(project=project, role=Credit.Role.ACTOR, order=1, person__name="An Actor")
    CreditFactory(project=project, role=Credit.Role.WRITER, order=2, person__name="A Writer")
    CreditFactory(project=project, role=Credit.Role.DIRECTOR, order=3, person__name="A Director")

    crew = section(html_of(client, project.get_absolute_url()), "crew-heading")

    assert re.findall(r"<dt>(.*?)</dt>", crew) == ["Director", "Actor", "Writer"]
    assert crew.index("A Director") < crew.index("An Actor") < crew.index("A Writer")


def test_crew_and_backers_show_what_editors_typed_as_text(client):
    project = ProjectFactory()
    actor = PersonFactory(name="Ana <b>& Co</b>")
    CreditFactory(project=project, person=actor, character='"Zhenya" <i>')
    CreditFactory(project=project, role=Credit.Role.DIRECTOR, person__name="A Director")
    studio = OrganisationFactory(name="Studio & <One>")
    project.backers.add(studio)

    html = html_of(client, project.get_absolute_url())

    assert (
        '<dl class="crew">\n      \n      <div>\n        <dt>Director</dt>\n        <dd><a href="'
    ) in section(html, "crew-heading")
    assert (
        f'<dt>Actor</dt>\n        <dd><a href="{actor.get_absolute_url()}">'
        "Ana &lt;b&gt;&amp; Co&lt;/b&gt;</a>, as &#34;Zhenya&#34; &lt;i&gt;</dd>\n      </div>"
    ) in section(html, "crew-heading")
    kind = studio.get_kind_display().lower()
    assert (
        f'<ul class="backer-list"><li><a href="{studio.get_absolute_url()}">'
        f"Studio &amp; &lt;One&gt;</a> ({kind})</li></ul>"
    ) in section(html, "backers-heading")


def test_production_pages_and_the_race_name_what_they_show(client):
    first, second = ProjectFactory(), ProjectFactory()
    first.rival = second
    first.save()
    credit = CreditFactory(project=first)
    backer = OrganisationFactory()
    first.backers.add(backer)
    announcer = PersonFactory()
    MilestoneFactory(project=second, claimed_by=announcer)
    article = ArticleFactory(projects=[first])
    bylines = {f"author-{author.pk}" for author in article.authors.all()}

    def keys(url):
        response = client.get(url)
        assert response.status_code == 200
        return response.wsgi_request.dependencies

    assert keys(first.get_absolute_url()) == {
        f"project-{first.pk}",
        f"project-{first.pk}-articles",
        f"project-{second.pk}",
        "race",
        f"person-{credit.person_id}",
        f"organisation-{backer.pk}",
        f"article-{article.pk}",
        *bylines,
        # Missed promises and the timeline's "today" turn at midnight.
        "today",
    }
    assert f"person-{announcer.pk}" in keys(second.get_absolute_url())
    assert keys(reverse("projects:race")) == {
        "race",
        f"project-{first.pk}",
        f"project-{second.pk}",
        f"project-{first.pk}-articles",
        f"project-{second.pk}-articles",
        f"person-{credit.person_id}",
        f"organisation-{backer.pk}",
        f"person-{announcer.pk}",
        "today",
    }
    assert keys(reverse("projects:list")) == {
        "projects",
        f"project-{first.pk}",
        f"project-{second.pk}",
        f"organisation-{backer.pk}",
    }


def test_a_missed_promise_shows_from_the_first_moment_of_the_next_day(client):
    """These pages change at midnight (the site's time zone) with no edit: a page cache must
    not keep them past the day they were drawn on."""
    first, second = ProjectFactory(), ProjectFactory()
    first.rival = second
    first.save()
    announcer = PersonFactory()
    MilestoneFactory(
        project=first,
        claimed_by=announcer,
        planned_for=datetime.date(2025, 6, 1),
        happened_on=None,
        status=Milestone.Status.PLANNED,
    )
    pages = [first.get_absolute_url(), reverse("projects:race"), announcer.get_absolute_url()]
    last_minute = datetime.datetime(2025, 6, 1, 23, 59, tzinfo=datetime.UTC)

    with time_machine.travel(last_minute, tick=False):
        on_the_day = [html_of(client, url) for url in pages]
    with time_machine.travel(last_minute + datetime.timedelta(minutes=1), tick=False):
        next_day = [html_of(client, url) for url in pages]

    assert not any("issed: has not happened" in html for html in on_the_day)
    assert all("issed: has not happened" in html for html in next_day)
    assert all("timeline-slip--missed" in html for html in next_day[:2])


def test_milestones_are_listed_by_the_day_they_happened_else_were_promised_undated_last(client):
    project = ProjectFactory(title="Orbit")
    undated = MilestoneFactory(project=project, title="Undated", planned_for=None)
    later = MilestoneFactory(
        project=project, title="Later", planned_for=None, happened_on=datetime.date(2021, 5, 1)
    )
    promised = MilestoneFactory(
        project=project, title="Promised", planned_for=datetime.date(2020, 1, 1)
    )
    early = MilestoneFactory(
        project=project,
        title="Early",
        planned_for=datetime.date(2021, 1, 1),
        happened_on=datetime.date(2020, 6, 1),
    )
    same_day = MilestoneFactory(
        project=project, title="Same day", planned_for=datetime.date(2020, 1, 1)
    )
    table = section(html_of(client, project.get_absolute_url()), "timeline-heading")

    titles = re.findall(r'<th scope="row">([^<]+)', table)

    assert titles == [m.title for m in (promised, same_day, early, later, undated)]


def test_race_sides_show_what_editors_type_as_text_and_say_what_is_not_announced(client):
    first = ProjectFactory(title="First <film>", native_title="Первый & <i>", status="filming")
    second = ProjectFactory(title="Second film", native_title="")
    first.rival = second
    first.save()
    CreditFactory(
        project=first, role=Credit.Role.COSMONAUT, person__name="A <b>cosmonaut</b>", order=1
    )
    first.backers.add(OrganisationFactory(name="Space & Co"))
    ArticleFactory(projects=[first])

    html = html_of(client, reverse("projects:race"))
    sides = re.findall(r'<section class="race-side.*?</section>', html, re.DOTALL)

    assert len(sides) == 2
    link = f'<a href="{first.get_absolute_url()}">First &lt;film&gt;</a>'
    assert f'<h2 id="side-0">{link}</h2>' in sides[0]
    assert '<p class="native-name">Первый &amp; &lt;i&gt;</p>' in sides[0]
    assert '<span class="status status--filming">Filming</span>' in sides[0]
    assert "A &lt;b&gt;cosmonaut&lt;/b&gt;</a> (cosmonaut / astronaut)</dd>" in sides[0]
    assert ">Space &amp; Co</a></dd>" in sides[0]
    assert ">1 article</a>" in sides[0]
    assert "native-name" not in sides[1]
    assert sides[1].count("<dd>None announced</dd>") == 2
    assert ">0 articles</a>" in sides[1]
