"""Makes docs/screenshots/desk-conflict.png, the conflict screen at 1280x800: run once by hand with
`.venv/bin/python -m pytest -p no:cacheprovider docs/screenshots/desk_conflict.py` (not a test:
outside the suite's testpaths and file names)."""

from pathlib import Path

import pytest
import reversion
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import PASSWORD, ArticleFactory, make_editor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOT = Path(__file__).with_name("desk-conflict.png")

BODY = (
    "The Russian film Challenge (Vyzov) is the first feature film with scenes shot in orbit. "
    "Actor Yulia Peresild and director Klim Shipenko launched on Soyuz MS-19 on 5 October "
    "2021 with commander Anton Shkaplerov.\n\n"
    "They spent 12 days aboard the International Space Station, where Shipenko filmed about "
    "35 minutes of the finished picture, with cosmonauts Oleg Novitsky and Pyotr Dubrov in "
    "supporting roles.\n\n"
    "Peresild plays a surgeon sent to the station to operate on a cosmonaut who cannot be "
    "brought home. The film opened in Russian cinemas in April 2023."
)


def log_in(browser, live_server, username):
    context = browser.new_context(bypass_csp=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('admin:index')}")
    return page


def test_desk_conflict_screenshot(chromium, live_server):
    make_editor("anna", "Anna Kovaleva")
    make_editor("boris", "Boris Orlov")
    with reversion.create_revision():
        article = ArticleFactory(
            draft=True,
            headline="Challenge: the first feature film shot in orbit",
            standfirst="Yulia Peresild and Klim Shipenko spent 12 days filming on the ISS.",
            body=BODY,
        )
    url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    anna = log_in(chromium, live_server, "anna")
    boris = log_in(chromium, live_server, "boris")
    anna.goto(url)
    boris.goto(url)

    anna.fill(
        "#id_body",
        BODY.replace(
            "with commander Anton Shkaplerov.",
            "from Baikonur, with commander Anton Shkaplerov at the controls.",
        ),
    )
    anna.click("input[name=_continue]")
    anna.wait_for_selector(".messagelist")
    boris.fill("#id_headline", "Challenge: the first feature film shot in space")
    boris.fill(
        "#id_body",
        BODY.replace(
            "where Shipenko filmed about 35 minutes", "where Shipenko shot some 35 minutes"
        ).replace("in April 2023", "on 20 April 2023"),
    )
    boris.click("input[name=_continue]")
    boris.wait_for_selector(".conflict-theirs")
    boris.evaluate("document.querySelector('.errornote').scrollIntoView()")
    boris.screenshot(path=SCREENSHOT)

    assert Article.objects.get(pk=article.pk).body.count("Baikonur") == 1
    anna.context.close()
    boris.context.close()
