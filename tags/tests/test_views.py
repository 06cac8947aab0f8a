import datetime
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from articles.tests.factories import ArticleFactory
from people.models import Organisation, Person
from people.tests.pages import html_of, section
from projects.models import Project
from tags.models import TagCarriers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/tags/", "/tags/roscosmos/"])
def test_tag_pages_answer_with_the_demo(newsroom, client, url):
    html = html_of(client, url)
    assert html.count("<h1") == 1
    assert '<form class="site-search" role="search" action="/search/" method="get">' in html
    assert 'name="q"' in html


def test_tag_index_counts_each_kind_and_ignores_hidden_articles(newsroom, client):
    ArticleFactory(status=Article.Status.DRAFT, tags=["only-in-drafts"])
    html = html_of(client, "/tags/")
    entry = re.search(r'href="/tags/challenge/".*?</li>', html, re.S).group(0)
    assert "5 articles, 2 people, 1 production" in entry
    assert "only-in-drafts" not in html


def test_tag_page_groups_everything_carrying_the_tag(newsroom, client):
    html = html_of(client, "/tags/challenge/")
    assert '<h1 id="page-heading">Challenge</h1>' in html
    articles = section(html, "articles-heading")
    assert articles.count('class="card-headline"') == 5
    challenge = Project.objects.get(slug="challenge")
    assert f'<a href="/projects/challenge/">{challenge.title}</a>' in section(
        html, "projects-heading"
    )
    people = section(html, "people-heading")
    assert '<a href="/people/yulia-peresild/">Yulia Peresild</a>' in people
    assert '<a href="/people/klim-shipenko/">Klim Shipenko</a>' in people
    assert "organisations-heading" not in html


def test_tag_page_lists_what_editors_typed_as_text(newsroom, client):
    person = Person.objects.create(
        name="<b>Ana & Co</b>", description='<script>alert("x")</script> actor'
    )
    person.tags.add("challenge")
    people = section(html_of(client, "/tags/challenge/"), "people-heading")
    assert (
        f'<li><a href="/people/{person.slug}/">&lt;b&gt;Ana &amp; Co&lt;/b&gt;</a> '
        '<span class="subject-note">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; actor</span>'
        "</li>"
    ) in people
    assert "<script>alert" not in people


def test_tag_page_follows_its_carriers_renamed(newsroom, client):
    """The lists are written when their rows change (tags/carriers.py): each change shows."""
    klim = Person.objects.get(slug="klim-shipenko")
    klim.name, klim.slug, klim.description = "Klim S.", "klim-s", "director & writer"
    klim.save()
    challenge = Project.objects.get(slug="challenge")
    challenge.title = "The Challenge"
    challenge.save()

    html = html_of(client, "/tags/challenge/")

    assert (
        '<li><a href="/people/klim-s/">Klim S.</a> '
        '<span class="subject-note">director &amp; writer</span></li>'
    ) in section(html, "people-heading")
    assert '<a href="/projects/challenge/">The Challenge</a>' in section(html, "projects-heading")


def test_tag_page_follows_its_carriers_tagged_untagged_and_deleted(newsroom, client):
    Person.objects.get(slug="yulia-peresild").delete()
    studio = Organisation.objects.create(name="Studio <One>")
    studio.tags.add("challenge")

    html = html_of(client, "/tags/challenge/")

    assert "Peresild" not in section(html, "people-heading")
    organisations = section(html, "organisations-heading")
    assert f'<a href="/organisations/{studio.slug}/">Studio &lt;One&gt;</a>' in organisations

    # taggit removes by the name as written (adding finds it in any case).
    studio.tags.remove("Challenge")
    Person.objects.get(slug="klim-shipenko").tags.clear()
    Project.objects.get(slug="challenge").delete()
    assert '<div class="sidebar">' not in html_of(client, "/tags/challenge/")


