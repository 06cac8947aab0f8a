"""The desk on the admin's home page: what each role finds waiting, at a fixed cost."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, StatusChange

from .factories import (
    PASSWORD,
    ArticleFactory,
    CorrectionFactory,
    change_form_data,
    make_editor,
    make_writer,
)

INDEX = reverse("admin:index")


class Desk(HTMLParser):
    """The desk's lists as a reader sees them: {list id: [(headline, link, detail)]}, and
    the sidebar's counts {label: count}."""

    def __init__(self, html):
        super().__init__()
        self.lists, self.counts = {}, {}
        self.all_links = {}
        self._list = self._entry = self._text = None
        self._in_counts = False
        self._href = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id", "").startswith("desk-"):
            self._list = attrs["id"].removeprefix("desk-")
            self.lists[self._list] = []
        elif tag == "ul" and attrs.get("class") == "desk-counts":
            self._in_counts = True
        elif tag == "li" and self._list and not self._in_counts:
            self._entry = ["", "", ""]
        elif tag == "a":
            self._href, self._text = attrs["href"], ""
        elif tag == "span" and self._entry:
            self._text = ""

    def handle_endtag(self, tag):
        if tag == "a" and self._text is not None:
            if self._entry:
                self._entry[:2] = [self._text.strip(), self._href]
            elif self._in_counts:
                label, _, count = self._text.strip().rpartition(" ")
                self.counts[label.strip()] = int(count)
            elif self._list and self._text.startswith("See all"):
                self.all_links[self._list] = self._href
            self._text = None
        elif tag == "span" and self._entry and self._text is not None:
            self._entry[2] = " ".join(self._text.split())
            self._text = None
        elif tag == "li" and self._entry:
            self.lists[self._list].append(tuple(self._entry))
            self._entry = None
        elif tag == "section":
            self._list = None
        elif tag == "ul":
            self._in_counts = False

    def handle_data(self, data):
        if self._text is not None:
            self._text += data

    def headlines(self, name):
        return [headline for headline, _, _ in self.lists[name]]


def desk_of(client):
    response = client.get(INDEX)
    assert response.status_code == 200
    return Desk(response.content.decode())


def submitted(article, by, hours_ago):
    """`article` put into review by `by`, `hours_ago` hours ago."""
    article.submit_for_review(by=by)
    moment = timezone.now() - datetime.timedelta(hours=hours_ago)
    StatusChange.objects.filter(article=article).update(changed_at=moment)
    return article


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.mark.django_db
def test_editor_sees_the_longest_waiting_first_with_bylines(editor_client, writer):
    later = submitted(ArticleFactory(draft=True, byline=writer, headline="Later"), writer, 1)
    first = submitted(ArticleFactory(draft=True, byline=writer, headline="First"), writer, 5)
    middle = submitted(ArticleFactory(draft=True, byline=writer, headline="Middle"), writer, 3)

    desk = desk_of(editor_client)

    assert desk.headlines("in_review") == ["First", "Middle", "Later"]
    assert [link for _, link, _ in desk.lists["in_review"]] == [
        change_url(first),
        change_url(middle),
        change_url(later),
    ]
    assert desk.lists["in_review"][0][2].startswith("by Wendy Writer · waiting since ")
    assert desk.counts["In review"] == 3
    assert desk.all_links["in_review"] == reverse("admin:articles_article_changelist") + (
        "?state=in_review"
    )


