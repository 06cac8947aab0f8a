"""Announcements: an article published, corrected or unpublished is announced once to the
outbox's receivers (webhooks, email alerts), by the worker and never during the editor's save;
scheduled publications and expiries are announced when their moment passes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.announcements import article_announced
from articles.models import Article, Correction
from newsroom import outbox
from newsroom.models import OutboxMessage

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """What the receivers hear: (event, article id, correction text or None)."""
    heard = []

    def listen(sender, event, article, correction, **kwargs):
        heard.append((event, article.pk, correction.text if correction else None))

    article_announced.connect(listen, dispatch_uid="test-listener")
    yield heard
    article_announced.disconnect(dispatch_uid="test-listener")


def test_publishing_is_announced_once_by_the_worker_not_during_the_save(editor, announced):
    article = ArticleFactory(draft=True)
    article.publish(by=editor)
    assert announced == []
    assert outbox.due().filter(kind="article.event").count() == 1

    outbox.drain()
    outbox.drain()
    assert announced == [("published", article.pk, None)]

    # Saved again, still published: nothing new to announce.
    article.headline = "A new headline"
    article.save()
    outbox.drain()
    assert announced == [("published", article.pk, None)]


def test_unpublishing_and_publishing_again_are_each_announced(editor, announced):
    article = ArticleFactory(draft=True)
    article.publish(by=editor)
    outbox.drain()
    article.unpublish(by=editor)
    outbox.drain()
    article.publish(by=editor)
    outbox.drain()
    assert announced == [
        ("published", article.pk, None),
        ("unpublished", article.pk, None),
        ("published", article.pk, None),
    ]


def test_a_correction_to_a_published_article_is_announced_with_its_text(announced):
    article = ArticleFactory()
    outbox.drain()
    announced.clear()
    Correction.objects.create(article=article, text="The launch was on a Tuesday.")
    outbox.drain()
    assert announced == [("corrected", article.pk, "The launch was on a Tuesday.")]


def test_a_correction_to_a_draft_is_not_announced(announced):
    draft = ArticleFactory(draft=True)
    Correction.objects.create(article=draft, text="Not yet public.")
    outbox.drain()
    assert announced == []


def test_a_publication_taken_back_before_the_worker_sends_it_is_not_announced(editor, announced):
    article = ArticleFactory(draft=True)
    article.publish(by=editor)
    article.unpublish(by=editor)
    outbox.drain()
    # Readers never saw it; those told it is gone hear nothing about a story they never had.
    assert ("published", article.pk, None) not in announced


def test_a_scheduled_article_is_announced_when_its_moment_passes_and_once(editor, announced):
    article = ArticleFactory(draft=True)
    article.publish(by=editor, at=timezone.now() + timedelta(hours=1))
    outbox.drain()
    assert announced == []

    # Its moment passes with no save: the worker's look finds it by the database's clock.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    outbox.drain()
    outbox.drain()
    assert announced == [("published", article.pk, None)]


def test_a_rescheduled_article_announces_at_its_new_time(editor, announced):
    article = ArticleFactory(draft=True)
    first = timezone.now() - timedelta(minutes=5)
    article.publish(by=editor, at=first)
    outbox.drain()
    article.unpublish(by=editor)
    article.publish(by=editor, at=timezone.now() + timedelta(hours=2))
    outbox.drain()
    assert announced == [("published", article.pk, None), ("unpublished", article.pk, None)]

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    outbox.drain()
    assert announced[-1] == ("published", article.pk, None)
    assert len(announced) == 3


def test_an_expiry_is_announced_as_unpublished_when_it_passes(announced):
    article = ArticleFactory(expires_at=timezone.now() + timedelta(hours=1))
    outbox.drain()
    announced.clear()
    Article.objects.filter(pk=article.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    outbox.drain()
    outbox.drain()
    assert announced == [("unpublished", article.pk, None)]
    assert OutboxMessage.objects.filter(key__contains=":expired:").count() == 1


def test_moving_a_live_articles_time_is_no_news(announced):
    article = ArticleFactory()
    outbox.drain()
    announced.clear()
    article.published_at = article.published_at.replace(microsecond=0) - timedelta(hours=3)
    article.save()
    outbox.drain()
    outbox.drain()
    assert announced == []


def test_a_publication_the_stopped_worker_missed_is_announced_when_the_time_is_edited(
    editor, announced
):
    article = ArticleFactory(draft=True)
    article.publish(by=editor, at=timezone.now() + timedelta(hours=1))
    # Its moment passes while no worker runs; then an editor moves its time.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(hours=1))
    article.refresh_from_db()
    article.published_at -= timedelta(minutes=30)
    article.save()
    outbox.drain()
    outbox.drain()
    assert announced == [("published", article.pk, None)]


def test_moving_an_expired_articles_expiry_is_no_news(announced):
    article = ArticleFactory(expires_at=timezone.now() + timedelta(hours=1))
    Article.objects.filter(pk=article.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    outbox.drain()
    announced.clear()
    article.refresh_from_db()
    article.expires_at -= timedelta(minutes=10)
    article.save()
    outbox.drain()
    outbox.drain()
    assert announced == []