def test_a_deleted_tag_takes_what_its_page_listed_with_it(newsroom, client):
    Person.objects.get(slug="klim-shipenko").tags.add("one-off")
    Tag.objects.get(slug="one-off").delete()
    Person.objects.get(slug="klim-shipenko").tags.add("one-off")

    people = section(html_of(client, "/tags/one-off/"), "people-heading")
    assert people.count("<li>") == 1


def test_tag_page_hides_unpublished_articles(newsroom, client):
    ArticleFactory(
        headline="Scheduled",
        tags=["iss"],
        published_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ArticleFactory(headline="Unfinished", tags=["iss"], status=Article.Status.IN_REVIEW)
    html = html_of(client, "/tags/iss/")
    assert "Scheduled" not in html and "Unfinished" not in html


def test_tag_carried_only_by_hidden_articles_answers_404(newsroom, client):
    ArticleFactory(status=Article.Status.DRAFT, tags=["embargoed"])
    assert client.get("/tags/embargoed/").status_code == 404


def test_tag_with_a_cyrillic_name_has_a_page(newsroom, client):
    article = ArticleFactory(headline="Вызов в кино", tags=["Вызов"])
    html = html_of(client, article.get_absolute_url())
    assert 'href="/tags/%D0%B2%D1%8B%D0%B7%D0%BE%D0%B2/" rel="tag">Вызов</a>' in html
    assert "Вызов в кино" in html_of(client, "/tags/вызов/")


def test_tag_page_breadcrumbs_are_structured_data(newsroom, client):
    html = html_of(client, "/tags/nasa/")
    data = [json.loads(b) for b in re.findall(r'ld\+json">(.*?)</script>', html, re.S)]
    trail = data[-1]["itemListElement"]
    assert [(item["position"], item["name"]) for item in trail] == [
        (1, "Home"),
        (2, "Tags"),
        (3, "NASA"),
    ]
    assert trail[2]["item"] == "http://127.0.0.1:8000/tags/nasa/"


@pytest.mark.parametrize(
    "url", ["/tags/no-such-tag/", "/tags/" + "t" * 2000 + "/", "/tags/%E0%A4%A/"]
)
def test_unknown_tags_answer_404(newsroom, client, url):
    assert client.get(url).status_code == 404


def test_a_deep_tag_page_costs_the_same_queries_as_the_first(client, django_assert_num_queries):
    ArticleFactory.create_batch(45, tags=["long-running"])
    # Page 3 is read from the list's older end.
    # the tag with the productions, people and organisations carrying it, count, cards with
    # their bylines
    for page in (1, 3):
        with django_assert_num_queries(3):
            response = client.get(f"/tags/long-running/?page={page}")
        assert response.status_code == 200
        assert response.content.decode().count('class="card-headline"') == (20 if page == 1 else 5)


def test_tag_pages_record_what_they_show(newsroom, client):
    assert {"tags", "news"} <= client.get("/tags/").wsgi_request.dependencies
    tag = Tag.objects.get(slug="challenge")
    keys = client.get("/tags/challenge/").wsgi_request.dependencies
    assert {f"tag-{tag.pk}", f"tag-{tag.pk}-articles", f"tag-{tag.pk}-tagged"} <= keys
    for article in Article.objects.published().filter(tags=tag):
        assert f"article-{article.pk}" in keys
    for person in Person.objects.filter(tags=tag):
        assert f"person-{person.pk}" in keys
    for project in Project.objects.filter(tags=tag):
        assert f"project-{project.pk}" in keys


def test_refresh_tallies_checks_and_rewrites_what_carries_each_tag(newsroom, client):
    challenge = Tag.objects.get(slug="challenge")
    html = html_of(client, "/tags/challenge/")
    TagCarriers.objects.filter(tag=challenge).update(people="")

    report = io.StringIO()
    with pytest.raises(CommandError, match="refresh_tallies"):
        call_command("refresh_tallies", "--check", stdout=report)
    assert f"tags.carriers drifted: tag-{challenge.pk}\n" in report.getvalue()

    call_command("refresh_tallies", stdout=io.StringIO())
    call_command("refresh_tallies", "--check", stdout=io.StringIO())
    assert html_of(client, "/tags/challenge/") == html
