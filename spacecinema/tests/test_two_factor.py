"""Two-factor sign-in to the desk with an authenticator app (spacecinema/two_factor.py)."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from spacecinema.models import SignInPolicy

from .test_password_reset import mailbox, reset_link  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOGIN = "/admin/login/"
SETUP = "/admin/two-factor/"


def make_account(username, editor=False):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, is_staff=True
    )
    permissions = ["view_article", "add_article", "change_article"]
    if editor:
        permissions.append("publish_article")
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    return user


def code_for(key, at=None):
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def with_authenticator(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def password_step(client, username, password=PASSWORD, address="127.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/articles/article/"},
        REMOTE_ADDR=address,
    )


def code_step(client, username, code, address="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "otp_token": code}, REMOTE_ADDR=address)


def signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_an_account_without_an_authenticator_signs_in_with_its_password(client):
    make_account("writer")

    response = password_step(client, "writer")

    assert response.status_code == 302
    assert response.url == "/admin/articles/article/"
    assert signed_in(client)


def test_a_staff_member_sets_up_an_authenticator_and_then_needs_its_code(client):
    writer = make_account("writer")
    client.force_login(writer)
    page = client.get(SETUP)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Two-factor sign-in is <strong>off</strong>" in text
    assert 'src="data:image/svg+xml;base64,' in text
    uri = re.search(r'<code id="two-factor-uri">([^<]+)</code>', text).group(1)
    assert uri.startswith("otpauth://totp/Space%20Cinema%20newsroom%3Awriter?secret=")
    key = client.session["two_factor_new_key"]

    wrong = client.post(SETUP, {"action": "set-up", "otp_token": "000000"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=writer).exists()

    done = client.post(SETUP, {"action": "set-up", "otp_token": code_for(key)}, follow=True)
    assert "Two-factor sign-in is on" in done.content.decode()
    device = TOTPDevice.objects.get(user=writer)
    assert device.confirmed and device.key == key

    later = time.time() + 60
    with time_machine.travel(later, tick=False):
        browser = Client()
        asked = password_step(browser, "writer")
        assert asked.status_code == 302
        assert asked.url == LOGIN
        assert not signed_in(browser)
        form = browser.get(LOGIN)
        assert "Signing in as <strong>writer</strong>" in form.content.decode()

        response = code_step(browser, "writer", code_for(key))
        assert response.status_code == 302
        assert response.url == "/admin/articles/article/"
        assert signed_in(browser)


def test_a_wrong_code_is_refused_and_nobody_is_signed_in(client):
    device = with_authenticator(make_account("writer"))
    password_step(client, "writer")

    refused = code_step(
        client, "writer", "123456" if code_for(device.key) != "123456" else "654321"
    )

    assert refused.status_code == 200
    assert "That code is not right" in refused.content.decode()
    assert not signed_in(client)


def test_the_code_step_cannot_be_reached_without_the_password(client):
    device = with_authenticator(make_account("writer"))

    response = code_step(client, "writer", code_for(device.key))

    assert response.status_code == 200
    # The password step again, its password missing.
    assert 'name="password"' in response.content.decode()
    assert "This field is required." in response.content.decode()
    assert not signed_in(client)


def guess_codes(client, device, times, address, start):
    """Wrong codes after the right password, each once the waits owed so far have passed."""
    wrong = "123456" if code_for(device.key) != "123456" else "654321"
    for number in range(times):
        with time_machine.travel(start + timedelta(seconds=70 * number), tick=False):
            assert password_step(client, "writer", address=address).url == LOGIN
            refused = code_step(client, "writer", wrong, address=address)
            assert refused.status_code == 200
            assert "That code is not right" in refused.content.decode()


def test_wrong_codes_count_as_failed_sign_ins_and_lock_the_address(client, settings):
    device = with_authenticator(make_account("writer"))
    attacker = "203.0.113.7"
    start = timezone.now()
    guess_codes(client, device, settings.AXES_FAILURE_LIMIT - 1, attacker, start)

    with time_machine.travel(start + timedelta(seconds=70 * 5), tick=False):
        password_step(client, "writer", address=attacker)
        wrong = "123456" if code_for(device.key) != "123456" else "654321"
        locked = code_step(client, "writer", wrong, address=attacker)
        assert locked.status_code == 429
        assert "Account locked" in locked.content.decode()

    with time_machine.travel(start + timedelta(seconds=70 * 6), tick=False):
        # Locked: the right password and the right code are refused from that address...
        assert (
            code_step(client, "writer", code_for(device.key), address=attacker).status_code == 429
        )
        assert password_step(client, "writer", address=attacker).status_code == 429
        assert not signed_in(client)
        # ...not from the writer's own.
        own = Client()
        assert password_step(own, "writer", address="198.51.100.20").url == LOGIN
        assert (
            code_step(own, "writer", code_for(device.key), address="198.51.100.20").status_code
            == 302
        )
        assert signed_in(own)


def test_the_code_step_is_locked_once_the_address_is(client, settings):
    device = with_authenticator(make_account("writer"))
    attacker = "203.0.113.7"
    start = timezone.now()
    with time_machine.travel(start + timedelta(seconds=70 * 4), tick=False):
        password_step(client, "writer", address=attacker)
    # Meanwhile the address runs out of tries on another account's password.
    for number in range(settings.AXES_FAILURE_LIMIT):
        with time_machine.travel(start + timedelta(seconds=70 * number), tick=False):
            guessed = Client().post(
                LOGIN, {"username": "nobody", "password": "guess"}, REMOTE_ADDR=attacker
            )
            assert guessed.status_code == (200 if number < settings.AXES_FAILURE_LIMIT - 1 else 429)

    with time_machine.travel(start + timedelta(seconds=70 * 5), tick=False):
        response = code_step(client, "writer", code_for(device.key), address=attacker)
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    assert not signed_in(client)


def test_repeated_wrong_codes_are_slowed_down(client):
    device = with_authenticator(make_account("writer"))
    wrong = "123456" if code_for(device.key) != "123456" else "654321"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        password_step(client, "writer")
        for _ in range(3):
            assert code_step(client, "writer", wrong).status_code == 200
        slowed = code_step(client, "writer", code_for(device.key))
        assert slowed.status_code == 429
        assert slowed["Retry-After"] == "1"
        assert not signed_in(client)


def test_an_editor_requires_two_factor_and_an_account_without_it_must_set_it_up(client):
    editor = make_account("editor", editor=True)
    with_authenticator(editor)
    writer = make_account("writer")
    client.force_login(editor)
    refused = client.post(SETUP, {"action": "require"})
    assert refused.status_code == 302
    assert SignInPolicy.current().two_factor_required

    browser = Client()
    response = password_step(browser, "writer")
    assert response.status_code == 302
    desk = browser.get(reverse("admin:articles_article_changelist"))
    assert desk.status_code == 302
    assert desk.url == SETUP
    setup = browser.get(SETUP)
    assert "The desk requires two-factor sign-in" in setup.content.decode()
    assert browser.get(reverse("admin:index")).url == SETUP

    key = browser.session["two_factor_new_key"]
    browser.post(SETUP, {"action": "set-up", "otp_token": code_for(key)})
    assert TOTPDevice.objects.filter(user=writer, confirmed=True).exists()
    assert browser.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_a_writer_cannot_require_two_factor_of_the_desk(client):
    writer = make_account("writer")
    with_authenticator(writer)
    client.force_login(writer)

    client.post(SETUP, {"action": "require"})

    assert not SignInPolicy.current().two_factor_required
    assert "Require two-factor sign-in of every account" not in client.get(SETUP).content.decode()


def test_an_editor_must_set_up_their_own_before_requiring_it(client):
    client.force_login(make_account("editor", editor=True))

    response = client.post(SETUP, {"action": "require"})

    assert response.status_code == 400
    assert "Set up two-factor for your own account first." in response.content.decode()
    assert not SignInPolicy.current().two_factor_required


def test_removing_the_authenticator_needs_a_current_code(client):
    writer = make_account("writer")
    device = with_authenticator(writer)
    client.force_login(writer)

    wrong = "123456" if code_for(device.key) != "123456" else "654321"
    refused = client.post(SETUP, {"action": "remove", "otp_token": wrong})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=writer).exists()

    with time_machine.travel(time.time() + 60, tick=False):
        client.post(SETUP, {"action": "remove", "otp_token": code_for(device.key)})
    assert not TOTPDevice.objects.filter(user=writer).exists()


def test_a_password_reset_does_not_skip_the_code(client, mailbox):  # noqa: F811
    device = with_authenticator(make_account("writer"))
    client.post(reverse("admin_password_reset"), {"email": "writer@example.org"})
    _, message = mailbox.messages[0]
    link = reset_link(message).split("news.example.org", 1)[1]
    opened = client.get(link, follow=True)
    new = "a new and long passphrase 42"
    client.post(opened.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert not signed_in(client)

    asked = password_step(client, "writer", password=new)
    assert asked.status_code == 302
    assert asked.url == LOGIN
    assert not signed_in(client)
    assert code_step(client, "writer", code_for(device.key)).status_code == 302
    assert signed_in(client)


def test_the_admins_device_list_removes_a_lost_authenticator_without_showing_its_key(client):
    device = with_authenticator(make_account("writer"))
    superuser = get_user_model().objects.create_superuser("chief", password=PASSWORD)
    client.force_login(superuser)

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert page.status_code == 200
    assert device.key not in page.content.decode()
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
