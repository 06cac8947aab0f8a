"""In a real browser under the site's Content Security Policy: an editor sends a piece back with
a note, the writer gets the email from the outbox through a real SMTP server, follows its link
and reads the note on the article."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from articles.workflow import EDITOR, WRITER, enrol
from newsroom import outbox

from .browser import log_in
from .factories import PASSWORD, ArticleFactory
from .mailbox import plain_text, smtp_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_sends_a_piece_back_and_the_writer_reads_the_note(
    chromium, live_server, settings
):
    settings.SITE_URL = live_server.url
    writer = enrol(
        "wendy", WRITER, name="Wendy Writer", email="wendy@example.org", password=PASSWORD
    )[0]
    enrol("eddie", EDITOR, name="Eddie Editor", email="eddie@example.org", password=PASSWORD)
    article = ArticleFactory(
        draft=True,
        status=Article.Status.IN_REVIEW,
        byline=writer,
        headline="Crew returns to Earth",
    )
    change_page = reverse("admin:articles_article_change", args=[article.pk])

    with smtp_server(settings) as mailbox:
        editor = log_in(chromium, live_server, "eddie")
        editor.goto(f"{live_server.url}{change_page}")
        editor.fill("#id_note", "The landing site is wrong: Zhezkazgan, not Baikonur.")
        editor.click("input[name=_send_back]")
        expect(editor.locator(".messagelist")).to_contain_text("is now draft")
        editor.context.close()
        # What the outbox worker does beside the site.
        outbox.drain()

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    [(addresses, message)] = mailbox.messages
    assert addresses == ["wendy@example.org"]
    assert message["Subject"] == "“Crew returns to Earth” sent back by Eddie Editor"
    body = plain_text(message)
    assert "The landing site is wrong: Zhezkazgan, not Baikonur." in body
    link = re.search(r"http://\S+", body).group()
    assert link == f"{live_server.url}{change_page}"

    page = log_in(chromium, live_server, "wendy")
    page.goto(link)
    notes = page.locator("#review-notes tbody tr")
    expect(notes).to_have_count(1)
    expect(notes.first).to_contain_text("Eddie Editor")
    expect(notes.first).to_contain_text("Sent back")
    expect(notes.first).to_contain_text("The landing site is wrong: Zhezkazgan, not Baikonur.")
    page.context.close()
