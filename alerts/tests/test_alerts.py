"""Email alerts: a reader follows subjects by email (double opt-in), gets one email per published
article that is about any of them, and can see, unfollow and delete what they follow from any
email. Mail goes through a real SMTP server on loopback, from the outbox."""

import re
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import signing
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from alerts import following
from alerts.models import Subscriber, Subscription
from articles.tests.factories import ArticleFactory, AuthorFactory
from articles.tests.mailbox import Mailbox, free_port, mailer, plain_text, smtp_server
from newsroom import outbox
from newsroom.models import OutboxMessage
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://news.example.org"
READER = "reader@example.org"


@pytest.fixture
def mailbox(settings):
    settings.SITE_URL = PUBLIC
    with smtp_server(settings) as box:
        yield box


@pytest.fixture
def crew():
    return PersonFactory(name="Yulia Peresild", slug="yulia-peresild")


@pytest.fixture
def studio():
    return OrganisationFactory(name="Channel One", slug="channel-one")


def follow_url(kind, slug=None):
    if kind == "race":
        return reverse("alerts:follow-race")
    return reverse("alerts:follow", args=[kind, slug])


def follow(client, kind, slug, address=READER, client_address="192.0.2.1"):
    return client.post(follow_url(kind, slug), {"address": address}, REMOTE_ADDR=client_address)


def links(message):
    return re.findall(r"https://\S+", plain_text(message))


def path_of(link):
    return link.removeprefix(PUBLIC)


def confirm_by_email(client, mailbox, address=READER):
    """Follow the link in the confirmation email and press its button, as a reader does."""
    outbox.drain()
    [message] = [m for m in mailbox.to(address) if m["Subject"].startswith("Confirm")]
    [link] = [link for link in links(message) if "/alerts/confirm/" in link]
    page = client.get(path_of(link))
    assert page.status_code == 200
    pks = re.findall(r'name="follow" value="(\d+)"', page.text)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    confirmed = client.post(path_of(link), {"follow": pks, "csrfmiddlewaretoken": token})
    assert confirmed.status_code == 302
    return page


def alerts_to(mailbox, address=READER):
    return [m for m in mailbox.to(address) if not m["Subject"].startswith("Confirm")]


