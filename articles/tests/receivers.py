"""Real HTTP receivers on loopback for the webhook tests: each answers with the status codes it
is given, in turn (the last one from then on), after an optional delay, and records what it
received. Daemon threads, shut down by the fixture."""

import contextlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, answers=(200,), delay=0.0):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.answers = list(answers)
        self.delay = delay
        self.received = []
        self.lock = threading.Lock()

    def handle_error(self, request, client_address):
        # A slow receiver's answer finds the sender gone: expected, not worth a traceback.
        pass

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/space-cinema?source=test"

    def next_answer(self):
        with self.lock:
            return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with self.server.lock:
            self.server.received.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
        if self.server.delay:
            time.sleep(self.server.delay)
        status = self.server.next_answer()
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def receiving(**options):
    server = Receiver(**options)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def closed_port():
    """A loopback port nothing listens on: a receiver that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
