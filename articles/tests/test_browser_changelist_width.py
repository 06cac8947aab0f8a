"""The article list fits a 1280 px screen: long headlines, many bylines and tags wrap inside
their columns instead of widening the page or being cut off."""

import pytest
from django.urls import reverse

from .factories import PASSWORD, ArticleFactory, AuthorFactory, make_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEASURE = """() => {
    const results = document.querySelector('#changelist-form .results');
    const edge = results.getBoundingClientRect().right;
    const cells = [...document.querySelectorAll('#result_list th, #result_list td')];
    return {
        pageWidth: document.documentElement.scrollWidth,
        listScrolls: results.scrollWidth > results.clientWidth,
        clipped: cells
            .filter(cell => cell.scrollWidth > cell.clientWidth + 1
                || cell.getBoundingClientRect().right > edge + 1)
            .map(cell => cell.className + ': ' + cell.textContent.trim().slice(0, 40)),
    };
}"""


def test_the_article_list_fits_1280_px_without_clipping(chromium, live_server):
    make_editor("eddie", "Eddie Editor")
    authors = [
        AuthorFactory(name=f"Anastasia Konstantinopolskaya-Vasilyevna {number}")
        for number in range(8)
    ]
    tags = [f"international-space-station-expedition-{number}" for number in range(12)]
    for number in range(5):
        ArticleFactory(
            headline=(
                f"Roscosmos and Channel One confirm the crew of the first feature film shot "
                f"in orbit, with a back-up actress training at Star City, part {number}"
            ),
            authors=authors,
            tags=tags,
        )
    ArticleFactory(headline="Supercalifragilistic" * 8, authors=authors[:1], tags=tags[:1])

    context = chromium.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")
    page.goto(f"{live_server.url}{reverse('admin:articles_article_changelist')}")
    page.wait_for_selector("#result_list")

    measured = page.evaluate(MEASURE)

    assert measured["pageWidth"] <= 1280
    assert not measured["listScrolls"]
    assert measured["clipped"] == []
    context.close()