def test_follow_confirm_and_get_one_email_per_article_however_many_subjects_match(
    mailbox, crew, studio
):
    # A reader who has never been to the site: the follow page's form carries their CSRF token.
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(follow_url("person", crew.slug))
    assert page.status_code == 200
    assert "Follow Yulia Peresild by email" in page.text
    assert page["Cache-Control"].startswith("max-age=0") or "private" in page["Cache-Control"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    sent = reader.post(
        follow_url("person", crew.slug), {"address": READER, "csrfmiddlewaretoken": token}
    )
    assert sent.status_code == 302
    assert sent.url == reverse("alerts:sent")
    assert "Check your inbox" in reader.get(sent.url).text
    # A second subject within the hour: no second email, the first one's link confirms both.
    page = reader.get(follow_url("organisation", studio.slug))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    reader.post(
        follow_url("organisation", studio.slug), {"address": READER, "csrfmiddlewaretoken": token}
    )
    # Nothing is sent before the worker sends it, and nothing but the confirmation.
    assert mailbox.messages == []

    confirmation = confirm_by_email(reader, mailbox)
    assert "Yulia Peresild" in confirmation.text
    assert "Channel One" in confirmation.text
    [message] = mailbox.to(READER)
    assert message["Subject"] == "Confirm your email alerts from Space Cinema"
    assert "Yulia Peresild and Channel One" in plain_text(message)
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed
    assert subscriber.subscriptions.filter(confirmed=True).count() == 2

    about_her = ArticleFactory(headline="Peresild back on Earth", people=[crew])
    about_both = ArticleFactory(
        headline="Channel One airs the film", people=[crew], organisations=[studio]
    )
    ArticleFactory(headline="Nothing to do with them")
    ArticleFactory(headline="A draft about her", people=[crew], draft=True)
    outbox.drain()
    outbox.drain()

    alerts = alerts_to(mailbox)
    assert sorted(m["Subject"] for m in alerts) == [
        "Space Cinema: Channel One airs the film",
        "Space Cinema: Peresild back on Earth",
    ]
    unsubscribe = f"{PUBLIC}/alerts/unsubscribe/{subscriber.token}/"
    for alert in alerts:
        assert alert["To"] == READER
        assert alert["List-Unsubscribe"] == f"<{unsubscribe}>"
        assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f"{PUBLIC}/alerts/manage/{subscriber.token}/" in plain_text(alert)
    both = next(m for m in alerts if m["Subject"].endswith("airs the film"))
    assert "you follow Yulia Peresild and Channel One" in plain_text(both)
    assert f"{PUBLIC}{about_both.get_absolute_url()}" in plain_text(both)
    assert f"{PUBLIC}{about_her.get_absolute_url()}" in links(
        next(m for m in alerts if m["Subject"].endswith("on Earth"))
    )
    assert OutboxMessage.objects.filter(key=f"alert:{about_both.pk}:{subscriber.pk}").count() == 1


def test_nothing_but_the_confirmation_goes_to_an_unconfirmed_address(client, mailbox, crew):
    follow(client, "person", crew.slug)
    ArticleFactory(headline="Peresild trains", people=[crew])
    outbox.drain()
    outbox.drain()

    [message] = mailbox.to(READER)
    assert message["Subject"] == "Confirm your email alerts from Space Cinema"
    assert not OutboxMessage.objects.filter(kind="alerts.alert").exists()


def test_every_subject_with_a_feed_and_the_race_can_be_followed(client, mailbox):
    person = PersonFactory()
    organisation = OrganisationFactory()
    rival = ProjectFactory(title="The Challenge")
    project = ProjectFactory(title="Untitled orbit film", rival=rival)
    rival.rival = project
    rival.save()
    author = AuthorFactory(name="Ada Byline")
    ArticleFactory(tags=["cosmonauts"], authors=[author])
    pages = {
        "person": person.get_absolute_url(),
        "organisation": organisation.get_absolute_url(),
        "project": project.get_absolute_url(),
        "tag": reverse("tags:detail", args=["cosmonauts"]),
        "author": author.get_absolute_url(),
        "race": reverse("projects:race"),
    }
    slugs = {
        "person": person.slug,
        "organisation": organisation.slug,
        "project": project.slug,
        "tag": "cosmonauts",
        "author": author.slug,
        "race": None,
    }
    for kind, page in pages.items():
        html = client.get(page).text
        action = follow_url(kind, slugs[kind])
        # A plain form, the same for every reader: the page cache may keep it.
        form = re.search(r'<form class="follow-by-email"[^>]*>.*?</form>', html, re.S).group()
        assert f'action="{action}"' in form, kind
        assert "csrf" not in form
        assert client.get(action).status_code == 200, kind
        assert follow(client, kind, slugs[kind]).status_code == 302, kind
    assert Subscription.objects.count() == 6

    confirm_by_email(client, mailbox)
    # About the rival only: the race matches, the production followed does not.
    ArticleFactory(headline="The challenger", projects=[rival])
    ArticleFactory(
        headline="Everything at once",
        people=[person],
        organisations=[organisation],
        projects=[project],
        tags=["cosmonauts"],
        authors=[author],
    )
    outbox.drain()
    outbox.drain()
    alerts = {alert["Subject"]: plain_text(alert) for alert in alerts_to(mailbox)}
    assert len(alerts) == 2
    assert "you follow the race to film in orbit.\n" in alerts["Space Cinema: The challenger"]
    assert (
        f"you follow {person.name}, {organisation.name}, Untitled orbit film, cosmonauts, "
        "Ada Byline and the race to film in orbit.\n"
    ) in alerts["Space Cinema: Everything at once"]


@pytest.mark.parametrize(
    ("kind", "slug"),
    [("person", "nobody-at-all"), ("spaceship", "soyuz"), ("tag", "only-on-drafts")],
)
def test_following_what_has_no_feed_is_404(client, kind, slug):
    ArticleFactory(draft=True, tags=["only-on-drafts"])
    assert client.get(f"/alerts/follow/{kind}/{slug}/").status_code == 404
    assert follow(client, kind, slug).status_code == 404
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "address",
    ["", "not-an-address", "two@at@example.org", "spaces in@example.org", "x" * 250 + "@ex.org"],
)
def test_a_malformed_address_is_a_form_error(client, crew, address):
    response = follow(client, "person", crew.slug, address)
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert not Subscriber.objects.exists()
    assert not OutboxMessage.objects.exists()


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(address=st.text(max_size=300))
def test_any_text_as_an_address_is_followed_or_refused_never_an_error(
    client, settings, crew, address
):
    settings.ALERTS_FOLLOWS_PER_CLIENT_PER_HOUR = 1000
    response = follow(client, "person", crew.slug, address)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "errorlist" in response.text


