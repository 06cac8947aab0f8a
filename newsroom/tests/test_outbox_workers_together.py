"""Two workers draining one outbox at once never send a message twice and leave none unsent:
on PostgreSQL each takes a message no other holds (SELECT ... FOR UPDATE SKIP LOCKED), so both
send side by side.

Needs PostgreSQL: marked `scaleout`, so .ci/run's second pass (scripts/with-servers) runs it.
"""

import threading
import time

import pytest
from django.db import connection, connections

from newsroom import outbox
from newsroom.models import OutboxMessage

MESSAGES = 40
handled = []
handled_lock = threading.Lock()


@outbox.handles("test.together")
def deliver_slowly(payload):
    """A receiver taking a little while, so that the two workers overlap."""
    time.sleep(0.02)
    with handled_lock:
        handled.append((payload["n"], threading.current_thread().name))


@pytest.mark.scaleout
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_one_message_twice():
    assert connection.vendor == "postgresql", (
        "the two-worker test needs DATABASE_URL pointing at PostgreSQL (.ci/run's second pass)"
    )
    handled.clear()
    for n in range(MESSAGES):
        outbox.enqueue("test.together", {"n": n}, key=f"together:{n}")
    totals = {}
    start = threading.Barrier(2)

    def work(name):
        start.wait()
        sent = 0
        try:
            while True:
                counts = outbox.drain(limit=5)
                sent += counts["sent"]
                if not any(counts.values()):
                    break
        finally:
            connections.close_all()
        totals[name] = sent

    workers = [threading.Thread(target=work, args=(name,), name=name) for name in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert sorted(n for n, _ in handled) == list(range(MESSAGES))
    assert totals["a"] + totals["b"] == MESSAGES
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {("sent", 1)}
    # Side by side, not one after the other.
    assert totals["a"] > 0 and totals["b"] > 0
    assert {name for _, name in handled} == {"a", "b"}
