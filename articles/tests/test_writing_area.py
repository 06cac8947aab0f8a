"""The writing area of the article page (issue 15): wide fields, the server's preview of the
body, its length in words and minutes, and the public address the slug makes."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from articles.admin.writing import PREVIEW_LIMIT
from newsroom.text import count_words, reading_minutes
from people.tests.factories import PersonFactory

from .factories import ArticleFactory, make_reader, make_writer

pytestmark = pytest.mark.django_db

BODY = (
    "*Challenge* was shot aboard the station by Klim Shipenko, with Yulia Peresild as the "
    "surgeon sent up to save a cosmonaut[^1].\n\n"
    "## Twelve days\n\n"
    "The crew filmed **35 minutes** of the picture in orbit[^shoot].\n\n"
    "[^1]: The first feature film shot in orbit.\n"
    "[^shoot]: Between 5 and 17 October 2021."
)


def add_preview_url():
    return reverse("admin:articles_article_preview_body")


def preview_url(article):
    return reverse("admin:articles_article_preview_body", args=[article.pk])


def public_body(article):
    """The body as the article's public page shows a reader, around its whitespace."""
    page = Client().get(article.get_absolute_url()).content.decode()
    return re.search(r'<div class="article-body prose">\s*(.*?)\s*</div>', page, re.S)[1]


def test_the_preview_of_a_saved_article_is_its_public_pages_body(editor_client):
    peresild = PersonFactory(name="Yulia Peresild", slug="yulia-peresild")
    article = ArticleFactory(body="Nothing yet.", people=[peresild])
    article.body = BODY
    article.save()
    article.refresh_mention_links()

    response = editor_client.post(preview_url(article), {"body": BODY})

    assert response.status_code == 200
    html = response.json()["html"]
    assert html.strip() == public_body(article)
    assert 'href="/people/yulia-peresild/"' in html
    assert "<strong>35 minutes</strong>" in html
    assert '<li id="fn1">' in html and 'href="#fnref1"' in html


def test_the_preview_on_the_add_page_is_what_the_saved_article_would_show(editor_client):
    response = editor_client.post(add_preview_url(), {"body": BODY})
    article = ArticleFactory(body=BODY)

    assert response.status_code == 200
    assert response.json()["html"].strip() == public_body(article)


def test_the_preview_is_of_the_text_as_a_save_would_normalise_it(editor_client):
    pasted = "Shot in orbit\u2028by the crew\r\n\r\nof *Challenge*\x07."

    html = editor_client.post(add_preview_url(), {"body": pasted}).json()["html"]

    assert html == ArticleFactory(body=pasted).body_html
    assert "\x07" not in html


class Markup(HTMLParser):
    """Every tag and attribute of a fragment, as a browser would parse them."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


HOSTILE = """\
<script>alert("body")</script>

[a link](javascript:alert(1)) and [another](JAVASCRIPT:alert(2)) and <javascript:alert(3)>

![picture](javascript:alert(4)) <img src=x onerror="alert(5)">

<a href="javascript:alert(6)" onclick="alert(7)">raw</a> <iframe src="https://example.com"></iframe>

<svg onload="alert(8)"></svg> <style>body{display:none}</style> <div onmouseover="alert(9)">x</div>

[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox)

[^1]: <script>alert(10)</script> [note link](javascript:alert(11))

