"""Two-factor sign-in in a real browser, under the site's Content Security Policy."""

import base64
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"


def code(key, ahead=0):
    totp = TOTP(key)
    totp.time = time.time() + ahead
    return f"{totp.token():06d}"


def sign_in_with_password(page, live_server):
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "wendy")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_a_writer_turns_on_two_factor_and_signs_in_with_a_code(chromium, live_server):
    get_user_model().objects.create_user("wendy", password=PASSWORD, is_staff=True)
    context = chromium.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in_with_password(page, live_server)
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")

    page.click("text=Two-factor sign-in")
    expect(page.locator("#your-two-factor")).to_contain_text("Two-factor sign-in is off")
    assert page.locator("#your-two-factor img").evaluate("image => image.naturalWidth") > 0
    secret = page.inner_text("#two-factor-secret").replace(" ", "")
    key = base64.b32decode(secret)
    page.fill("#id_otp_token", code(key))
    page.click("text=Turn on two-factor sign-in")
    expect(page.locator(".messagelist")).to_contain_text("Two-factor sign-in is on")

    page.click("#logout-form button")
    expect(page.locator("#content")).to_contain_text("Logged out")

    sign_in_with_password(page, live_server)
    expect(page.locator("#login-form")).to_contain_text("Signing in as wendy")
    # The code of the next time step: the one that set it up cannot be used twice.
    page.fill("#id_otp_token", code(key, ahead=30))
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")
    expect(page.locator("#user-tools")).to_contain_text("wendy", ignore_case=True)
    assert errors == []
    context.close()
