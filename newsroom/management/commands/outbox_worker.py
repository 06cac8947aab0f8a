import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from newsroom import outbox

# Messages sent between two looks at the stop signal: a stop waits for one batch at most.
BATCH = 10


class Command(BaseCommand):
    help = (
        "Send the outbox's due messages (webhooks, email alerts) and announce scheduled "
        "publications as their time comes. Runs until stopped (SIGTERM or Ctrl-C), finishing "
        "the message in hand; --once sends what is due and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds to wait when nothing is due before looking again (default 2).",
        )

    def handle(self, *args, once, interval, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            self.stdout.write(f"Outbox worker started; looking every {interval:g} s.")
        while not stop.is_set():
            refresh_connections()
            counts = outbox.drain(limit=BATCH)
            if any(counts.values()):
                self.stdout.write(
                    "Sent {sent}, to be retried {retried}, failed {failed}.".format(**counts)
                )
            if once:
                if sum(counts.values()) < BATCH:
                    break
                continue
            if sum(counts.values()) < BATCH:
                stop.wait(interval)
        refresh_connections()
        if not once:
            self.stdout.write("Outbox worker stopped.")


def refresh_connections():
    """Drop database connections past their age or broken (a long-running worker outlives
    them); not while a caller's transaction holds one (call_command inside atomic())."""
    if not connection.in_atomic_block:
        close_old_connections()
