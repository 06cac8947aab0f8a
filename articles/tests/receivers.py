"""Real HTTP receivers on loopback for the webhook tests: each answers with the status codes it
is given, in turn (the last one from then on), after an optional delay, and records what it
received. Daemon threads, shut down by the fixture."""

import contextlib
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, answers=(200,), delay=0.0, tls=None, trickle=0):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.socket = context.wrap_socket(self.socket, server_side=True)
            self.scheme = "https"
        self.answers = list(answers)
        self.delay = delay
        self.trickle = trickle
        self.received = []
        self.lock = threading.Lock()

    def handle_error(self, request, client_address):
        # A slow receiver's answer finds the sender gone: expected, not worth a traceback.
        pass

    @property
    def url(self):
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}/hooks/space-cinema?source=test"

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
        for number in range(self.server.trickle):
            # A header now and then, each in good time, the answer never complete.
            self.send_header(f"X-Trickle-{number}", "x")
            self.flush_headers()
            time.sleep(0.2)
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


def self_signed_certificate(folder):
    """(certificate, key) files for 127.0.0.1, made by openssl: its own authority."""
    certificate, key = folder / "receiver.pem", folder / "receiver.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key
