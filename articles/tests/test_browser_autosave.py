"""Autosave in a real browser under the site's Content Security Policy: typed text survives a
dropped network and a closed tab, and leaving unsaved changes asks first."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Autosave

from .browser import log_in
from .factories import make_editor, make_writer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AUTOSAVED = re.compile(r"^Autosaved at \d\d:\d\d UTC$")


def test_a_new_article_survives_a_dropped_network_and_a_closed_tab(chromium, live_server):
    make_writer("wendy", "Wendy Writer")
    add_url = f"{live_server.url}{reverse('admin:articles_article_add')}"

    tab = log_in(chromium, live_server, "wendy")
    tab.goto(add_url)
    tab.fill("#id_headline", "Soyuz MS-19 rolls out")
    tab.fill("#id_body", "Engineers rolled the rocket out at dawn.")
    status = tab.locator(".autosave-status")
    expect(status).to_have_text(AUTOSAVED, timeout=15_000)
    tab.context.set_offline(True)
    tab.fill("#id_body", "Engineers rolled the rocket out at dawn. Then the wind rose.")
    expect(status).to_have_text("Not saved: offline — retrying.", timeout=15_000)
    tab.context.set_offline(False)
    expect(status).to_have_text(AUTOSAVED, timeout=20_000)
    assert tab.refused == []
    tab.context.close()
    assert not Article.objects.exists()

    tab = log_in(chromium, live_server, "wendy")
    tab.goto(add_url)
    offer = tab.locator(".autosave-offer")
    expect(offer).to_contain_text("You have unsaved changes from")
    expect(offer).to_contain_text("UTC")
    offer.get_by_role("button", name="Restore").click()
    expect(tab.locator("#id_headline")).to_have_value("Soyuz MS-19 rolls out")
    expect(tab.locator("#id_body")).to_have_value(
        "Engineers rolled the rocket out at dawn. Then the wind rose."
    )
    expect(tab.locator("#id_slug")).to_have_value("soyuz-ms-19-rolls-out")
    tab.click("input[name=_save]")
    tab.wait_for_selector(".messagelist")
    assert Article.objects.get().body == (
        "Engineers rolled the rocket out at dawn. Then the wind rose."
    )
    assert not Autosave.objects.exists()
    assert tab.refused == []
    tab.context.close()


def test_leaving_unsaved_changes_asks_first_and_a_save_does_not(chromium, live_server):
    make_editor("eddie", "Eddie Editor")
    add_url = f"{live_server.url}{reverse('admin:articles_article_add')}"
    index_url = f"{live_server.url}{reverse('admin:index')}"
    tab = log_in(chromium, live_server, "eddie")
    asked = []
    tab.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))

    tab.goto(add_url)
    tab.click("#id_headline")
    tab.keyboard.type("Half a headline")
    tab.goto(index_url)
    assert asked == ["beforeunload"]

    tab.goto(add_url)
    tab.click("#id_headline")
    tab.keyboard.type("A whole headline")
    tab.click("input[name=_save]")
    tab.wait_for_selector(".messagelist")
    tab.goto(index_url)
    assert asked == ["beforeunload"]
    article = Article.objects.get()
    assert article.headline == "A whole headline"

    # The change page's widgets (pickers, inlines, dates) are no change of the editor's.
    tab.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}")
    tab.click("#id_headline")
    tab.goto(index_url)
    assert asked == ["beforeunload"]
    assert tab.refused == []
    tab.context.close()
