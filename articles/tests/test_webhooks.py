"""Webhooks: every active hook hears of each publication, correction and unpublication as a
signed JSON POST sent by the outbox's worker, retried with back-off when its receiver fails, is
slow or is down, and never sent to the site itself or to a private address."""

import hashlib
import hmac
import json
import signal
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Correction, Webhook, WebhookDelivery
from articles.webhooks import SIGNATURE_HEADER
from newsroom import outbox
from newsroom.models import OutboxMessage

from .factories import ArticleFactory
from .receivers import closed_port, receiving, self_signed_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loopback_receivers(settings):
    """These tests' receivers listen on loopback, which the site otherwise refuses."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    settings.OUTBOX_RETRY_SECONDS = 30


def make_all_due():
    OutboxMessage.objects.filter(status="pending").update(
        due_at=timezone.now() - timedelta(seconds=1)
    )


def verified(request, secret, now):
    """The request's body, once its signature checks out as docs/webhooks.md says to check it."""
    fields = dict(part.split("=", 1) for part in request["headers"][SIGNATURE_HEADER].split(","))
    timestamp = int(fields["t"])
    assert abs(now - timestamp) <= 5
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(expected, fields["v1"])
    return json.loads(request["body"])


def delivery_of(hook):
    return WebhookDelivery.objects.select_related("message").get(webhook=hook)


def test_a_receiver_gets_each_publication_signed(editor):
    with receiving() as receiver:
        hook = Webhook.objects.create(url=receiver.url)
        article = ArticleFactory(draft=True, headline="Crew <b>reaches</b> the station")
        article.publish(by=editor)
        assert receiver.received == []

        assert outbox.drain() == {"sent": 2, "retried": 0, "failed": 0}

    [request] = receiver.received
    assert request["path"] == "/hooks/space-cinema?source=test"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["X-SpaceCinema-Event"] == "published"
    article.refresh_from_db()
    assert verified(request, hook.secret, time.time()) == {
        "id": f"article.event:{article.pk}:published:"
        + article.published_at.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "event": "published",
        "article_id": article.pk,
        "url": f"http://127.0.0.1:8000/news/{article.slug}/",
        "headline": "Crew <b>reaches</b> the station",
        "published_at": article.published_at.isoformat(),
        "correction": None,
        "corrected_at": None,
    }
    delivery = delivery_of(hook)
    assert (delivery.message.status, delivery.message.attempts, delivery.response_code) == (
        "sent",
        1,
        200,
    )


def test_a_forged_or_altered_request_fails_the_check(editor):
    with receiving() as receiver:
        hook = Webhook.objects.create(url=receiver.url)
        ArticleFactory(draft=True).publish(by=editor)
        outbox.drain()
    [request] = receiver.received
    altered = {**request, "body": request["body"].replace(b'"published"', b'"unpublished"')}
    with pytest.raises(AssertionError):
        verified(altered, hook.secret, time.time())
    with pytest.raises(AssertionError):
        verified(request, "not-the-secret", time.time())


def test_corrections_and_unpublications_reach_the_hooks_that_want_them(editor):
    with receiving() as everything, receiving() as corrections_only:
        Webhook.objects.create(url=everything.url)
        Webhook.objects.create(url=corrections_only.url, on_published=False, on_unpublished=False)
        Webhook.objects.create(url=everything.url.replace("hooks", "off"), active=False)
        article = ArticleFactory()
        outbox.drain()
        Correction.objects.create(article=article, text="The docking was at 14:02, not 14:20.")
        outbox.drain()
        article.unpublish(by=editor)
        outbox.drain()

    events = [json.loads(request["body"]) for request in everything.received]
    assert [(body["event"], body["correction"]) for body in events] == [
        ("published", None),
        ("corrected", "The docking was at 14:02, not 14:20."),
        ("unpublished", None),
    ]
    [only] = [json.loads(request["body"]) for request in corrections_only.received]
    assert (only["event"], only["article_id"]) == ("corrected", article.pk)
    assert all(request["path"].startswith("/hooks/") for request in everything.received)


def test_a_failing_receiver_is_tried_again_after_a_wait_then_succeeds(editor):
    with receiving(answers=[500, 200]) as receiver:
        hook = Webhook.objects.create(url=receiver.url)
        ArticleFactory(draft=True).publish(by=editor)
        before = timezone.now()
        assert outbox.drain() == {"sent": 1, "retried": 1, "failed": 0}

        delivery = delivery_of(hook)
        assert delivery.message.status == "pending"
        assert delivery.response_code == 500
        assert delivery.message.last_error == "ReceiverAnswered: the receiver answered HTTP 500"
        assert timedelta(seconds=29) < delivery.message.due_at - before < timedelta(seconds=32)
        assert outbox.drain() == {"sent": 0, "retried": 0, "failed": 0}

        make_all_due()
        assert outbox.drain() == {"sent": 1, "retried": 0, "failed": 0}

    first, second = receiver.received
    assert first["body"] == second["body"]
    assert verified(second, hook.secret, time.time())["event"] == "published"
    delivery = delivery_of(hook)
    assert (delivery.message.status, delivery.message.attempts, delivery.response_code) == (
        "sent",
        2,
        200,
    )


def test_a_slow_receiver_does_not_hold_the_worker_past_the_timeout(editor):
    with receiving(delay=3) as receiver:
        hook = Webhook.objects.create(url=receiver.url)
        ArticleFactory(draft=True).publish(by=editor)
        started = time.monotonic()
        assert outbox.drain() == {"sent": 1, "retried": 1, "failed": 0}
        assert time.monotonic() - started < 2.5
    delivery = delivery_of(hook)
    assert delivery.message.status == "pending"
    assert delivery.message.last_error.startswith("TimeoutError: ")
    assert delivery.response_code is None


