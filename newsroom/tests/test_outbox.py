"""The outbox: a message is stored with the change that calls for it, sent once by the worker,
tried again with growing waits when its handler fails, and marked failed when trying again
cannot help or has been tried enough."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from newsroom import outbox
from newsroom.models import OutboxMessage

pytestmark = pytest.mark.django_db

delivered = []
failures_left = {}


@outbox.handles("test.deliver")
def deliver(payload):
    """Fails as many times as the test asked for that name, then delivers."""
    name = payload["name"]
    if failures_left.get(name, 0) > 0:
        failures_left[name] -= 1
        raise ConnectionError(f"{name}: the receiver is down")
    delivered.append(name)


@outbox.handles("test.refused")
def refuse(payload):
    raise outbox.GiveUp("the receiver says this address is gone")


@outbox.handles("test.follow_up")
def follow_up(payload):
    """Enqueues a message of its own, then fails if asked: its message must go with it."""
    outbox.enqueue("test.deliver", {"name": "follow-up"}, key=f"follow-up:{payload['name']}")
    if payload.get("fail"):
        raise RuntimeError("failed after enqueuing")


answers = []


def note_answer(payload, error):
    answers.append((payload["name"], str(error)))


@outbox.handles("test.answered", on_failure=note_answer)
def answered(payload):
    """Records the receiver's answer, then fails: the record is undone with the try, and
    on_failure keeps it."""
    outbox.enqueue("test.deliver", {"name": "lost"}, key=f"lost:{payload['name']}")
    raise ConnectionError("the receiver answered 503")


@outbox.handles("test.crash")
def crash(payload):
    """The worker process ends in the middle of sending (a kill, Ctrl-C)."""
    raise KeyboardInterrupt


@pytest.fixture(autouse=True)
def _clean_slate():
    delivered.clear()
    failures_left.clear()
    answers.clear()


def make_due(key):
    """Time passes: the message's next try is now."""
    OutboxMessage.objects.filter(key=key).update(due_at=timezone.now() - timedelta(seconds=1))


def message(key):
    return OutboxMessage.objects.get(key=key)


def test_a_key_is_enqueued_once_and_sent_once():
    assert outbox.enqueue("test.deliver", {"name": "a"}, key="one") is True
    assert outbox.enqueue("test.deliver", {"name": "a"}, key="one") is False
    assert OutboxMessage.objects.filter(key="one").count() == 1

    assert outbox.drain() == {"sent": 1, "retried": 0, "failed": 0}
    assert outbox.enqueue("test.deliver", {"name": "a"}, key="one") is False
    assert outbox.drain() == {"sent": 0, "retried": 0, "failed": 0}
    assert delivered == ["a"]
    sent = message("one")
    assert (sent.status, sent.attempts, sent.sent_at is not None) == ("sent", 1, True)


def test_a_message_exists_only_if_its_change_commits():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("test.deliver", {"name": "rolled back"}, key="rolled-back")
        raise RuntimeError("the editor's save failed")
    assert not OutboxMessage.objects.filter(key="rolled-back").exists()
    assert outbox.drain()["sent"] == 0
    assert delivered == []


def test_a_message_waits_for_its_due_time():
    outbox.enqueue(
        "test.deliver", {"name": "later"}, key="later", due_at=timezone.now() + timedelta(hours=1)
    )
    assert outbox.drain()["sent"] == 0
    make_due("later")
    assert outbox.drain()["sent"] == 1
    assert delivered == ["later"]


