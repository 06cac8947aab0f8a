"""The alerts pages are valid HTML (the Nu HTML Checker), the subject pages with their follow
form too."""

import pytest
from django.urls import reverse

from alerts import following
from alerts.models import Subscriber
from articles.tests.factories import ArticleFactory
from newsroom.tests.checks import checker_messages
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_alerts_pages_are_valid_html(client, settings, tmp_path):
    settings.ALERTS_FOLLOWS_PER_CLIENT_PER_HOUR = 2
    person = PersonFactory(name="Klim Shipenko", slug="klim-shipenko")
    ArticleFactory(people=[person])
    follow = reverse("alerts:follow", args=["person", person.slug])
    responses = [
        client.get(person.get_absolute_url()),
        client.get(follow),
        client.post(follow, {"address": "not an address"}),
    ]
    client.post(follow, {"address": "klim@example.org"})
    responses.append(client.post(follow, {"address": "klim@example.org"}))
    assert responses[-1].status_code == 429
    subscriber = Subscriber.objects.get()
    confirm = following.confirmation_link(subscriber).removeprefix(settings.SITE_URL)
    manage = reverse("alerts:manage", args=[subscriber.token])
    unsubscribe = reverse("alerts:unsubscribe", args=[subscriber.token])
    responses += [
        client.get(reverse("alerts:sent")),
        client.get(confirm),
        client.get(reverse("alerts:confirm", args=["forged"])),
        client.get(manage),
        client.get(unsubscribe),
        client.post(unsubscribe),
    ]
    files = []
    for number, response in enumerate(responses):
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(response.content)

    assert checker_messages(files) == []
