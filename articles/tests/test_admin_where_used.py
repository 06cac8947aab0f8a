"""Where a subject is used: the admin pages of a person, an organisation, a production and a
tag list the articles naming it, published and not, linked to their change pages, with counts;
the delete confirmation shows the same list first. A fixed number of queries however many."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory

from .factories import ArticleFactory, make_editor, make_writer

pytestmark = pytest.mark.django_db


def subject_of(kind):
    if kind == "person":
        return PersonFactory(name="Yulia Peresild"), "people_person", "people"
    if kind == "organisation":
        return OrganisationFactory(name="Roscosmos"), "people_organisation", "organisations"
    if kind == "project":
        return ProjectFactory(title="Challenge"), "projects_project", "projects"
    return Tag.objects.create(name="ISS"), "taggit_tag", "tags"


def tagged(subject, field):
    """The factory keyword that puts `subject` on an article."""
    return {field: [subject.name] if field == "tags" else [subject]}


def where_used(html):
    """The where-used list as an editor reads it: (heading, [(headline, link, state)])."""
    block = re.search(r'<div class="module where-used".*?</div>', html, re.S)
    if block is None:
        return None, []
    heading = unescape(re.sub(r"\s+", " ", re.search(r"<h2>(.*?)</h2>", block[0], re.S)[1]))
    rows = [
        (unescape(headline), href, unescape(state.strip()))
        for href, headline, state in re.findall(
            r'<td><a href="([^"]+)">(.*?)</a></td>\s*<td>(.*?)</td>', block[0], re.S
        )
    ]
    return heading, rows


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def editor(client):
    return login(client, make_editor())


@pytest.mark.parametrize("kind", ["person", "organisation", "project", "tag"])
def test_the_change_page_lists_the_articles_using_it_published_and_not(editor, kind):
    subject, admin_name, field = subject_of(kind)
    live = ArticleFactory(headline="Crew <launches> to the ISS", **tagged(subject, field))
    draft = ArticleFactory(headline="Filming plans", draft=True, **tagged(subject, field))
    scheduled = ArticleFactory(
        headline="Landing day",
        published_at=timezone.now() + datetime.timedelta(days=2),
        **tagged(subject, field),
    )
    ArticleFactory(headline="Unrelated story")

    html = editor.get(reverse(f"admin:{admin_name}_change", args=[subject.pk])).text

    heading, rows = where_used(html)
    assert heading == "Used in 3 articles (1 published, 2 not)"
    assert {headline: (href, state.split(" ")[0]) for headline, href, state in rows} == {
        "Crew <launches> to the ISS": (
            reverse("admin:articles_article_change", args=[live.pk]),
            "Published",
        ),
        "Filming plans": (reverse("admin:articles_article_change", args=[draft.pk]), "Draft"),
        "Landing day": (
            reverse("admin:articles_article_change", args=[scheduled.pk]),
            "Scheduled",
        ),
    }
    assert "Crew &lt;launches&gt; to the ISS" in html


@pytest.mark.parametrize("kind", ["person", "organisation", "project", "tag"])
def test_the_delete_confirmation_shows_the_articles_first(editor, kind):
    subject, admin_name, field = subject_of(kind)
    ArticleFactory(headline="Crew launches", **tagged(subject, field))
    ArticleFactory(headline="Filming plans", draft=True, **tagged(subject, field))

    html = editor.get(reverse(f"admin:{admin_name}_delete", args=[subject.pk])).text

    heading, rows = where_used(html)
    assert heading == "Used in 2 articles (1 published, 1 not)"
    assert sorted(headline for headline, _, _ in rows) == ["Crew launches", "Filming plans"]
    assert html.index('class="module where-used"') < html.index("Are you sure")


def test_a_subject_nothing_uses_says_so(editor):
    subject, admin_name, _ = subject_of("person")

    heading, rows = where_used(
        editor.get(reverse(f"admin:{admin_name}_change", args=[subject.pk])).text
    )

    assert heading == "Used in 0 articles"
    assert rows == []


def test_a_writer_sees_only_the_articles_the_article_admin_shows_them(client):
    writer = make_writer()
    colleague = make_writer("colleague", "Colin Colleague")
    person = PersonFactory(name="Klim Shipenko")
    ArticleFactory(headline="My draft", draft=True, byline=writer, people=[person])
    ArticleFactory(headline="A colleague's draft", draft=True, byline=colleague, people=[person])
    ArticleFactory(headline="A colleague's story", byline=colleague, people=[person])
    login(client, writer)

    html = client.get(reverse("admin:people_person_change", args=[person.pk])).text

    heading, rows = where_used(html)
    assert heading == "Used in 1 article (0 published, 1 not)"
    assert [headline for headline, _, _ in rows] == ["My draft"]
    assert "A colleague" not in html


# Queries of each page with any number of articles using the subject: the login and its
# permissions, the subject (with its inlines on the change page), Django's own lists, and the
# two of the where-used list (its counts, its newest rows). A delete page also collects the
# readers' email alerts following the subject, which go with it.
QUERIES = {
    ("person", "change"): 10,
    ("organisation", "change"): 9,
    ("project", "change"): 12,
    ("tag", "change"): 12,
    ("person", "delete"): 12,
    ("organisation", "delete"): 12,
    ("project", "delete"): 14,
    ("tag", "delete"): 15,
}


@pytest.mark.parametrize("kind", ["person", "organisation", "project", "tag"])
@pytest.mark.parametrize("page", ["change", "delete"])
@pytest.mark.parametrize("articles", [3, 30])
def test_the_pages_run_a_fixed_number_of_queries(
    editor, kind, page, articles, django_assert_num_queries
):
    subject, admin_name, field = subject_of(kind)
    for number in range(articles):
        ArticleFactory(draft=number % 2 == 0, **tagged(subject, field))
    url = reverse(f"admin:{admin_name}_{page}", args=[subject.pk])
    # Content types are cached for the process after their first use, by any page.
    editor.get(url)

    with django_assert_num_queries(QUERIES[kind, page]):
        response = editor.get(url)

    assert where_used(response.text)[0].startswith(f"Used in {articles} articles")


def test_a_library_image_lists_the_articles_showing_it_as_lead_or_in_the_body(editor):
    from newsroom.tests.test_image_library import library_image

    image = library_image(alt="The crew after landing")
    lead = ArticleFactory(headline="Crew lands", lead_library_image=image)
    in_body = ArticleFactory(
        headline="Twelve days in pictures", draft=True, body=f"Home.\n\n![](image:{image.pk})"
    )
    ArticleFactory(headline="Unrelated story", body=f"![](image:{image.pk + 1})")

    html = editor.get(reverse("admin:newsroom_image_change", args=[image.pk])).text

    heading, rows = where_used(html)
    assert heading == "Used in 2 articles (1 published, 1 not)"
    assert {headline: href for headline, href, _ in rows} == {
        "Crew lands": reverse("admin:articles_article_change", args=[lead.pk]),
        "Twelve days in pictures": reverse("admin:articles_article_change", args=[in_body.pk]),
    }

    lead.delete()
    deleting = editor.get(reverse("admin:newsroom_image_delete", args=[image.pk])).text
    heading, rows = where_used(deleting)
    assert heading == "Used in 1 article (0 published, 1 not)"
    assert [headline for headline, _, _ in rows] == ["Twelve days in pictures"]
    assert deleting.index('class="module where-used"') < deleting.index("Are you sure")
