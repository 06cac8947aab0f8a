import pytest

from newsroom.tests.checks import axe_violations
from projects.tests.factories import ProjectFactory

PAGES = [
    "/people/",
    "/people/yulia-peresild/",
    "/organisations/",
    "/organisations/roscosmos/",
    "/projects/",
    "/projects/challenge/",
    "/projects/tom-cruise-space-film/",
    "/race/",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessibility_violations(page):
    """axe-core's findings on the page's content (the header and footer belong to the frame)."""
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in axe_violations(page, "main")
    ]


@pytest.fixture
def browser_context(chromium):
    contexts = []

    def open_context(**options):
        context = chromium.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()


def test_every_page_passes_axe_in_light_and_dark(browser_context, live_server, demo):
    for scheme in ("light", "dark"):
        page = browser_context(color_scheme=scheme, java_script_enabled=True)
        for path in PAGES:
            page.goto(live_server.url + path)
            assert accessibility_violations(page) == [], (scheme, path)


def test_pages_fit_a_phone_and_need_no_javascript(browser_context, live_server, demo):
    page = browser_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)

    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path

    page.goto(live_server.url + "/race/")
    assert page.locator("svg.timeline").is_visible()
    assert page.locator("svg.timeline circle.timeline-marker--happened").count() == 7
    assert page.locator("table.milestone-table tbody tr").count() == 8


def test_race_without_rivals_passes_axe(browser_context, live_server):
    ProjectFactory()
    page = browser_context()

    page.goto(live_server.url + "/race/")

    assert accessibility_violations(page) == []


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("path", ["/race/", "/projects/tom-cruise-space-film/"])
def test_timeline_and_milestones_scroll_with_the_keyboard_on_a_phone(
    browser_context, live_server, demo, path
):
    page = browser_context(viewport=PHONE)
    page.goto(live_server.url + path)

    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in axe_violations(page)
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    timeline = page.get_by_role("region", name="Timeline of")
    assert timeline.evaluate("frame => frame.scrollWidth > frame.clientWidth")
    timeline.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("frame => frame.scrollLeft > 0", arg=timeline.element_handle())
    # The table scrolls too when a production's titles are long: it is a named stop as well.
    table = page.get_by_role("region", name="milestone")
    table.focus()
    assert table.evaluate("frame => document.activeElement === frame")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_cruise_films_title_is_whole_on_its_card_and_page(
    browser_context, live_server, demo, width
):
    page = browser_context(viewport={"width": width, "height": 844})
    fits = (
        "title => title.scrollWidth <= title.clientWidth"
        " && title.scrollHeight <= title.clientHeight"
    )

    page.goto(live_server.url + "/projects/")
    card_title = page.locator(".production-card h2", has_text="Tom Cruise space film")
    assert card_title.evaluate(fits)
    page.goto(live_server.url + "/projects/tom-cruise-space-film/")
    assert page.locator("h1").evaluate(fits)
    poster = page.get_by_role("img", name="Poster artwork for Tom Cruise space film")
    assert poster.evaluate("poster => poster.complete && poster.naturalWidth > 0")
    assert poster.evaluate("poster => poster.getBoundingClientRect().right") <= width
