"""The Content Security Policy: on every page, and obeyed by the pages in a real browser."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Article, Author
from people.models import Organisation, Person
from projects.models import Project

pytestmark = pytest.mark.django_db

VIOLATION_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def page_of_every_type():
    article = Article.objects.published().first()
    return [
        reverse("home"),
        reverse("articles:list"),
        reverse("articles:archive-year", kwargs={"year": article.published_at.year}),
        article.get_absolute_url(),
        Author.objects.filter(articles__isnull=False).first().get_absolute_url(),
        reverse("people:list"),
        Person.objects.get(slug="yulia-peresild").get_absolute_url(),
        reverse("people:organisation-list"),
        Organisation.objects.get(slug="roscosmos").get_absolute_url(),
        reverse("projects:list"),
        Project.objects.get(slug="challenge").get_absolute_url(),
        reverse("projects:race"),
        reverse("tags:list"),
        reverse("tags:detail", kwargs={"slug": article.tags.first().slug}),
        reverse("admin:login"),
    ]


def test_every_page_type_carries_the_policy(client, demo):
    statuses = {**dict.fromkeys(page_of_every_type(), 200), "/no-such-page/": 404}
    for url, status in statuses.items():
        response = client.get(url)
        assert response.status_code == status, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy, url


def test_cached_pages_carry_the_policy_too(client, demo, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/")
    assert "script-src 'self'" in client.get("/")["Content-Security-Policy"]


def test_other_security_headers_are_sent(client, demo):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def enforcing_page(chromium):
    """A browser tab that obeys the policy (other tests' tabs bypass it to inject axe-core)."""
    context = chromium.new_context(bypass_csp=False)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_and_the_admin_work_under_the_policy_in_a_browser(live_server, enforcing_page, demo):
    page = enforcing_page
    get_user_model().objects.create_superuser("editor", password="correct horse battery")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(VIOLATION_LISTENER)

    def visit(url):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert page.evaluate("window.__cspViolations") == [], url

    for url in page_of_every_type()[:4]:
        visit(url)

    visit(reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    assert page.evaluate("window.__cspViolations") == []
    # The article form uses the admin's scripts: date pickers, autocompletes, prepopulated slug.
    visit(reverse("admin:articles_article_add"))
    page.locator("#id_headline").press_sequentially("Soyuz MS-19 lands")
    assert page.input_value("#id_slug") == "soyuz-ms-19-lands"
    visit(reverse("admin:articles_article_change", args=[Article.objects.first().pk]))

    refused = [text for text in console if "Content Security Policy" in text]
    assert refused == []
