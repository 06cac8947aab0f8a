"""In a real browser under the site's CSP: two editors open one article, the first saves, and the
second's refused save shows both changes side by side at 1280 px, their words still in the form."""

import pytest
import reversion
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article

from .browser import log_in
from .factories import ArticleFactory, make_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG_ADDRESS = "https://www.roscosmos.ru/media/" + "ChallengeFilmCrew" * 20


def test_the_refused_editor_sees_both_changes_without_scrolling_sideways(chromium, live_server):
    make_editor("anna", "Anna Peresild")
    make_editor("boris", "Boris Shipenko")
    with reversion.create_revision():
        article = ArticleFactory(
            draft=True,
            headline="Challenge: the first feature film shot in orbit",
            body="Yulia Peresild and Klim Shipenko flew to the station.\n\n"
            "They filmed for 12 days.",
        )
    url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    anna = log_in(chromium, live_server, "anna")
    boris = log_in(chromium, live_server, "boris")
    anna.goto(url)
    boris.goto(url)

    anna.fill(
        "#id_body",
        "Yulia Peresild and Klim Shipenko flew to the station on Soyuz MS-19.\n\n"
        "They filmed for 12 days.",
    )
    anna.click("input[name=_continue]")
    anna.wait_for_selector(".messagelist")
    boris.fill(
        "#id_body",
        "Yulia Peresild and Klim Shipenko flew to the station.\n\n"
        f"They filmed for twelve days. Source: {LONG_ADDRESS}",
    )
    boris.click("input[name=_continue]")

    expect(boris.locator(".errornote:not([hidden])")).to_be_visible()
    expect(boris.locator(".conflict-theirs ins")).to_have_text(" on Soyuz MS-19")
    expect(boris.locator(".conflict-yours ins").first).to_have_text("twelve")
    expect(boris.locator("#id_body")).to_have_value(
        "Yulia Peresild and Klim Shipenko flew to the station.\n\n"
        f"They filmed for twelve days. Source: {LONG_ADDRESS}"
    )
    theirs = boris.locator(".conflict-theirs").bounding_box()
    yours = boris.locator(".conflict-yours").bounding_box()
    assert theirs["x"] + theirs["width"] <= yours["x"], "the two columns stand side by side"
    assert abs(theirs["y"] - yours["y"]) < 1
    assert boris.evaluate("document.documentElement.scrollWidth") <= 1280
    assert Article.objects.get(pk=article.pk).body.endswith("for 12 days.")

    boris.goto(url)
    boris.fill("#id_body", f"They filmed for 12 days. Source: {LONG_ADDRESS}")
    boris.click("input[name=_continue]")
    boris.wait_for_selector(".messagelist")
    boris.goto(f"{live_server.url}{reverse('admin:articles_article_history', args=[article.pk])}")
    boris.click("input[value='Compare the two revisions']")
    expect(boris.locator(".word-diff ins").last).to_contain_text("ChallengeFilmCrew")
    assert boris.evaluate("document.documentElement.scrollWidth") <= 1280
    anna.context.close()
    boris.context.close()
