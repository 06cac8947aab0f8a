"""The writing area in a real browser under the site's Content Security Policy: the server's
preview of the body, its word count, and the slug's public address."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from newsroom.text import count_words

from .factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def address(slug):
    return f"{settings.SITE_URL}/news/{slug}/"


def test_the_body_previews_as_readers_will_see_it_and_is_counted(desk, live_server):
    desk.goto(f"{live_server.url}{reverse('admin:articles_article_add')}")
    body = "Shot **in orbit** in twelve days[^1].\n\n[^1]: Aboard the International Space Station."

    desk.locator("#id_body").press_sequentially(body, delay=5)

    preview = desk.locator("#writing-preview-body")
    expect(preview.locator("strong")).to_have_text("in orbit")
    expect(preview.locator("li[id=fn1]")).to_contain_text("Aboard the International Space Station")
    expect(desk.locator("#writing-count")).to_have_text(f"{count_words(body)} words · 1 min read")
    assert desk.refused == []


def test_the_slug_follows_the_headline_of_a_draft(desk, live_server):
    article = ArticleFactory(draft=True, headline="Soyuz rolls out", slug="soyuz-rolls-out")
    desk.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}")
    expect(desk.locator("#writing-address-url")).to_have_text(address("soyuz-rolls-out"))

    desk.fill("#id_headline", "Challenge crew reaches the station")

    expect(desk.locator("#id_slug")).to_have_value("challenge-crew-reaches-the-station")
    expect(desk.locator("#writing-address-url")).to_have_text(
        address("challenge-crew-reaches-the-station")
    )
    desk.fill("#id_slug", "challenge-docking")
    desk.fill("#id_headline", "Challenge crew docks")
    expect(desk.locator("#id_slug")).to_have_value("challenge-docking")
    expect(desk.locator("#writing-address-url")).to_have_text(address("challenge-docking"))
    assert desk.refused == []


def test_a_published_articles_slug_is_locked_until_changed_deliberately(desk, live_server):
    article = ArticleFactory(headline="Peresild lands", slug="peresild-lands")
    desk.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}")
    slug = desk.locator("#id_slug")

    desk.fill("#id_headline", "Peresild and Shipenko land in Kazakhstan")

    expect(slug).to_have_value("peresild-lands")
    expect(slug).not_to_be_editable()
    desk.click("text=Change the address")
    expect(slug).to_be_editable()
    slug.fill("peresild-shipenko-land")
    expect(desk.locator("#writing-address-url")).to_have_text(address("peresild-shipenko-land"))
    assert desk.refused == []


def test_hostile_markdown_in_the_body_runs_nothing_in_the_preview(desk, live_server):
    dialogs = []
    desk.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    desk.goto(f"{live_server.url}{reverse('admin:articles_article_add')}")

    desk.fill(
        "#id_body",
        '<img src=x onerror="alert(1)"> <script>alert(2)</script> '
        "[click](javascript:alert(3)) ![x](javascript:alert(4)) **done**",
    )

    preview = desk.locator("#writing-preview-body")
    expect(preview.locator("strong")).to_have_text("done")
    desk.click("#writing-preview-body >> text=click")
    assert preview.locator("img, script, [onerror], a[href^=javascript]").count() == 0
    assert dialogs == []


def test_the_count_while_typing_is_the_servers_and_survives_a_dropped_preview(desk, live_server):
    desk.goto(f"{live_server.url}{reverse('admin:articles_article_add')}")
    desk.route("**/preview-body/", lambda route: route.abort())
    body = "## Вызов\n\nЮлия\u00a0Пересильд — *Challenge*, 2021 - # **12** days[^1]\n\n[^1]: Klim's"

    desk.fill("#id_body", body)

    expect(desk.locator("#writing-preview-status")).to_have_text(
        "The preview could not be reached; your text is unchanged."
    )
    expect(desk.locator("#writing-count")).to_have_text(f"{count_words(body)} words · 1 min read")
    expect(desk.locator("#id_body")).to_have_value(body)