def test_the_same_address_a_thousand_times_is_one_subscriber_and_one_email(client, mailbox, crew):
    for number in range(1000):
        # From as many clients, so no client's allowance stops them.
        address = READER if number % 2 else READER.upper().replace("READER", "Reader")
        response = follow(
            client, "person", crew.slug, address, f"10.0.{number // 250}.{number % 250}"
        )
        assert response.status_code == 302

    assert Subscriber.objects.count() == 1
    assert Subscription.objects.count() == 1
    assert OutboxMessage.objects.filter(kind=following.CONFIRM).count() == 1
    outbox.drain()
    assert len(mailbox.messages) == 1


def test_one_client_asking_too_often_is_told_to_wait(client, settings, crew):
    settings.ALERTS_FOLLOWS_PER_CLIENT_PER_HOUR = 3
    for number in range(3):
        assert follow(client, "person", crew.slug, f"r{number}@example.org").status_code == 302
    refused = follow(client, "person", crew.slug, "r4@example.org")
    assert refused.status_code == 429
    assert "Too many requests" in refused.text
    assert not Subscriber.objects.filter(address="r4@example.org").exists()
    # Another client is not held back.
    other = follow(client, "person", crew.slug, "r4@example.org", client_address="192.0.2.99")
    assert other.status_code == 302


def expired_link(subscriber):
    """A confirmation link signed four days ago."""

    class FourDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 4 * 86400)

    signed = FourDaysAgo(salt=following.CONFIRMATION_SALT).sign_object(subscriber.pk)
    return reverse("alerts:confirm", args=[signed])


def test_an_expired_or_forged_confirmation_link_is_a_clear_error(client, crew):
    follow(client, "person", crew.slug)
    subscriber = Subscriber.objects.get()
    good = path_of(following.confirmation_link(subscriber))
    signed = good.split("/")[-2]

    expired = client.get(expired_link(subscriber))
    assert expired.status_code == 400
    assert "This confirmation link has expired" in expired.text
    assert client.post(expired_link(subscriber)).status_code == 400

    forged = [
        reverse("alerts:confirm", args=["nonsense"]),
        reverse("alerts:confirm", args=[signed[:-3] + ("aaa" if signed[-3:] != "aaa" else "bbb")]),
        reverse("alerts:confirm", args=[signing.dumps(subscriber.pk, salt="something else")]),
    ]
    for link in forged:
        response = client.get(link)
        assert response.status_code == 404, link
        assert "not one of ours" in response.text
        assert client.post(link).status_code == 404
    assert not Subscriber.objects.get().confirmed
    assert not Subscription.objects.filter(confirmed=True).exists()

    # The good link, once the address is deleted, confirms nothing either.
    subscriber.delete()
    assert client.get(good).status_code == 404


