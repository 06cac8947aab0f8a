"""Preview links: a draft's preview shared with someone without a login, until the link
expires or is revoked; made and listed on the article's change page."""

import datetime
import re
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles import preview_links
from articles.models import Article, PreviewLink
from newsroom.rendering import iso
from newsroom.tests.checks import checker_messages

from .factories import ArticleFactory, make_writer

pytestmark = pytest.mark.django_db

NOT_WORKING = "This preview link does not work"
# The article's change page as a whole, with its list of links (one query for any number).
QUERIES_OF_THE_CHANGE_PAGE = 39


@pytest.fixture
def draft():
    return ArticleFactory(
        draft=True, headline="Draft about the Soyuz rollout", body="Secret *draft* text."
    )


@pytest.fixture
def link(draft, editor):
    return preview_links.share(
        draft, editor, "Anna Ivanova, for her quotes", datetime.timedelta(days=1)
    )


def share_url(article):
    return reverse("admin:articles_article_make_preview_link", args=[article.pk])


def link_form(shared_with, lifetime):
    """What the change page's form for a new link posts."""
    data = {"preview_link-lifetime": lifetime}
    if shared_with is not None:
        data["preview_link-shared_with"] = shared_with
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def signed_value(link):
    return link.get_absolute_url().split("/")[-2]


def assert_not_working(response):
    assert response.status_code == 404
    assert NOT_WORKING in response.text
    assert "Secret" not in response.text
    assert "Draft about the Soyuz rollout" not in response.text
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_an_editor_makes_a_link_from_the_change_page(editor_client, draft, editor):
    response = editor_client.post(
        share_url(draft), link_form("Lawyer at Roscosmos", "7d"), follow=True
    )

    link = PreviewLink.objects.get()
    assert link.article == draft
    assert link.created_by == editor
    assert link.shared_with == "Lawyer at Roscosmos"
    assert link.expires_at - link.created_at == datetime.timedelta(days=7)
    address = f"http://testserver{link.get_absolute_url()}"
    assert address in response.text, "the message gives the link to copy"
    assert response.redirect_chain[-1][0] == f"{change_url(draft)}#preview-links"


def test_the_link_opens_the_preview_without_a_login(client, link):
    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    assert "Draft about the Soyuz rollout" in response.text
    assert "<em>draft</em>" in response.text
    assert "Preview shared by Eddie Editor</strong> — not published" in response.text
    expires = date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT")
    assert f'<time datetime="{iso(link.expires_at)}">{expires}</time>' in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert 'rel="canonical"' not in response.text, "the address is the key: never repeated"
    assert "/admin/" not in response.text
    link.refresh_from_db()
    assert link.open_count == 1
    assert link.last_opened_at is not None


def test_the_page_cache_never_keeps_the_shared_preview(client, settings, link, draft):
    settings.PAGE_CACHE_SECONDS = 600
    assert "Draft about the Soyuz rollout" in client.get(link.get_absolute_url()).text
    # Changed behind the page cache's back: only a page made afresh can show it.
    Article.objects.filter(pk=draft.pk).update(headline="Headline the lawyer asked for")

    again = client.get(link.get_absolute_url())

    assert "Headline the lawyer asked for" in again.text
    assert again["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in again
    link.refresh_from_db()
    assert link.open_count == 2


def test_the_page_cache_never_keeps_a_refused_link(client, settings, link):
    settings.PAGE_CACHE_SECONDS = 600
    address = link.get_absolute_url()
    preview_links.revoke(link, None)
    assert_not_working(client.get(address))
    assert "Surrogate-Key" not in client.get(address)


def flipped(value, at):
    character = "A" if value[at] != "A" else "B"
    return value[:at] + character + value[at + 1 :]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda value: flipped(value, 0), id="token-changed"),
        pytest.param(lambda value: flipped(value, len(value) - 1), id="signature-changed"),
        pytest.param(lambda value: value[:-5], id="truncated"),
        pytest.param(lambda value: value.split(":")[0], id="signature-dropped"),
        pytest.param(lambda value: "x" * len(value), id="random"),
        pytest.param(lambda value: value + "é", id="non-ascii"),
        pytest.param(lambda value: "Союз-МС-19:" + value.split(":")[1], id="non-ascii-token"),
    ],
)
def test_a_tampered_link_is_not_found(client, link, tamper):
    assert_not_working(client.get(f"/news/shared/{quote(tamper(signed_value(link)))}/"))
    link.refresh_from_db()
    assert link.open_count == 0


def test_an_unsigned_token_from_the_database_opens_nothing(client, link):
    assert_not_working(client.get(f"/news/shared/{link.token}/"))


def test_an_expired_link_is_not_found(client, link):
    with time_machine.travel(link.expires_at - datetime.timedelta(seconds=1), tick=False):
        assert client.get(link.get_absolute_url()).status_code == 200
    with time_machine.travel(link.expires_at + datetime.timedelta(seconds=1), tick=False):
        assert_not_working(client.get(link.get_absolute_url()))


def test_a_revoked_link_is_not_found(editor_client, client, link, draft):
    revoke = reverse("admin:articles_article_revoke_preview_link", args=[draft.pk, link.pk])
    response = editor_client.post(revoke, follow=True)
    assert "The preview link for Anna Ivanova, for her quotes no longer works." in response.text
    editor_client.logout()

    assert_not_working(client.get(link.get_absolute_url()))


