import json
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def test_header_style_search_from_a_browser_is_accessible(live_server, page, demo):
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Search articles, people, productions and organisations").fill("Пересильд")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=*")
    result = page.get_by_role("link", name="Yulia Peresild")
    assert result.get_attribute("href") == "/people/yulia-peresild/"
    assert page.locator("mark").first.inner_text() == "Пересильд"

    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
    )
    assert violations == [], json.dumps(violations, indent=1)[:2000]