def test_the_one_click_unsubscribe_needs_no_cookie_and_stops_every_alert(mailbox, crew):
    reader = Client()
    follow(reader, "person", crew.slug)
    confirm_by_email(reader, mailbox)
    ArticleFactory(headline="First alert", people=[crew])
    outbox.drain()
    outbox.drain()
    [alert] = alerts_to(mailbox)
    unsubscribe = path_of(alert["List-Unsubscribe"].strip("<>"))

    # What the mail client's button sends: no page, no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    forged = mail_client.post(
        reverse("alerts:unsubscribe", args=["forged-token"]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert forged.status_code == 404
    assert "This link no longer works" in forged.text
    assert Subscriber.objects.exists()
    page = mail_client.get(unsubscribe)
    assert page.status_code == 200
    assert READER in page.text
    response = mail_client.post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "Unsubscribed" in response.text
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()

    ArticleFactory(headline="Second alert", people=[crew])
    outbox.drain()
    outbox.drain()
    assert len(alerts_to(mailbox)) == 1
    assert mail_client.get(unsubscribe).status_code == 404


def test_the_manage_page_shows_what_is_followed_unfollows_and_deletes_everything(
    client, mailbox, crew, studio
):
    follow(client, "person", crew.slug)
    follow(client, "organisation", studio.slug)
    confirm_by_email(client, mailbox)
    [confirmation] = mailbox.to(READER)
    [manage] = [path_of(link) for link in links(confirmation) if "/alerts/manage/" in link]

    reader = Client(enforce_csrf_checks=True)
    page = reader.get(manage)
    assert page.status_code == 200
    assert "private" in page["Cache-Control"]
    assert "Yulia Peresild" in page.text
    assert "Channel One" in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    studio_follow = Subscription.objects.get(organisation=studio)
    unfollowed = reader.post(manage, {"unfollow": studio_follow.pk, "csrfmiddlewaretoken": token})
    assert unfollowed.status_code == 302
    page = reader.get(manage)
    assert "Yulia Peresild" in page.text
    assert "Channel One" not in page.text

    ArticleFactory(headline="Channel One only", organisations=[studio])
    outbox.drain()
    outbox.drain()
    assert alerts_to(mailbox) == []

    # Without the reader's CSRF token, a form elsewhere cannot delete it for them.
    assert Client(enforce_csrf_checks=True).post(manage, {"delete": "1"}).status_code == 403
    deleted = reader.post(manage, {"delete": "1", "csrfmiddlewaretoken": token})
    assert deleted.status_code == 200
    assert "gets no more alerts" in deleted.text
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert reader.get(manage).status_code == 404
    assert client.get(reverse("alerts:manage", args=["made-up-token"])).status_code == 404


def test_pending_follows_are_forgotten_once_their_link_has_expired(client, crew, studio):
    follow(client, "person", crew.slug)
    subscriber = Subscriber.objects.get()
    forget = OutboxMessage.objects.get(kind=following.FORGET)
    assert forget.due_at > subscriber.created_at + following.confirmation_max_age()
    Subscription.objects.update(created_at=subscriber.created_at - following.confirmation_max_age())

    following.forget_unconfirmed(subscriber.pk)

    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("headline", "shown"),
    [
        ("Пересильд и Шипенко вернулись", "Пересильд и Шипенко вернулись"),
        ("Liftoff 🚀 with 👩‍🚀 aboard", "Liftoff 🚀 with 👩‍🚀 aboard"),
        ("הצוות חזר · عاد الطاقم", "הצוות חזר · عاد الطاقم"),
        ("Crew lands\r\nBcc: someone@evil.example", "Crew lands Bcc: someone@evil.example"),
    ],
    ids=["cyrillic", "emoji", "rtl", "newline"],
)
def test_any_headline_is_the_alerts_one_line_subject(client, mailbox, crew, headline, shown):
    follow(client, "person", crew.slug)
    confirm_by_email(client, mailbox)
    article = ArticleFactory(people=[crew])
    # As a row stored before headlines were normalised on save: the email must cope itself.
    type(article).objects.filter(pk=article.pk).update(headline=headline)
    outbox.drain()
    outbox.drain()

    [alert] = alerts_to(mailbox)
    assert alert["Subject"] == f"Space Cinema: {shown}"
    assert "Bcc" not in alert
    assert shown in plain_text(alert)


class RefusingMailbox(Mailbox):
    """A mail server that knows no such mailbox: a refusal for good (550)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such mailbox here"


def test_an_address_the_mail_server_refuses_for_good_is_not_tried_again(client, settings, crew):
    server = Controller(RefusingMailbox(), hostname="127.0.0.1", port=free_port())
    server.start()
    settings.MAILERS = mailer(server.port)
    try:
        follow(client, "person", crew.slug, "nobody@example.org")
        assert outbox.drain() == {"sent": 0, "retried": 0, "failed": 1}
    finally:
        server.stop()
    refused = OutboxMessage.objects.get(kind=following.CONFIRM)
    assert (refused.status, refused.attempts) == (OutboxMessage.Status.FAILED, 1)
    assert "refused the address" in refused.last_error


def test_hostile_form_values_on_the_confirm_and_manage_pages_change_nothing(client, crew):
    follow(client, "person", crew.slug)
    subscriber = Subscriber.objects.get()
    confirm = path_of(following.confirmation_link(subscriber))
    manage = reverse("alerts:manage", args=[subscriber.token])
    huge = "9" * 30

    assert client.post(confirm, {"follow": [huge, "-1", "x", "\x00", "²"]}).status_code == 302
    assert not Subscription.objects.filter(confirmed=True).exists()
    for value in (huge, "-1", "x", "\x00", "²", ""):
        assert client.post(manage, {"unfollow": value}).status_code == 302
    assert Subscription.objects.count() == 1
