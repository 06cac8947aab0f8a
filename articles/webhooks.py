"""Webhooks: each announcement (articles/announcements.py) becomes one outbox message per
active webhook that wants its event, sent by the worker as a signed JSON POST.

The signature header (docs/webhooks.md): `X-SpaceCinema-Signature: t=<unix time>,v1=<hex
HMAC-SHA256 of "<t>.<body>" with the webhook's secret>`; the time lets a receiver refuse replays.

Addresses are checked when an editor saves a webhook and again before each send (a host name
may lead elsewhere by then): only http(s), no credentials in the address, not the site itself,
and every address the name resolves to public (no loopback, private, link-local, multicast or
reserved one), unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES. The connection goes to the address that
was checked, so a name cannot resolve to a public address for the check and a private one for
the send.
"""

import contextlib
import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.dispatch import receiver

from newsroom import outbox

from .announcements import article_announced
from .webhook_models import Webhook, WebhookDelivery

KIND = "webhook.deliver"
SIGNATURE_HEADER = "X-SpaceCinema-Signature"
DEFAULT_PORTS = {"http": 80, "https": 443}


class RefusedAddress(ValueError):
    """A webhook address the site will not send to; the message says why, for the editor."""


class ReceiverAnswered(Exception):
    """The receiver answered with something other than success: tried again later."""

    def __init__(self, response_code):
        self.response_code = response_code
        super().__init__(f"the receiver answered HTTP {response_code}")


class ReceiverGone(outbox.GiveUp):
    """The receiver says the address is gone for good (410): not tried again."""

    def __init__(self, response_code):
        self.response_code = response_code
        super().__init__(f"the receiver answered HTTP {response_code} (gone): not tried again")


def site_itself(host, port):
    """Whether host:port is this site (its public address, or a name it serves)."""
    site = urlsplit(settings.SITE_URL)
    site_port = site.port or DEFAULT_PORTS.get(site.scheme)
    if host == (site.hostname or "").lower() and port == site_port:
        return True
    try:
        ipaddress.ip_address(host)
        # Addresses in ALLOWED_HOSTS name the machine, not this site on every port.
        return False
    except ValueError:
        pass
    for allowed in settings.ALLOWED_HOSTS:
        allowed = allowed.lower()
        if allowed == host or (allowed.startswith(".") and f".{host}".endswith(allowed)):
            return True
    return False


def public(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def check_address(url):
    """(scheme, host, port, path, [addresses]) for a webhook address the site may send to;
    RefusedAddress saying why not."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RefusedAddress("The address's port is not a number from 1 to 65535.") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise RefusedAddress("Only http:// and https:// addresses can receive webhooks.")
    if parts.username is not None or parts.password is not None:
        raise RefusedAddress(
            "Give the address without a user name or password: the signature proves who sends."
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise RefusedAddress("The address has no host name.")
    port = port or DEFAULT_PORTS[parts.scheme]
    if site_itself(host, port):
        raise RefusedAddress("That address is this site itself: a webhook goes to a receiver.")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise RefusedAddress(f"The host name “{host}” does not resolve to any address.") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not public(address):
                raise RefusedAddress(
                    f"“{host}” leads to {address}, a loopback, private, link-local or reserved "
                    "address: webhooks go only to public addresses."
                )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, host, port, path, addresses


def signature(secret, timestamp, body):
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post(url, body, secret, *, event, delivery_id):
    """POST `body` (bytes) to the webhook address, signed; the receiver's status code."""
    scheme, host, port, path, addresses = check_address(url)
    connection_class = (
        http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(host, port, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)

    def connect_to_checked_address(_address, timeout, source_address=None):
        # The address just checked, not a fresh look-up; TLS still verifies the host name.
        return socket.create_connection((addresses[0], port), timeout, source_address)

    connection._create_connection = connect_to_checked_address
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "SpaceCinema-Webhooks/1",
        "X-SpaceCinema-Event": event,
        "X-SpaceCinema-Delivery": str(delivery_id),
        SIGNATURE_HEADER: signature(secret, int(time.time()), body),
    }
    # The socket's timeout bounds each wait; this bounds the whole try, against a receiver that
    # answers a byte at a time.
    limit = settings.WEBHOOK_TIMEOUT_SECONDS
    cut = threading.Event()
    deadline = threading.Timer(limit, cut_off, args=(connection, cut))
    deadline.start()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        if cut.is_set():
            # Cut off in its headers, which the end of the stream closes: not an answer.
            raise TimeoutError(f"the receiver took more than {limit:g} s to answer")
        return response.status
    except (OSError, http.client.HTTPException) as error:
        if cut.is_set():
            raise TimeoutError(f"the receiver took more than {limit:g} s to answer") from error
        raise
    finally:
        deadline.cancel()
        connection.close()


def cut_off(connection, cut):
    """End a try that has run out of time: its blocked read returns at once."""
    cut.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def announcement_body(event, article, correction, announcement):
    return {
        "id": announcement,
        "event": event,
        "article_id": article.pk,
        "url": settings.SITE_URL + article.get_absolute_url(),
        "headline": article.headline,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "correction": correction.text if correction is not None else None,
        "corrected_at": correction.made_at.isoformat() if correction is not None else None,
    }


@receiver(article_announced, dispatch_uid="articles.webhooks.announce")
def announce_to_webhooks(sender, event, article, correction, announcement, **kwargs):
    hooks = list(Webhook.objects.filter(active=True, **{f"on_{event}": True}))
    if not hooks:
        return
    body = json.dumps(announcement_body(event, article, correction, announcement))
    for hook in hooks:
        key = f"webhook:{hook.pk}:{announcement}"
        if outbox.enqueue(KIND, {"webhook": hook.pk, "key": key}, key=key):
            WebhookDelivery.objects.create(
                webhook=hook,
                message=outbox.OutboxMessage.objects.get(key=key),
                event=event,
                article_id_sent=article.pk,
                headline=article.headline[:300],
                body=body,
            )


def note_failure(payload, error):
    """Keep the receiver's answer (or none: it could not be reached) of the failed try."""
    code = getattr(error, "response_code", None)
    WebhookDelivery.objects.filter(message__key=payload["key"]).update(response_code=code)


@outbox.handles(KIND, on_failure=note_failure)
def deliver(payload):
    delivery = (
        WebhookDelivery.objects.select_related("webhook").filter(message__key=payload["key"])
    ).first()
    if delivery is None:
        raise outbox.GiveUp("The webhook was deleted before this could be sent.")
    hook = delivery.webhook
    if not hook.active:
        raise outbox.GiveUp("The webhook was switched off before this could be sent.")
    try:
        code = post(
            hook.url,
            delivery.body.encode(),
            hook.secret,
            event=delivery.event,
            delivery_id=payload["key"],
        )
    except RefusedAddress as refusal:
        raise outbox.GiveUp(str(refusal)) from None
    WebhookDelivery.objects.filter(pk=delivery.pk).update(response_code=code)
    if code == 410:
        raise ReceiverGone(code)
    if not 200 <= code < 300:
        raise ReceiverAnswered(code)
