"""Markdown footnotes in an article's body: in-page links a reader can follow both ways."""

import importlib
import re
from html import unescape

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from articles import feed_entries
from articles.models import Article, Correction
from articles.tests.factories import ArticleFactory, CorrectionFactory
from articles.tests.tally_oracle import differences
from newsroom.tests.checks import checker_messages
from newsroom.text import render_markdown
from people.models import Person
from people.tests.factories import PersonFactory
from search import index

pytestmark = pytest.mark.django_db


def ids_on(page):
    return set(re.findall(r'\sid="([^"]+)"', page))


def test_a_footnote_is_a_superscript_link_to_a_note_that_links_back(client):
    article = ArticleFactory(
        body="The Soyuz docked in two orbits[^1].\n\n[^1]: A fast rendezvous, first flown in 2012"
    )

    page = client.get(article.get_absolute_url()).content.decode()

    reference = re.search(r'<sup><a href="#(fn[^"]*)" id="(fnref[^"]*)"[^>]*>\[1\]</a></sup>', page)
    assert reference, page
    note, back = reference.groups()
    assert note in ids_on(page)
    item = re.search(rf'<li id="{note}">(.*?)</li>', page, re.S)
    assert "A fast rendezvous, first flown in 2012" in item[1]
    assert f'href="#{back}"' in item[1]
    assert "docked in two orbits" in page and "^1" not in page


def test_a_reference_to_a_note_nobody_wrote_stays_plain_text():
    html = render_markdown("The crew returned[^2].\n\n[^1]: Only this note exists.")

    assert "The crew returned[^2]." in unescape(html)
    assert 'href="#fn' not in html.split("returned")[1].split("</p>")[0]


def test_a_reference_definition_that_looks_like_a_footnote_is_no_longer_a_broken_link():
    html = render_markdown("Text[^note]\n\n[^note]: somewhere")

    assert 'href="somewhere"' not in html
    assert 'href="#fn1"' in html


@pytest.mark.parametrize(
    "note",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '[x](#fn1" onmouseover="alert(1))',
    ],
)
def test_hostile_text_in_a_footnote_runs_no_script(note):
    html = render_markdown(f"Text[^x]\n\n[^x]: {note}")

    tags = re.findall(r"<[^>]*>", html)
    assert not [tag for tag in tags if tag.startswith(("<script", "<img"))]
    assert not [tag for tag in tags if "javascript:" in tag or re.search(r"\son\w+=", tag)]
    assert {re.search(r'href="([^"]*)"', tag)[1] for tag in tags if tag.startswith("<a ")} == {
        "#fn1",
        "#fnref1",
    }
    assert 'href="#fn1"' in html


def test_only_the_footnotes_own_ids_and_in_page_links_survive():
    html = render_markdown("A[^a] and B[^b].\n\n[^a]: one\n[^b]: two [home](/)")

    assert ids_on(html) == {"fn1", "fn2", "fnref1", "fnref2"}
    assert 'href="/"' in html
    assert "class=" not in html and "style=" not in html


@pytest.mark.parametrize("ext", ["rss", "atom", "json"])
def test_a_feed_item_links_its_footnotes_to_the_article_page(client, ext):
    article = ArticleFactory(body="Docked[^1].\n\n[^1]: After two orbits.")

    feed = client.get(reverse(f"feeds:news-{ext}")).content.decode()

    page = f"http://testserver{article.get_absolute_url()}"
    assert f"{page}#fn1" in unescape(feed.replace("\\/", "/"))
    assert f"{page}#fnref1" in unescape(feed.replace("\\/", "/"))
    assert "After two orbits." in feed
    assert feed_entries.drift() == []
    assert differences() == []


def test_text_stored_before_footnotes_is_rendered_again_by_the_migration(client):
    person = PersonFactory(name="Yulia Peresild", bio="Flew once[^1].\n\n[^1]: In 2021.")
    article = ArticleFactory(
        body="Yulia Peresild docked[^1].\n\n[^1]: Tachyon orbit.", people=[person]
    )
    correction = CorrectionFactory(article=article, text="Fixed[^c].\n\n[^c]: Earlier.")
    # As they were stored before: each "[^1]" a link to the address its note gave.
    Article.objects.filter(pk=article.pk).update(body_html='<p><a href="Tachyon">^1</a></p>')
    Correction.objects.filter(pk=correction.pk).update(text_html='<p><a href="Earlier.">^c</a></p>')
    Person.objects.filter(pk=person.pk).update(bio_html='<p><a href="In">^1</a></p>')
    feed_entries.refresh([article.pk])
    index.index_objects(Article, [article.pk])
    index.index_objects(Person, [person.pk])
    assert [hit.name for hit in index.search("tachyon")[0:5]] == []

    migration = importlib.import_module("articles.migrations.0019_footnotes_rendered")
    migration.render_footnotes(django_apps, None)

    page = client.get(article.get_absolute_url()).content.decode()
    assert '<li id="fn1">' in page and 'href="#fn1"' in page
    assert f'href="{person.get_absolute_url()}"' in page
    note = re.search(r'<li id="([^"]+)"><p>Earlier\.', page)[1]
    assert f'href="#{note}"' in page
    assert '<li id="fn1">' in client.get(person.get_absolute_url()).content.decode()
    feed = client.get(reverse("feeds:news-rss")).content.decode()
    assert "Tachyon orbit." in feed and "Earlier." in feed
    assert [hit.name for hit in index.search("tachyon")[0:5]] == [article.headline]
    assert feed_entries.drift() == []
    assert differences() == []


def test_a_correction_s_footnotes_link_to_its_own_notes_not_the_body_s(client):
    article = ArticleFactory(body="Docked[^1].\n\n[^1]: Body note.")
    CorrectionFactory(article=article, text="Launched a day late[^1].\n\n[^1]: Correction note.")
    CorrectionFactory(article=article, text="Crew of three[^1].\n\n[^1]: Second note.")

    page = client.get(article.get_absolute_url()).content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for text in ("Body note.", "Correction note.", "Second note."):
        note = re.search(rf'<li id="([^"]+)"><p>{text}', page)[1]
        assert page.count(f'href="#{note}"') == 1


def test_an_article_page_with_footnotes_is_valid_html(client, tmp_path):
    article = ArticleFactory(body="Docked[^1] on time[^1].\n\n[^1]: Body note.")
    CorrectionFactory(article=article, text="Launched a day late[^1].\n\n[^1]: Correction note.")
    page = tmp_path / "article.html"
    page.write_bytes(client.get(article.get_absolute_url()).content)

    assert checker_messages([page]) == []
