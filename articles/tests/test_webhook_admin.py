"""Webhooks in the admin: an editor registers a receiver's address and sees its secret and
delivery log; an address pointing at the site itself, at loopback, private, link-local or
reserved addresses, or with another scheme or credentials, gets a form error, and is refused
again when it is time to send (a host name may lead elsewhere by then)."""

import pytest
from django.contrib.auth.models import Permission

from articles.admin.times import desk_time
from articles.models import Webhook, WebhookDelivery
from articles.webhooks import RefusedAddress, check_address
from newsroom import outbox
from newsroom.models import OutboxMessage

from .factories import ArticleFactory, make_writer
from .receivers import receiving

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/webhook/add/"
LOG = "/admin/articles/webhookdelivery/"
PUBLIC = "http://93.184.215.14/hooks"


def add(client, url, **fields):
    data = {
        "url": url,
        "description": "",
        "on_published": "on",
        "on_corrected": "on",
        "on_unpublished": "on",
        "active": "on",
        **fields,
    }
    return client.post(ADD, data)


REFUSED = {
    "http://127.0.0.1:9000/hooks": "leads to 127.0.0.1, a loopback, private",
    "http://[::1]:9000/": "leads to ::1, a loopback, private",
    "http://10.1.2.3/": "leads to 10.1.2.3",
    "http://192.168.0.10:8080/": "leads to 192.168.0.10",
    "http://169.254.169.254/latest/meta-data/": "leads to 169.254.169.254",
    "http://0.0.0.0/": "leads to 0.0.0.0",
    "http://240.0.0.1/": "leads to 240.0.0.1",
    "http://[::ffff:127.0.0.1]/": "leads to ::ffff:127.0.0.1",
    "http://127.0.0.1:8000/news/": "this site itself",
    "https://localhost/hooks": "this site itself",
    "ftp://93.184.215.14/hooks": "Only http:// and https://",
    "http://user:secret@93.184.215.14/hooks": "without a user name or password",
    "http://93.184.215.14:99999/": "port",
    "http://no-such-host.invalid/": "does not resolve",
}


@pytest.mark.parametrize("url", REFUSED)
def test_an_address_the_site_may_not_send_to_gets_a_form_error(editor_client, url):
    response = add(editor_client, url)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["url"]
    assert any(REFUSED[url] in error for error in errors), errors
    assert not Webhook.objects.exists()


def test_a_host_name_is_checked_by_every_address_it_resolves_to(settings):
    settings.ALLOWED_HOSTS = ["news.example"]
    with pytest.raises(RefusedAddress, match="“localhost” leads to (127.0.0.1|::1)"):
        check_address("http://localhost:9000/hooks")


def test_loopback_is_allowed_only_when_the_setting_says_so(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    assert check_address("http://127.0.0.1:9000/hooks?x=1")[1:4] == (
        "127.0.0.1",
        9000,
        "/hooks?x=1",
    )
    with pytest.raises(RefusedAddress, match="this site itself"):
        check_address("http://127.0.0.1:8000/")


def test_an_editor_registers_a_hook_and_sees_its_secret(editor_client):
    response = add(editor_client, PUBLIC, description="The Orbit Gazette", on_unpublished="")
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert (hook.url, hook.events, hook.active) == (PUBLIC, ["published", "corrected"], True)
    assert len(hook.secret) == 64

    page = editor_client.get(f"/admin/articles/webhook/{hook.pk}/change/").content.decode()
    assert hook.secret in page
    assert f"{LOG}?webhook__id__exact={hook.pk}" in page
    listing = editor_client.get("/admin/articles/webhook/").content.decode()
    assert "The Orbit Gazette" in listing
    assert hook.secret not in listing


def test_writers_cannot_see_or_register_hooks(client):
    client.force_login(make_writer())
    assert client.get("/admin/articles/webhook/").status_code == 403
    assert add(client, PUBLIC).status_code == 403
    assert client.get(LOG).status_code == 403


def test_the_address_is_checked_again_when_it_is_time_to_send(editor, settings):
    """A hook saved while its name led to a public address, now leading to loopback."""
    with receiving() as receiver:
        hook = Webhook.objects.create(url=receiver.url)
        ArticleFactory(draft=True).publish(by=editor)
        assert outbox.drain() == {"sent": 1, "retried": 0, "failed": 1}
    assert receiver.received == []
    message = WebhookDelivery.objects.get(webhook=hook).message
    assert message.status == "failed"
    assert "leads to 127.0.0.1" in message.last_error


def test_the_delivery_log_shows_status_tries_answer_error_and_next_try(
    editor_client, editor, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    with receiving(answers=[503]) as receiver:
        Webhook.objects.create(url=receiver.url, description="Flaky desk")
        ArticleFactory(draft=True, headline="Rover wakes up").publish(by=editor)
        outbox.drain()
    message = OutboxMessage.objects.get(kind="webhook.deliver")
    page = editor_client.get(LOG).content.decode()
    assert "Rover wakes up" in page
    assert "Flaky desk" in page
    assert "Waiting to be sent" in page
    assert '<td class="field-response_code">503</td>' in page
    assert "ReceiverAnswered: the receiver answered HTTP 503" in page
    assert desk_time(message.due_at) in page

    failed_only = editor_client.get(LOG, {"status": "failed"}).content.decode()
    assert "Rover wakes up" not in failed_only
    outbox_page = editor_client.get("/admin/newsroom/outboxmessage/").content.decode()
    assert message.key in outbox_page


@pytest.mark.parametrize("deliveries", [3, 30])
@pytest.mark.parametrize(
    "url, queries",
    [(LOG, 9), ("/admin/newsroom/outboxmessage/", 10), ("/admin/articles/webhook/", 7)],
)
def test_the_lists_run_a_fixed_number_of_queries(
    editor_client, deliveries, url, queries, django_assert_num_queries
):
    for number in range(deliveries):
        hook = Webhook.objects.create(url=f"http://93.184.215.{number}/hooks")
        message = OutboxMessage.objects.create(
            kind="webhook.deliver", key=f"delivery-{number}", payload={}
        )
        WebhookDelivery.objects.create(
            webhook=hook,
            message=message,
            event="published",
            article_id_sent=number,
            headline=f"Story {number}",
            body="{}",
        )
    editor_client.get(url)
    with django_assert_num_queries(queries):
        response = editor_client.get(url)
    assert response.status_code == 200


def test_a_login_that_may_only_view_hooks_does_not_see_the_secret(client):
    viewer = make_writer("viewer", "Vera Viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_webhook"))
    hook = Webhook.objects.create(url=PUBLIC)
    client.force_login(viewer)
    page = client.get(f"/admin/articles/webhook/{hook.pk}/change/")
    assert page.status_code == 200
    assert PUBLIC in page.text
    assert hook.secret not in page.text
