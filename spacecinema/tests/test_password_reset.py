"""Password reset for staff, end to end through a real SMTP server on 127.0.0.1."""

import email
import re
import socket
from datetime import timedelta
from email.policy import default as default_policy

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PUBLIC = "https://news.example.org"
OLD = "correct horse battery"
NEW = "a new and long passphrase 42"


class Mailbox:
    """What the SMTP server received: one email.message.EmailMessage per message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    box = Mailbox()
    server = Controller(box, hostname="127.0.0.1", port=free_port())
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10},
        }
    }
    settings.SITE_URL = PUBLIC
    try:
        yield box
    finally:
        server.stop()


def make_user(username, **fields):
    fields.setdefault("is_staff", True)
    return get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=OLD, **fields
    )


def request_reset(client, address):
    return client.post(reverse("admin_password_reset"), {"email": address})


def reset_link(message):
    body = message.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"\S+/admin/reset/\S+", body)
    assert len(links) == 1, body
    return links[0]


def sign_in(client, password):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
    )


def test_the_admin_sign_in_page_offers_a_password_reset(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert f'href="{reverse("admin_password_reset")}"' in page
    assert "Forgotten your login credentials?" in page


def test_a_staff_member_resets_the_password_by_email_and_signs_in_with_the_new_one(client, mailbox):
    make_user("editor")
    form = client.get("/admin/password_reset/")
    assert form.status_code == 200
    assert "Space Cinema newsroom" in form.content.decode()
    assert "no-store" in form["Cache-Control"]
    assert "script-src 'self'" in form["Content-Security-Policy"]

    sent = request_reset(client, "editor@example.org")
    assert sent.status_code == 302
    assert sent.url == reverse("password_reset_done")
    assert "We’ve emailed you instructions" in client.get(sent.url).content.decode()

    assert len(mailbox.messages) == 1
    recipients, message = mailbox.messages[0]
    assert recipients == ["editor@example.org"]
    assert message["Subject"] == "Password reset on Space Cinema"
    link = reset_link(message)
    # The public address, not the Host the request named ("testserver").
    assert link.startswith(f"{PUBLIC}/admin/reset/")

    reader = Client()
    opened = reader.get(link.removeprefix(PUBLIC), follow=True)
    assert opened.status_code == 200
    assert "no-store" in opened["Cache-Control"]
    page = opened.content.decode()
    assert "Please enter your new password twice" in page
    set_password = opened.redirect_chain[-1][0]
    done = reader.post(set_password, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    assert "Your password has been set." in reader.get(done.url).content.decode()

    old = sign_in(Client(), OLD)
    assert old.status_code == 200
    assert "correct username and password" in old.content.decode()
    assert sign_in(Client(), NEW).status_code == 302

    # Used once, the link is dead.
    used = Client().get(link.removeprefix(PUBLIC), follow=True)
    assert used.status_code == 200
    assert "The password reset link was invalid" in used.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "reader@example.org",  # an account that is not staff
        "retired@example.org",  # staff no longer active
        "locked@example.org",  # staff without a usable password
        "nobody@example.org",  # no account at all
    ],
)
def test_an_address_without_an_active_staff_account_gets_no_email_but_the_same_page(
    client, mailbox, address
):
    make_user("reader", is_staff=False)
    make_user("retired", is_active=False)
    locked = make_user("locked")
    locked.set_unusable_password()
    locked.save()

    sent = request_reset(client, address)
    assert sent.status_code == 302
    assert sent.url == reverse("password_reset_done")
    assert "We’ve emailed you instructions" in client.get(sent.url).content.decode()
    assert mailbox.messages == []


@pytest.mark.parametrize(
    "tamper",
    [
        lambda uid, token: (uid, token[:-1] + ("a" if token[-1] != "a" else "b")),
        lambda uid, token: ("zzzz", token),
        lambda uid, token: ("!!", "not-a-token"),
    ],
    ids=["token", "unknown-user", "garbage"],
)
def test_a_tampered_link_shows_the_invalid_link_page(client, mailbox, tamper):
    make_user("editor")
    request_reset(client, "editor@example.org")
    _, message = mailbox.messages[0]
    uid, token = reset_link(message).rstrip("/").split("/")[-2:]
    uid, token = tamper(uid, token)

    opened = client.get(f"/admin/reset/{uid}/{token}/", follow=True)
    assert opened.status_code == 200
    assert "The password reset link was invalid" in opened.content.decode()
    assert sign_in(client, OLD).status_code == 302


def test_a_mail_server_that_is_down_gives_the_same_page_not_an_error(client, settings):
    make_user("editor")
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5},
        }
    }
    sent = request_reset(client, "editor@example.org")
    assert sent.status_code == 302
    assert sent.url == reverse("password_reset_done")


def test_repeated_requests_for_one_address_send_no_more_mail_past_the_limit(
    client, mailbox, settings
):
    make_user("editor")
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        # From several clients, so only the address's allowance runs out.
        for number in range(5):
            sent = client.post(
                reverse("admin_password_reset"),
                {"email": "Editor@Example.org" if number % 2 else "editor@example.org"},
                REMOTE_ADDR=f"192.0.2.{number + 1}",
            )
            assert sent.status_code == 302
            assert sent.url == reverse("password_reset_done")
        assert len(mailbox.messages) == 3

    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        request_reset(client, "editor@example.org")
        assert len(mailbox.messages) == 4


def test_repeated_requests_from_one_client_send_no_more_mail_past_the_limit(
    client, mailbox, settings
):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 4
    for number in range(6):
        make_user(f"editor{number}")
    # Addresses with no account count too: the allowance says nothing of who has one.
    asked = ["nobody@example.org", *(f"editor{number}@example.org" for number in range(6))]
    for address in asked:
        sent = client.post(reverse("admin_password_reset"), {"email": address})
        assert sent.status_code == 302
        assert sent.url == reverse("password_reset_done")
    assert [recipients for recipients, _ in mailbox.messages] == [
        ["editor0@example.org"],
        ["editor1@example.org"],
        ["editor2@example.org"],
    ]
    # Another client still gets its mail.
    client.post(
        reverse("admin_password_reset"),
        {"email": "editor5@example.org"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert mailbox.messages[-1][0] == ["editor5@example.org"]
    assert len(mailbox.messages) == 4
