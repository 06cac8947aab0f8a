"""Signing in to the desk in a real browser, for the browser tests."""

from django.urls import reverse

from .factories import PASSWORD


def log_in(browser, live_server, username):
    """A signed-in tab at 1280 px that enforces the site's Content Security Policy;
    `page.refused` collects what the policy refused."""
    context = browser.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.refused = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.refused.append(message.text)
        ),
    )
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")
    return page