def test_a_failing_message_is_tried_again_after_a_growing_wait(settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    failures_left["flaky"] = 2
    outbox.enqueue("test.deliver", {"name": "flaky"}, key="flaky")

    waits = []
    for expected_attempts in (1, 2):
        before = timezone.now()
        assert outbox.drain() == {"sent": 0, "retried": 1, "failed": 0}
        retried = message("flaky")
        assert retried.status == "pending"
        assert retried.attempts == expected_attempts
        assert retried.last_error == "ConnectionError: flaky: the receiver is down"
        waits.append(retried.due_at - before)
        # Not due yet: nothing is sent however often the worker looks.
        assert outbox.drain() == {"sent": 0, "retried": 0, "failed": 0}
        make_due("flaky")

    assert timedelta(seconds=29) < waits[0] <= timedelta(seconds=32)
    assert timedelta(seconds=59) < waits[1] <= timedelta(seconds=62)
    assert outbox.drain() == {"sent": 1, "retried": 0, "failed": 0}
    assert delivered == ["flaky"]
    assert (message("flaky").status, message("flaky").attempts) == ("sent", 3)


def test_the_wait_between_tries_has_a_ceiling(settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    assert [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 8, 20)] == [
        30,
        60,
        120,
        1920,
        3600,
        3600,
    ]


def test_give_up_fails_a_message_at_once():
    outbox.enqueue("test.refused", {}, key="refused")
    assert outbox.drain() == {"sent": 0, "retried": 0, "failed": 1}
    failed = message("refused")
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.last_error == "GiveUp: the receiver says this address is gone"
    make_due("refused")
    assert outbox.drain() == {"sent": 0, "retried": 0, "failed": 0}


def test_a_message_fails_after_the_maximum_attempts(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    failures_left["down"] = 100
    outbox.enqueue("test.deliver", {"name": "down"}, key="down")
    outcomes = []
    for _ in range(5):
        outcomes.append(outbox.drain())
        make_due("down")
    assert outcomes == [
        {"sent": 0, "retried": 1, "failed": 0},
        {"sent": 0, "retried": 1, "failed": 0},
        {"sent": 0, "retried": 0, "failed": 1},
        {"sent": 0, "retried": 0, "failed": 0},
        {"sent": 0, "retried": 0, "failed": 0},
    ]
    failed = message("down")
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert failed.last_error == "ConnectionError: down: the receiver is down"
    assert delivered == []


def test_a_message_of_a_kind_nobody_handles_waits_for_a_handler():
    outbox.enqueue("test.nobody", {}, key="nobody")
    assert outbox.drain() == {"sent": 0, "retried": 1, "failed": 0}
    assert "No handler for outbox messages of kind 'test.nobody'" in message("nobody").last_error


def test_what_a_failing_handler_enqueued_is_undone_with_it():
    outbox.enqueue("test.follow_up", {"name": "bad", "fail": True}, key="bad")
    outbox.enqueue("test.follow_up", {"name": "good"}, key="good")
    assert outbox.drain() == {"sent": 2, "retried": 1, "failed": 0}
    assert not OutboxMessage.objects.filter(key="follow-up:bad").exists()
    assert message("follow-up:good").status == "sent"
    assert delivered == ["follow-up"]


def test_a_crash_in_the_middle_of_sending_loses_nothing():
    outbox.enqueue("test.crash", {}, key="crash")
    with pytest.raises(KeyboardInterrupt):
        outbox.drain()
    still_due = message("crash")
    assert (still_due.status, still_due.attempts, still_due.last_error) == ("pending", 0, "")
    assert outbox.due().filter(key="crash").exists()


def test_the_worker_sends_what_is_due_once(capsys):
    for name in ("one", "two", "three"):
        outbox.enqueue("test.deliver", {"name": name}, key=name)
    call_command("outbox_worker", "--once")
    assert sorted(delivered) == ["one", "three", "two"]
    assert "Sent 3, to be retried 0, failed 0." in capsys.readouterr().out
    call_command("outbox_worker", "--once")
    assert len(delivered) == 3


def test_on_failure_records_what_a_failed_try_could_not():
    outbox.enqueue("test.answered", {"name": "hook"}, key="answered")
    assert outbox.drain() == {"sent": 0, "retried": 1, "failed": 0}
    assert answers == [("hook", "the receiver answered 503")]
    assert not OutboxMessage.objects.filter(key="lost:hook").exists()
