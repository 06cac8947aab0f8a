"""A reader in a real browser: the journey through the site, and axe-core on every page type."""

import re

import pytest
from playwright.sync_api import expect

from newsroom.tests.checks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PAGE_TYPES = [
    "/",
    "/news/",
    "/news/2021/",
    "/news/2021/10/",
    "/news/space-race-first-film-in-orbit/",
    "/authors/dana-whitfield/",
    "/tags/",
    "/tags/challenge/",
    "/people/",
    "/people/yulia-peresild/",
    "/organisations/",
    "/organisations/roscosmos/",
    "/projects/",
    "/projects/challenge/",
    "/race/",
    "/no-such-page/",
]


def serious_violations(page):
    violations = axe_violations(page)
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ]


def test_reader_follows_the_lead_story_to_its_people_and_productions(demo, live_server, page):
    page.goto(live_server.url + "/")
    headline = "Challenge, the first feature shot in orbit, opens in Russian cinemas"
    lead = page.locator(".lead-story-headline a")
    expect(lead).to_have_text(headline)
    lead.click()

    expect(page).to_have_url(re.compile(r"/news/challenge-premieres-in-russia/$"))
    expect(page.locator("h1")).to_have_text(headline)
    expect(page.locator(".byline")).to_contain_text("By Space Cinema desk")
    page.locator(".subjects").get_by_role("link", name="Yulia Peresild").click()

    expect(page).to_have_url(re.compile(r"/people/yulia-peresild/$"))
    expect(page.locator("h1")).to_have_text("Yulia Peresild")
    expect(page.locator("main")).to_contain_text("Юлия Пересильд")
    credits = page.locator(".credit-list")
    expect(credits).to_contain_text("Challenge: actor")
    credits.get_by_role("link", name="Challenge").click()

    expect(page).to_have_url(re.compile(r"/projects/challenge/$"))
    expect(page.locator("h1")).to_contain_text("Challenge")
    expect(page.locator(".status")).to_have_text("Released")
    page.locator(".rival").get_by_role("link", name="Tom Cruise space film").click()

    expect(page).to_have_url(re.compile(r"/projects/tom-cruise-space-film/$"))
    expect(page.locator("h1")).to_contain_text("Tom Cruise space film")
    expect(page.locator(".status")).to_have_text("In development")
    expect(page.locator(".rival")).to_contain_text("Its rival: Challenge")
    page.locator(".rival").get_by_role("link", name="See the race side by side").click()

    expect(page).to_have_url(re.compile(r"/race/$"))
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("The race to film in space")
    expect(main.get_by_role("heading", name="Challenge", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Tom Cruise space film")).to_be_visible()
    expect(main.locator("svg")).to_have_count(1)
    expect(main.locator("table")).to_contain_text("Launch to the ISS")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_news_pages_have_no_serious_accessibility_violations(
    demo, live_server, chromium, color_scheme
):
    context = chromium.new_context(color_scheme=color_scheme)
    page = context.new_page()
    problems = []
    try:
        for path in PAGE_TYPES:
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_have_count(1)
            problems += serious_violations(page)
    finally:
        context.close()
    assert problems == []


def test_skip_link_appears_on_focus_and_moves_to_the_content(demo, live_server, page):
    page.goto(live_server.url + "/news/")
    skip = page.locator(".skip-link")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_pages_work_on_a_phone_without_javascript(demo, live_server, chromium):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    try:
        for path in ["/", "/news/space-race-first-film-in-orbit/"]:
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
        page.locator(".site-nav").get_by_role("link", name="News").click()
        expect(page.locator("h1")).to_have_text("News")
    finally:
        context.close()


def test_a_page_leaves_nothing_in_the_browser_console(demo, live_server, page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert errors == []
    icon = page.evaluate(
        "fetch(document.querySelector('link[rel=icon]').href).then(answer => answer.status)"
    )
    assert icon == 200
    assert page.request.get(live_server.url + "/favicon.ico").status == 200
