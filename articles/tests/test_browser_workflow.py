"""End to end in a real browser: a writer files a story, an editor publishes it, readers
and subscribers get it."""

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article

from .browser import log_in
from .factories import make_editor, make_writer

# The live server reads what the test writes, so the data is committed; serialized_rollback
# puts back the roles the migration made once the test has flushed the tables.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_writer_submits_and_editor_publishes(chromium, live_server):
    make_writer("wendy", "Wendy Writer")
    make_editor("eddie", "Eddie Editor")

    writer = log_in(chromium, live_server, "wendy")
    writer.goto(f"{live_server.url}{reverse('admin:articles_article_add')}")
    writer.fill("#id_headline", "Soyuz MS-19 rolls out to the pad")
    writer.fill("#id_standfirst", "The rocket that will carry the film crew is upright.")
    writer.fill("#id_body", "Engineers rolled the rocket out at dawn.")
    writer.click("input[name=_submit_for_review]")
    writer.wait_for_selector(".messagelist")
    assert "is now in review" in writer.inner_text(".messagelist")
    article = Article.objects.get(headline="Soyuz MS-19 rolls out to the pad")
    assert article.status == Article.Status.IN_REVIEW
    assert [author.name for author in article.authors.all()] == ["Wendy Writer"]
    assert writer.locator("input[name=_publish]").count() == 0
    writer.context.close()

    editor = log_in(chromium, live_server, "eddie")
    editor.goto(f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}")
    editor.click("input[name=_publish]")
    # No subjects and no sources: the checklist holds it back until the editor overrides
    # (tests/test_browser_checklist.py).
    editor.check("#id_publish_despite_warnings")
    editor.click("input[name=_publish]")
    editor.wait_for_selector(".messagelist")
    assert "is now published" in editor.inner_text(".messagelist")
    editor.context.close()

    assert list(Article.objects.published()) == [article]
    reader = chromium.new_page()
    reader.goto(f"{live_server.url}/")
    reader.click("text=Soyuz MS-19 rolls out to the pad")
    reader.wait_for_url(f"{live_server.url}{article.get_absolute_url()}")
    assert "Engineers rolled the rocket out at dawn." in reader.inner_text("main")
    feed = reader.request.get(f"{live_server.url}{reverse('feeds:news-atom')}")
    entries = feedparser.parse(feed.body()).entries
    assert [entry.title for entry in entries] == ["Soyuz MS-19 rolls out to the pad"]
    reader.close()