def test_a_link_to_a_deleted_article_is_not_found(client, link, draft):
    address = link.get_absolute_url()
    draft.delete()
    assert_not_working(client.get(address))


def test_once_published_the_link_leads_to_the_public_page(client, link, draft, editor):
    draft.publish(by=editor)

    response = client.get(link.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_scheduled_article_is_still_shown_as_a_preview(client, link, draft, editor):
    draft.publish(by=editor, at=timezone.now() + datetime.timedelta(hours=2))

    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    assert "Draft about the Soyuz rollout" in response.text


def test_no_link_lasts_longer_than_thirty_days(editor_client, draft):
    response = editor_client.post(share_url(draft), link_form("Anyone", "365d"), follow=True)
    assert "No preview link was made. Expires after: Select a valid choice." in response.text
    assert not PreviewLink.objects.exists()


def test_a_link_needs_to_say_for_whom(editor_client, draft):
    response = editor_client.post(share_url(draft), link_form(None, "1d"), follow=True)
    assert "No preview link was made. For whom: This field is required." in response.text
    assert not PreviewLink.objects.exists()


def test_a_writer_shares_a_preview_of_their_own_draft(client):
    writer = make_writer()
    article = ArticleFactory(draft=True, byline=writer)
    client.force_login(writer)

    response = client.post(share_url(article), link_form("A source", "1h"))

    assert response.status_code == 302
    assert PreviewLink.objects.get().created_by == writer


def test_a_writer_cannot_share_another_writers_article(client, draft, link):
    colleague = make_writer("colleague", "Colin Colleague")
    ArticleFactory(draft=True, byline=colleague)
    client.force_login(colleague)

    made = client.post(share_url(draft), link_form("A friend", "30d"))
    revoked = client.post(
        reverse("admin:articles_article_revoke_preview_link", args=[draft.pk, link.pk])
    )

    assert made.status_code == 403
    assert revoked.status_code == 403
    assert PreviewLink.objects.get() == link
    link.refresh_from_db()
    assert link.revoked_at is None


def test_making_a_link_takes_a_post(editor_client, draft):
    assert editor_client.get(share_url(draft)).status_code == 405
    assert not PreviewLink.objects.exists()


def test_a_link_to_an_unknown_article_is_not_found(editor_client):
    missing = reverse("admin:articles_article_make_preview_link", args=[999999])
    assert editor_client.post(missing, link_form("x", "1d")).status_code == 404


def test_the_change_page_lists_the_links(editor_client, draft, link, editor):
    revoked = preview_links.share(draft, editor, "Old lawyer", datetime.timedelta(hours=1))
    preview_links.revoke(revoked, editor)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        preview_links.share(draft, editor, "Long gone source", datetime.timedelta(days=1))

    response = editor_client.get(change_url(draft))

    page = response.text
    module = page[page.index('id="preview-links"') :]
    assert "Anna Ivanova, for her quotes" in module
    assert f'value="http://testserver{link.get_absolute_url()}"' in module
    assert "Revoked by Eddie Editor" in module
    assert "Long gone source" in module and "Expired" in module
    assert module.count(">Revoke</button>") == 1
    assert "Not yet" in module
    assert 'action="' + share_url(draft) + '"' in module
    assert re.search(r"<select[^>]*name=\"preview_link-lifetime\"", module)


@pytest.mark.parametrize("links", [1, 12])
def test_the_change_page_lists_links_in_a_fixed_number_of_queries(
    editor_client, draft, editor, links, django_assert_num_queries
):
    for number in range(links):
        preview_links.share(draft, editor, f"Source {number}", datetime.timedelta(days=1))
    revoked = preview_links.share(draft, editor, "Revoked", datetime.timedelta(days=1))
    preview_links.revoke(revoked, editor)
    # Once, so what Django keeps per process (content types) is read as on any later visit.
    editor_client.get(change_url(draft))

    with django_assert_num_queries(QUERIES_OF_THE_CHANGE_PAGE):
        response = editor_client.get(change_url(draft))

    assert response.text.count(">Revoke</button>") == links


def test_no_address_under_shared_gives_a_server_error(client, link):
    value = signed_value(link)

    @given(st.text(min_size=1), st.integers(min_value=0, max_value=len(value)))
    @hypothesis_settings(max_examples=150, deadline=None)
    def check(text, at):
        for candidate in (text, value[:at] + text + value[at:]):
            response = client.get(f"/news/shared/{quote(candidate, safe='')}/")
            # The site refuses a NUL anywhere in an address (spacecinema/security.py).
            assert response.status_code == (400 if "\x00" in candidate else 404)

    check()


def test_the_shared_preview_and_its_refusal_are_valid_html(client, link, tmp_path):
    shown = client.get(link.get_absolute_url())
    refused = client.get("/news/shared/not-a-link/")
    assert (shown.status_code, refused.status_code) == (200, 404)
    files = [tmp_path / "shown.html", tmp_path / "refused.html"]
    files[0].write_bytes(shown.content)
    files[1].write_bytes(refused.content)

    assert checker_messages(files) == []


def test_the_shared_preview_only_answers_reading(client, link):
    response = client.post(link.get_absolute_url())

    assert response.status_code == 405
    assert response["Cache-Control"] == "private, no-store"
    link.refresh_from_db()
    assert link.open_count == 0