@pytest.mark.django_db
def test_scheduled_shows_when_it_goes_out_with_its_time_zone(editor_client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    out_at = datetime.datetime(2031, 10, 5, 9, 0, tzinfo=datetime.UTC)
    ArticleFactory(headline="Challenge premieres", published_at=out_at)
    ArticleFactory(headline="Already out")

    desk = desk_of(editor_client)

    assert desk.lists["scheduled"] == [
        (
            "Challenge premieres",
            change_url(Article.objects.get(headline="Challenge premieres")),
            "goes out 5 Oct 2031, noon MSK",
        )
    ]
    assert desk.headlines("live") == ["Already out"]
    assert desk.counts["Scheduled"] == 1


@pytest.mark.django_db
def test_editor_sees_recent_corrections_linking_to_their_article(editor_client):
    article = ArticleFactory(headline="Peresild lands")
    CorrectionFactory(article=article, text="The capsule landed in Kazakhstan, not Russia.")

    desk = desk_of(editor_client)

    [(headline, link, detail)] = desk.lists["corrected"]
    assert (headline, link) == ("Peresild lands", change_url(article))
    assert detail.endswith(": The capsule landed in Kazakhstan, not Russia.")
    ArticleFactory(headline="Never corrected")
    listed = editor_client.get(desk.all_links["corrected"])
    assert list(listed.context["cl"].result_list) == [article]


@pytest.mark.django_db
def test_writer_sees_only_their_own_drafts_submissions_and_returns(writer_client, writer, editor):
    colleague = make_writer("colleague", "Colm Colleague")
    ArticleFactory(draft=True, byline=colleague, headline="Colleague's draft")
    submitted(
        ArticleFactory(draft=True, byline=colleague, headline="Colleague's pitch"), colleague, 2
    )
    ArticleFactory(draft=True, byline=writer, headline="My draft")
    submitted(ArticleFactory(draft=True, byline=writer, headline="My pitch"), writer, 2)
    returned = submitted(
        ArticleFactory(draft=True, byline=writer, headline="Needs work"), writer, 4
    )
    returned.status = Article.Status.DRAFT
    returned.save()
    returned.record_status_change(Article.Status.IN_REVIEW, editor)
    withdrawn = submitted(
        ArticleFactory(draft=True, byline=writer, headline="Taken back"), writer, 4
    )
    withdrawn.status = Article.Status.DRAFT
    withdrawn.save()
    withdrawn.record_status_change(Article.Status.IN_REVIEW, writer)

    desk = desk_of(writer_client)

    assert set(desk.lists) == {"draft", "in_review", "sent_back"}
    assert set(desk.headlines("draft")) == {"My draft", "Needs work", "Taken back"}
    assert desk.headlines("in_review") == ["My pitch"]
    assert desk.headlines("sent_back") == ["Needs work"]
    assert desk.lists["sent_back"][0][2].startswith("sent back by Eddie Editor, ")
    assert desk.counts == {"Drafts": 3, "In review": 1, "Came back": 1}
    html = writer_client.get(INDEX).content.decode()
    assert "Colleague" not in html


@pytest.mark.django_db
def test_a_piece_an_editor_sends_back_comes_back_to_its_writer(writer_client, writer, editor):
    returned = submitted(
        ArticleFactory(draft=True, byline=writer, headline="Needs work"), writer, 4
    )
    ArticleFactory(draft=True, byline=writer, headline="Plain draft")
    desk_editor = Client()
    desk_editor.force_login(editor)
    response = desk_editor.post(change_url(returned), change_form_data(returned, status="draft"))
    assert response.status_code == 302

    desk = desk_of(writer_client)

    assert desk.headlines("sent_back") == ["Needs work"]
    listed = writer_client.get(desk.all_links["sent_back"])
    assert list(listed.context["cl"].result_list) == [returned]


@pytest.mark.django_db
def test_a_login_without_articles_gets_django_index(client):
    staff = get_user_model().objects.create_user("clerk", password=PASSWORD, is_staff=True)
    client.force_login(staff)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert Desk(response.content.decode()).lists == {}
    assert 'id="recent-actions-module"' in response.content.decode()


@pytest.mark.django_db
def test_the_desk_keeps_djangos_index(editor_client):
    html = editor_client.get(INDEX).content.decode()

    assert 'id="recent-actions-module"' in html
    assert 'class="app-articles module' in html
    assert "articles/admin/dashboard.css" in html


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_the_login(client):
    response = client.get(INDEX)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def fill_newsroom(articles, editor, writer):
    """`articles` articles of every kind the desk shows, a third each in review, scheduled
    and published, with drafts, returns and corrections among them."""
    now = timezone.now()
    for number in range(articles):
        kind = number % 4
        article = ArticleFactory(
            draft=kind < 2,
            byline=writer,
            published_at=now + datetime.timedelta(days=1 + number) if kind == 2 else None,
        )
        if kind == 0:
            submitted(article, writer, number)
        elif kind == 1:
            submitted(article, writer, number)
            article.status = Article.Status.DRAFT
            article.save()
            article.record_status_change(Article.Status.IN_REVIEW, editor)
        elif kind == 3:
            article.status = Article.Status.PUBLISHED
            article.published_at = now - datetime.timedelta(hours=number + 1)
            article.save()
            CorrectionFactory(article=article)


# Session and login, the login's permissions (two), Django's "Recent actions", then the desk:
# an editor's counts and four lists, a writer's counts and three lists.
EDITOR_QUERIES = 10
WRITER_QUERIES = 9


@pytest.mark.django_db
@pytest.mark.parametrize("articles", [3, 40])
def test_editor_desk_runs_a_fixed_number_of_queries(
    client, editor, writer, articles, django_assert_num_queries
):
    fill_newsroom(articles, editor, writer)
    client.force_login(editor)

    with django_assert_num_queries(EDITOR_QUERIES):
        desk = desk_of(client)

    assert len(desk.lists["live"]) == min(10, articles // 4)


@pytest.mark.django_db
@pytest.mark.parametrize("articles", [3, 40])
def test_writer_desk_runs_a_fixed_number_of_queries(
    client, editor, writer, articles, django_assert_num_queries
):
    fill_newsroom(articles, editor, writer)
    client.force_login(writer)

    with django_assert_num_queries(WRITER_QUERIES):
        desk = desk_of(client)

    assert len(desk.lists["draft"]) == min(10, (articles + 2) // 4)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_finds_the_desk_on_signing_in_and_opens_a_story(chromium, live_server):
    writer = make_writer("wendy", "Wendy Writer")
    make_editor("eddie", "Eddie Editor")
    pitch = submitted(
        ArticleFactory(draft=True, byline=writer, headline="Peresild's diary from orbit"), writer, 2
    )
    ArticleFactory(
        headline="Challenge opens in cinemas",
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    context = chromium.new_context(bypass_csp=False)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security" in message.text else None
        ),
    )

    page.goto(f"{live_server.url}{INDEX}")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#desk-in_review")

    assert page.inner_text("#desk-in_review li a") == "Peresild's diary from orbit"
    assert "UTC" in page.inner_text("#desk-scheduled li")
    assert page.inner_text("#desk-scheduled li a") == "Challenge opens in cinemas"
    assert page.locator("#desk-counts-module").is_visible()
    assert page.locator("#recent-actions-module").is_visible()
    page.click("#desk-in_review li a")
    page.wait_for_url(f"{live_server.url}{change_url(pitch)}")
    assert page.input_value("#id_headline") == "Peresild's diary from orbit"
    assert refused == []
    context.close()