def test_a_receiver_that_answers_a_little_at_a_time_is_cut_off_at_the_timeout(editor):
    with receiving(trickle=20) as receiver:
        hook = Webhook.objects.create(url=receiver.url)
        ArticleFactory(draft=True).publish(by=editor)
        started = time.monotonic()
        assert outbox.drain() == {"sent": 1, "retried": 1, "failed": 0}
        assert time.monotonic() - started < 2.5
    assert delivery_of(hook).message.last_error == (
        "TimeoutError: the receiver took more than 0.5 s to answer"
    )


def test_a_receiver_that_is_down_is_retried_then_failed_after_the_maximum_attempts(
    editor, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    hook = Webhook.objects.create(url=f"http://127.0.0.1:{closed_port()}/down")
    ArticleFactory(draft=True).publish(by=editor)
    outcomes = []
    for _ in range(4):
        outcomes.append(outbox.drain())
        make_all_due()
    assert outcomes == [
        {"sent": 1, "retried": 1, "failed": 0},
        {"sent": 0, "retried": 1, "failed": 0},
        {"sent": 0, "retried": 0, "failed": 1},
        {"sent": 0, "retried": 0, "failed": 0},
    ]
    delivery = delivery_of(hook)
    assert (delivery.message.status, delivery.message.attempts) == ("failed", 3)
    assert delivery.message.last_error.startswith("ConnectionRefusedError:")


def test_a_receiver_that_says_gone_is_not_tried_again(editor):
    with receiving(answers=[410]) as receiver:
        hook = Webhook.objects.create(url=receiver.url)
        ArticleFactory(draft=True).publish(by=editor)
        assert outbox.drain() == {"sent": 1, "retried": 0, "failed": 1}
    delivery = delivery_of(hook)
    assert (delivery.message.status, delivery.response_code) == ("failed", 410)


class Killed(BaseException):
    """The worker process ending mid-send (SIGKILL, power cut): nothing after it runs."""


def test_a_worker_killed_in_the_middle_of_a_delivery_loses_nothing(editor, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    with receiving(delay=2) as slow, receiving() as receiver:
        hook = Webhook.objects.create(url=slow.url)
        ArticleFactory(draft=True).publish(by=editor)

        def kill(signum, frame):
            raise Killed

        previous = signal.signal(signal.SIGALRM, kill)
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        try:
            # The announcement is sent; the delivery is waiting for the receiver's answer.
            with pytest.raises(Killed):
                outbox.drain()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        assert len(slow.received) == 1

        message = delivery_of(hook).message
        assert (message.status, message.attempts, message.last_error) == ("pending", 0, "")
        assert outbox.due().filter(pk=message.pk).exists()

        # The next worker sends it.
        Webhook.objects.filter(pk=hook.pk).update(url=receiver.url)
        assert outbox.drain() == {"sent": 1, "retried": 0, "failed": 0}
    assert len(receiver.received) == 1


def test_delivery_figures(editor, settings, capsys):
    """Three articles published to four receivers: one that accepts, one that fails once, one
    that is slow and one that is down, until nothing is left to send."""
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with (
        receiving() as accepting,
        receiving(answers=[500, 200]) as flaky,
        receiving(delay=1.5) as slow,
    ):
        for url in (accepting.url, flaky.url, slow.url, f"http://127.0.0.1:{closed_port()}/"):
            Webhook.objects.create(url=url)
        for _ in range(3):
            ArticleFactory(draft=True).publish(by=editor)
        totals = dict.fromkeys(outbox.OUTCOMES, 0)
        while outbox.due().exists() or OutboxMessage.objects.filter(status="pending").exists():
            for outcome, count in outbox.drain().items():
                totals[outcome] += count
            make_all_due()

    # Announcements 3 + accepting 3 + flaky 3 (after 1 retry); slow and down: 2 retries and a
    # failure for each of the 3 articles.
    assert totals == {"sent": 9, "retried": 13, "failed": 6}
    assert len(accepting.received) == 3
    assert len(flaky.received) == 4
    with capsys.disabled():
        print(f"\nDelivery figures: {totals}")


def test_deleting_a_published_article_reaches_the_hooks_as_unpublished(editor):
    with receiving() as receiver:
        Webhook.objects.create(url=receiver.url)
        article = ArticleFactory(headline="Gone in a blink")
        outbox.drain()
        pk, slug = article.pk, article.slug
        article.delete()
        outbox.drain()
        draft = ArticleFactory(draft=True)
        draft.delete()
        outbox.drain()
    bodies = [json.loads(request["body"]) for request in receiver.received]
    assert [(body["event"], body["article_id"]) for body in bodies] == [
        ("published", pk),
        ("unpublished", pk),
    ]
    assert bodies[1]["url"] == f"http://127.0.0.1:8000/news/{slug}/"
    assert bodies[1]["headline"] == "Gone in a blink"


def test_https_receivers_are_verified_by_their_certificate(editor, tmp_path, monkeypatch):
    """The connection goes to the checked address and TLS still checks the receiver's name:
    an unknown certificate is a failed try, a trusted one a delivery."""
    certificate, key = self_signed_certificate(tmp_path)
    with receiving(tls=(certificate, key)) as receiver:
        hook = Webhook.objects.create(url=receiver.url)
        ArticleFactory(draft=True).publish(by=editor)
        assert outbox.drain() == {"sent": 1, "retried": 1, "failed": 0}
        assert "CERTIFICATE_VERIFY_FAILED" in delivery_of(hook).message.last_error

        monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
        make_all_due()
        assert outbox.drain() == {"sent": 1, "retried": 0, "failed": 0}
    [request] = receiver.received
    assert verified(request, hook.secret, time.time())["event"] == "published"
