"""A real SMTP server on 127.0.0.1 for the tests of the desk's emails (aiosmtpd), as in
spacecinema/tests/test_password_reset.py."""

import email
import socket
from contextlib import contextmanager
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


class Mailbox:
    """What the SMTP server received: (recipients, email.message.EmailMessage) per message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mailer(port):
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }


@contextmanager
def smtp_server(settings):
    """Start the server and send the site's mail to it until the block ends."""
    box = Mailbox()
    server = Controller(box, hostname="127.0.0.1", port=free_port())
    server.start()
    settings.MAILERS = mailer(server.port)
    try:
        yield box
    finally:
        server.stop()


def plain_text(message):
    # Lines end in CRLF on the wire; the tests compare the text as typed.
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
