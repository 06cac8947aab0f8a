import json

import pytest

from newsroom.tests.checks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_searching_from_the_header_then_from_the_results_page(live_server, page, demo):
    page.goto(f"{live_server.url}/")
    page.get_by_role("search").get_by_role("searchbox").fill("Вызов")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_role("link", name="Challenge").first.get_attribute("href") == (
        "/projects/challenge/"
    )

    page.get_by_label("Search articles, people, productions and organisations").fill("Пересильд")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=%D0%9F*")
    result = page.get_by_role("link", name="Yulia Peresild", exact=True)
    assert result.get_attribute("href") == "/people/yulia-peresild/"
    page.get_by_role("link", name="Articles about Yulia Peresild", exact=True).click()
    page.wait_for_url("**/people/yulia-peresild/#coverage-heading")
    page.go_back()
    assert page.locator("mark").first.inner_text() == "Пересильд"

    violations = axe_violations(page, options={"runOnly": ["wcag2a", "wcag2aa"]})
    assert violations == [], json.dumps(violations, indent=1)[:2000]