A note[^1].
"""


def test_hostile_markdown_previews_inert(editor_client):
    response = editor_client.post(add_preview_url(), {"body": HOSTILE})

    assert response.status_code == 200
    tags = Markup(response.json()["html"]).tags
    names = {name for name, _ in tags}
    assert not names & {"script", "iframe", "svg", "style", "div", "object", "embed"}
    for name, attributes in tags:
        assert not [key for key in attributes if key.startswith("on")], (name, attributes)
        for key in ("href", "src"):
            address = (attributes.get(key) or "").strip().lower()
            assert not address.startswith(("javascript:", "data:", "vbscript:")), (name, address)
    # Typed markup is shown as the text it is, not dropped without a trace.
    assert "&lt;script&gt;" in response.json()["html"]


def test_a_body_of_200000_characters_previews(editor_client):
    paragraph = (
        "Yulia Peresild and Klim Shipenko flew to the station on Soyuz MS-19 to shoot "
        "**Challenge**, the first feature film made in orbit[^1].\n\n"
    )
    body = paragraph * (200_000 // len(paragraph)) + "[^1]: October 2021."
    body += "x" * (200_000 - len(body))
    assert len(body) == 200_000

    response = editor_client.post(add_preview_url(), {"body": body})

    assert response.status_code == 200
    answer = response.json()
    assert answer["html"].count("<strong>Challenge</strong>") == 200_000 // len(paragraph)
    assert answer["words"] == count_words(body)
    assert answer["minutes"] == reading_minutes(answer["words"]) > 60


def test_a_body_past_the_limit_is_refused_with_a_message(editor_client):
    response = editor_client.post(add_preview_url(), {"body": "word " * (PREVIEW_LIMIT // 5 + 1)})

    assert response.status_code == 400
    assert "too long to preview" in response.json()["error"]
    assert f"{PREVIEW_LIMIT:,}" in response.json()["error"]


def test_a_request_without_a_body_is_refused_with_a_message(editor_client):
    response = editor_client.post(add_preview_url(), {})

    assert response.status_code == 400
    assert response.json()["error"] == "No body was sent to preview."


def test_the_preview_returns_the_words_and_minutes_of_the_body(editor_client):
    body = "**Challenge** — shot in 12 days.\n\n- Klim Shipenko's crew\n- #\n" + "word " * 456

    answer = editor_client.post(add_preview_url(), {"body": body}).json()

    # Challenge, shot, in, 12, days., Klim, Shipenko's, crew: a dash, "-" and "#" are no words.
    assert answer["words"] == 8 + 456
    assert answer["minutes"] == 3


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("Пересильд снялась в фильме «Вызов»", 5),
        ("Yulia\u00a0Peresild\u2003and\u3000Klim", 4),
        ("## — * - 1", 1),
        ("[^1]: note", 2),
    ],
)
def test_words_are_runs_between_spaces_with_a_letter_or_digit(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize(("words", "minutes"), [(0, 0), (1, 1), (230, 1), (231, 2), (2300, 10)])
def test_reading_time_is_whole_minutes_at_230_words_a_minute(words, minutes):
    assert reading_minutes(words) == minutes


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.post(add_preview_url(), {"body": "**x**"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_reader_without_staff_status_is_sent_to_log_in(client):
    client.force_login(make_reader())

    response = client.post(add_preview_url(), {"body": "**x**"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_permission_to_write_articles_is_refused(client):
    client.force_login(get_user_model().objects.create_user("guest", is_staff=True))
    article = ArticleFactory()

    assert client.post(add_preview_url(), {"body": "**x**"}).status_code == 403
    assert client.post(preview_url(article), {"body": "**x**"}).status_code == 403


def test_a_writer_previews_their_own_draft_but_not_a_colleagues(writer_client, writer):
    own = ArticleFactory(draft=True, byline=writer)
    colleagues = ArticleFactory(draft=True, byline=make_writer("other", "Olga Other"))

    assert writer_client.post(preview_url(own), {"body": "**x**"}).status_code == 200
    response = writer_client.post(preview_url(colleagues), {"body": "**x**"})
    assert response.status_code == 404
    assert "x" not in response.json().get("html", "")


def test_a_writer_may_not_preview_into_their_published_article(writer_client, writer):
    published = ArticleFactory(byline=writer)

    assert writer_client.post(preview_url(published), {"body": "**x**"}).status_code == 403


def test_the_preview_needs_a_post_with_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.get(add_preview_url()).status_code == 405
    assert client.post(add_preview_url(), {"body": "**x**"}).status_code == 403


def writing_area(page):
    return json.loads(
        re.search(r'id="writing-area" type="application/json">(.*?)</script>', page)[1]
    )


def test_the_change_page_has_the_wide_fields_and_the_writing_areas_files(editor_client):
    article = ArticleFactory(draft=True)

    page = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()

    assert re.search(r'<input type="text" name="headline"[^>]*class="[^"]*writing-headline', page)
    assert re.search(r'<textarea name="body" cols="40" rows="30" class="[^"]*writing-body', page)
    assert re.search(r'<textarea name="standfirst"[^>]*class="[^"]*writing-standfirst', page)
    assert "/static/articles/admin/writing.js" in page
    assert "/static/articles/admin/writing.css" in page
    assert " style=" not in page.split('id="content"')[1]
    config = writing_area(page)
    assert config["previewUrl"] == preview_url(article)
    assert config["addressBefore"] + article.slug + config["addressAfter"] == (
        "http://127.0.0.1:8000" + article.get_absolute_url()
    )
    assert config["followsHeadline"] is True and config["locked"] is False


def test_a_published_articles_address_is_locked_and_the_server_still_asks(editor_client):
    article = ArticleFactory()

    page = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()

    config = writing_area(page)
    assert config["locked"] is True and config["followsHeadline"] is False
    assert config["savedSlug"] == article.slug


def test_the_add_page_previews_at_its_own_address(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()

    config = writing_area(page)
    assert config["previewUrl"] == add_preview_url()
    assert config["followsHeadline"] is True and config["locked"] is False
    assert config["wordsPerMinute"] == 230
