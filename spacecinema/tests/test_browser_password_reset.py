"""Password reset end to end in a real browser under the site's CSP: the sign-in page's link,
the form, the email at a real SMTP server, the link it carries, the new password, signing in."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .test_password_reset import NEW, PUBLIC, mailbox, make_user, reset_link  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_forgotten_password_is_reset_from_the_sign_in_page(chromium, live_server, mailbox):  # noqa: F811
    make_user("editor")
    context = chromium.new_context(bypass_csp=False)
    refusals = []
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.click("text=Forgotten your login credentials?")
    page.fill("#id_email", "editor@example.org")
    page.click("input[type=submit]")
    expect(page.locator("#content")).to_contain_text("We’ve emailed you instructions")

    assert len(mailbox.messages) == 1
    link = reset_link(mailbox.messages[0][1])
    # The email names the public address; the test server stands in for it.
    page.goto(live_server.url + link.removeprefix(PUBLIC))
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.click("input[type=submit]")
    expect(page.locator("#content")).to_contain_text("Your password has been set.")

    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", NEW)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")
    assert refusals == []
    context.close()
