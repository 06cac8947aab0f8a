"""The checklist in a real browser under the site's Content Security Policy: an editor presses
publish on a draft with a note to the desk in it, is held back, overrides and publishes."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Author

from .browser import log_in
from .factories import ArticleFactory, make_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_is_held_back_by_a_warning_then_publishes_anyway(chromium, live_server):
    make_editor("eddie", "Eddie Editor")
    article = ArticleFactory(
        draft=True,
        headline="Challenge crew back on Earth",
        body="Yulia Peresild landed in Kazakhstan.\n\nTODO check with Roscosmos",
        authors=[Author.objects.create(name="Anna Orbit", slug="anna-orbit")],
    )
    editor = log_in(chromium, live_server, "eddie")
    editor.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}")

    editor.click("input[name=_publish]")

    expect(editor.locator(".errornote:not([hidden])")).to_be_visible()
    notes = editor.locator("#publish-checklist tr", has_text="Notes to the desk")
    expect(notes).to_contain_text("Warning")
    expect(notes.locator("q")).to_have_text("TODO check with Roscosmos")
    assert not Article.objects.published().exists()
    # Nothing typed was lost: the body is still there to publish.
    expect(editor.locator("#id_body")).to_have_value(article.body)

    editor.check("#id_publish_despite_warnings")
    editor.click("input[name=_publish]")

    expect(editor.locator(".messagelist")).to_contain_text("is now published")
    assert list(Article.objects.published()) == [article]
    editor.context.close()
