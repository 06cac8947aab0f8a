"""The API's docs page in a browser, under the site's Content Security Policy."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_docs_page_fits_a_phone_and_its_examples_scroll_by_keyboard(chromium, live_server):
    context = chromium.new_context(bypass_csp=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/api/v1/docs/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    overflowing = page.evaluate(
        """[...document.querySelectorAll('main *')]
            .filter(node => node.scrollWidth > node.clientWidth + 1)
            .filter(node => getComputedStyle(node).overflowX !== 'visible')
            .filter(node => node.tabIndex < 0)
            .map(node => node.outerHTML.slice(0, 80))"""
    )
    assert overflowing == []
    context.close()
