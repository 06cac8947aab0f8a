"""What editors do in the admin is announced: the publish button, a correction added on the
change page and the list's unpublish action each reach the webhooks once the worker runs, and
the editor's save never waits for a receiver (no network in the request)."""

import json
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Webhook
from newsroom import outbox

from .factories import ArticleFactory, change_form_data
from .receivers import receiving

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loopback_receivers(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def events(receiver):
    return [json.loads(request["body"])["event"] for request in receiver.received]


def test_the_publish_button_does_not_wait_for_a_slow_receiver(editor_client, writer):
    article = ArticleFactory(draft=True, byline=writer, status=Article.Status.IN_REVIEW)
    with receiving(delay=3) as slow:
        Webhook.objects.create(url=slow.url)
        started = time.monotonic()
        response = editor_client.post(
            change_url(article),
            change_form_data(article, _publish="1", publish_despite_warnings="on"),
        )
        took = time.monotonic() - started
        assert response.status_code == 302
        assert slow.received == []
        assert took < 3
        assert outbox.due().filter(kind="article.event").count() == 1


def test_the_button_a_correction_and_the_unpublish_action_are_announced(editor_client, writer):
    article = ArticleFactory(draft=True, byline=writer, status=Article.Status.IN_REVIEW)
    with receiving() as receiver:
        Webhook.objects.create(url=receiver.url)
        editor_client.post(
            change_url(article),
            change_form_data(article, _publish="1", publish_despite_warnings="on"),
        )
        outbox.drain()
        article.refresh_from_db()
        now = timezone.now()
        editor_client.post(
            change_url(article),
            change_form_data(
                article,
                **{
                    "corrections-TOTAL_FORMS": "1",
                    "corrections-0-made_at_0": now.strftime("%Y-%m-%d"),
                    "corrections-0-made_at_1": now.strftime("%H:%M:%S"),
                    "corrections-0-text": "The hatch opened at dawn.",
                },
            ),
        )
        outbox.drain()
        editor_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "unpublish", "_selected_action": [article.pk]},
        )
        outbox.drain()
        outbox.drain()
    from newsroom.models import OutboxMessage

    print(list(OutboxMessage.objects.values_list("key", "payload")))
    assert events(receiver) == ["published", "corrected", "unpublished"]
    assert json.loads(receiver.received[1]["body"])["correction"] == "The hatch opened at dawn."


def test_scheduling_in_the_admin_announces_at_the_time_not_before(editor_client, writer):
    article = ArticleFactory(draft=True, byline=writer, status=Article.Status.IN_REVIEW)
    soon = timezone.now() + timedelta(hours=1)
    with receiving() as receiver:
        Webhook.objects.create(url=receiver.url)
        editor_client.post(
            change_url(article),
            change_form_data(
                article,
                status="published",
                published_at_0=soon.strftime("%Y-%m-%d"),
                published_at_1=soon.strftime("%H:%M:%S"),
                publish_despite_warnings="on",
            ),
        )
        assert list(Article.objects.scheduled()) == [article]
        outbox.drain()
        assert receiver.received == []
        Article.objects.filter(pk=article.pk).update(
            published_at=timezone.now() - timedelta(seconds=1)
        )
        outbox.drain()
    assert events(receiver) == ["published"]
