"""Before publishing (issue 15): the checklist at the Publish step and on the change page,
the question before unpublishing, and times that name their zone across the desk."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from PIL import Image

from articles.checklist import Draft, review
from articles.models import Article, Author, StatusChange
from people.tests.factories import PersonFactory

from .factories import ArticleFactory, SourceFactory, change_form_data

pytestmark = pytest.mark.django_db

ANYWAY = {"publish_despite_warnings": "on"}


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 40, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def byline():
    return Author.objects.create(name="Anna Orbit", slug="anna-orbit")


@pytest.fixture
def ready(byline):
    """A draft that passes every check: byline, subject, source, plain text."""
    article = ArticleFactory(
        draft=True,
        headline="Challenge crew lands with the first film shot in orbit",
        body="Yulia Peresild and Klim Shipenko are back on Earth.",
        authors=[byline],
        people=[PersonFactory(name="Yulia Peresild", slug="yulia-peresild")],
    )
    SourceFactory(article=article, publisher="Roscosmos", url="")
    return article


def publish(client, article, **changes):
    return client.post(change_url(article), change_form_data(article, _publish="1", **changes))


def checklist_of(response):
    """The checklist's rows as the editor reads them: check, result, what was found."""
    section = re.search(r'<fieldset[^>]*id="publish-checklist".*?</fieldset>', response.text, re.S)
    assert section, "no checklist on the page"
    found = {}
    for level, row in re.findall(r'<tr class="checklist-(\w+)">(.*?)</tr>', section.group(0), re.S):
        label = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found[label] = (level, " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cells[-1])).split()))
    return found


def assert_not_published(article):
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_ready_draft_publishes_in_one_press(editor_client, ready):
    response = publish(editor_client, ready)

    assert response.status_code == 302
    assert list(Article.objects.published()) == [ready]


@pytest.mark.parametrize(
    ("changes", "check", "said"),
    [
        ({"authors": []}, "Byline", "There is no byline"),
        ({"body": ""}, "Body", "The body is empty"),
        ({"body": "[](https://example.org/)\n\n&nbsp;&#8203;\n\n***"}, "Body", "The body is empty"),
        ({"headline": "   "}, "Headline", "There is no headline"),
        (
            {"lead_image_alt": ""},
            "Lead image",
            "The lead image has no alt text",
        ),
    ],
    ids=["no byline", "empty body", "body of stripped markup", "blank headline", "no alt text"],
)
def test_errors_refuse_publishing_even_when_overridden(
    editor_client, ready, changes, check, said, tmp_path, settings
):
    if check == "Lead image":
        settings.MEDIA_ROOT = tmp_path
        ready.lead_image = ContentFile(jpeg(1200, 800), name="capsule.jpg")
        ready.lead_image_alt = "The capsule on the steppe"
        ready.save()
    typed = change_form_data(ready, _publish="1", **ANYWAY) | changes

    response = editor_client.post(change_url(ready), typed)

    assert response.status_code == 200
    assert "Not published: the checklist below found" in response.text
    level, found = checklist_of(response)[check]
    assert (level, said in found) == ("error", True)
    assert "Publish anyway" not in response.text, "errors cannot be overridden"
    assert_not_published(ready)
    # Nothing typed is lost: the form comes back with it.
    form = response.context["adminform"].form
    assert form["standfirst"].value() == ready.standfirst


@pytest.mark.parametrize(
    ("changes", "check", "said"),
    [
        ({"people": []}, "Subjects", "No people, organisations, productions or tags"),
        (
            {"sources-TOTAL_FORMS": "1", "sources-INITIAL_FORMS": "1", "sources-0-DELETE": "on"},
            "Sources",
            "No sources",
        ),
        (
            {"body": "Peresild landed.\n\nTODO check with Roscosmos before we go"},
            "Notes to the desk",
            "in the body, line 3: TODO check with Roscosmos before we go",
        ),
        (
            {"standfirst": "Notes for the desk: is this the final cut?"},
            "Notes to the desk",
            "in the standfirst: Notes for the desk: is this the final cut?",
        ),
        (
            {"headline": "Shipenko [[link the film page]] lands"},
            "Notes to the desk",
            "in the headline: Shipenko [[link the film page]] lands",
        ),
        (
            {"body": "The crew spent xxx days in orbit."},
            "Notes to the desk",
            "in the body, line 1: The crew spent xxx days in orbit.",
        ),
        (
            {"headline": "The Challenge " + "and its crew " * 8 + "land in Kazakhstan at dawn"},
            "Headline",
            "The headline is 144 characters long",
        ),
        (
            {"body": "Landing.\n\n![The capsule](https://images.example.org/capsule.jpg)"},
            "Images",
            "comes from images.example.org, which the site's Content Security Policy blocks",
        ),
        (
            {"body": "Landing.\n\n![The crew](//cdn.example.net/crew.png)"},
            "Images",
            "comes from cdn.example.net",
        ),
        (
            {"body": 'Landing. <img src="/media/crew.png" alt="The crew">'},
            "Images",
            "An <img> tag in the body is shown to readers as text, not as a picture: put "
            'images in as Markdown, ![what it shows](address): Landing. <img src="/media/crew',
        ),
    ],
    ids=[
        "no subjects",
        "sources deleted in the inline",
        "TODO",
        "notes for the desk",
        "[[",
        "xxx",
        "long headline",
        "Markdown image from outside",
        "protocol-relative image from outside",
        "<img> tag",
    ],
)
def test_each_warning_holds_the_article_back_until_overridden(
    editor_client, ready, changes, check, said
):
    source = ready.sources.get()
    changes = {**changes}
    if "sources-0-DELETE" in changes:
        changes |= {
            "sources-0-id": str(source.pk),
            "sources-0-article": str(ready.pk),
            "sources-0-publisher": source.publisher,
        }

    held = editor_client.post(change_url(ready), change_form_data(ready, _publish="1", **changes))

    assert held.status_code == 200
    assert "Not published yet: the checklist below has 1 warning." in held.text
    checklist = checklist_of(held)
    assert checklist[check][0] == "warning"
    assert said in checklist[check][1]
    assert [label for label, (level, _) in checklist.items() if level != "passed"] == [check]
    assert 'name="publish_despite_warnings"' in held.text
    assert "Publish anyway: I have read the warnings" in held.text
    # The buttons still offer to publish the draft, not to unpublish what was not published.
    assert 'name="_publish"' in held.text and 'name="_unpublish"' not in held.text
    assert_not_published(ready)

    ready.refresh_from_db()
    overridden = editor_client.post(
        change_url(ready), change_form_data(ready, _publish="1", **changes, **ANYWAY)
    )

    assert overridden.status_code == 302
    assert list(Article.objects.published()) == [ready]
    assert StatusChange.objects.get(article=ready).to_status == "published"


def test_the_tick_overrides_the_warnings_read_not_one_added_after(editor_client, ready):
    """An editor reads one warning and ticks past it, but has meanwhile typed a note to the
    desk into the body: the new warning holds the article back, and the box comes unticked."""
    long_headline = {"headline": "The Challenge " + "and its crew " * 8 + "land at dawn"}
    held = editor_client.post(
        change_url(ready), change_form_data(ready, _publish="1", **long_headline)
    )
    read = re.search(r'name="warnings_read" value="([0-9a-f]+)"', held.text).group(1)
    assert not re.search(r'name="publish_despite_warnings"[^>]*checked', held.text)

    with_a_note = change_form_data(
        ready,
        _publish="1",
        body="Yulia Peresild and Klim Shipenko are back on Earth. TODO ask Roscosmos.",
        warnings_read=read,
        **long_headline,
        **ANYWAY,
    )
    held_again = editor_client.post(change_url(ready), with_a_note)

    assert held_again.status_code == 200
    assert "Not published yet: the checklist below has 2 warnings." in held_again.text
    assert not re.search(r'name="publish_despite_warnings"[^>]*checked', held_again.text)
    assert_not_published(ready)

    read_now = re.search(r'name="warnings_read" value="([0-9a-f]+)"', held_again.text).group(1)
    assert read_now != read
    published = editor_client.post(change_url(ready), {**with_a_note, "warnings_read": read_now})
    assert published.status_code == 302
    assert list(Article.objects.published()) == [ready]


def test_an_image_from_a_host_the_policy_allows_is_not_a_warning(editor_client, ready, settings):
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "img-src": [CSP.SELF, "data:", "https://*.example.org"],
    }
    body = (
        "![The capsule](https://images.example.org/capsule.jpg)\n\n"
        "![Our own](/media/articles/crew.jpg)\n\n"
        f"![Our own, in full]({settings.SITE_URL}/media/articles/crew.jpg)"
    )

    response = publish(editor_client, ready, body=body)

    assert response.status_code == 302


def test_scheduling_with_the_status_is_checked_like_the_publish_button(editor_client, ready):
    next_week = timezone.now() + timedelta(days=7)
    typed = change_form_data(
        ready,
        status="published",
        people=[],
        published_at_0=next_week.strftime("%Y-%m-%d"),
        published_at_1=next_week.strftime("%H:%M:%S"),
    )

    held = editor_client.post(change_url(ready), typed)

    assert "Not published yet" in held.text
    assert checklist_of(held)["Subjects"][0] == "warning"
    assert not Article.objects.scheduled().exists()

    editor_client.post(change_url(ready), typed | ANYWAY)

    assert list(Article.objects.scheduled()) == [ready]


def test_a_writer_pressing_publish_is_refused_by_the_workflow_not_the_checklist(
    writer_client, writer
):
    article = ArticleFactory(draft=True, byline=writer)

    response = writer_client.post(
        change_url(article), change_form_data(article, _publish="1", **ANYWAY)
    )

    assert "may not move" in response.text
    assert 'id="publish-checklist"' not in response.text
    assert_not_published(article)


@pytest.mark.parametrize(
    "hostile",
    [
        "TODO <script>alert('x')</script> спросить Пересильд",
        "TODO 🚀🎬👩‍🚀 emoji crew",
        "TODO \u202eتحقق من المصدر\u202c right-to-left",
        "TODO \x07bell \x1b[31mred\x1b[0m \u0000null",
        "TODO " + "\U0010ffff" * 3 + "&amp; <b onmouseover=alert(1)>",
    ],
    ids=["cyrillic and script", "emoji", "rtl override", "control characters", "odd"],
)
def test_hostile_text_in_the_quoted_snippet_is_escaped(editor_client, ready, hostile):
    response = publish(editor_client, ready, body=f"Landing.\n\n{hostile}")

    assert response.status_code == 200
    section = re.search(r'id="publish-checklist".*?</fieldset>', response.text, re.S).group(0)
    quote = re.search(r"<q><bdi>(.*?)</bdi></q>", section, re.S).group(1)
    assert "<" not in quote and ">" not in quote
    assert html.unescape(quote).startswith("TODO")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", quote)
    if "спросить" in hostile:
        assert "спросить" in quote and "&lt;script&gt;" in quote
    if "🚀" in hostile:
        assert "🚀🎬👩‍🚀" in quote
    assert_not_published(ready)


def test_the_change_page_shows_the_saved_articles_checklist_to_editors(editor_client, byline):
    article = ArticleFactory(
        draft=True,
        headline="Shipenko's notes",
        body="Filming went well. TODO: add the landing time",
        authors=[byline],
    )

    page = editor_client.get(change_url(article))

    checklist = checklist_of(page)
    assert checklist["Byline"] == ("passed", "Says who wrote it.")
    assert checklist["Body"][0] == "passed"
    assert checklist["Subjects"][0] == "warning"
    assert checklist["Sources"][0] == "warning"
    assert checklist["Notes to the desk"] == (
        "warning",
        "Looks like a note to the desk, in the body, line 1: "
        "Filming went well. TODO: add the landing time",
    )
    assert "Publish anyway" not in page.text, "the override comes with the Publish step"


def test_the_change_page_shows_errors_of_the_saved_article(editor_client):
    article = ArticleFactory(draft=True, body="")

    checklist = checklist_of(editor_client.get(change_url(article)))

    assert checklist["Byline"][0] == "error"
    assert checklist["Body"][0] == "error"


def test_no_checklist_for_writers_or_on_published_articles(writer, editor_client, ready):
    own = ArticleFactory(draft=True, byline=writer)
    writer_client = Client()
    writer_client.force_login(writer)
    assert 'id="publish-checklist"' not in writer_client.get(change_url(own)).text
    ready.status, ready.published_at = Article.Status.PUBLISHED, timezone.now()
    ready.save()
    assert 'id="publish-checklist"' not in editor_client.get(change_url(ready)).text


@pytest.mark.parametrize("subjects", [1, 12])
def test_the_saved_checklist_reads_the_article_in_one_query(
    django_assert_num_queries, byline, subjects
):
    article = ArticleFactory(
        draft=True,
        authors=[byline],
        people=[PersonFactory() for _ in range(subjects)],
        tags=[f"tag-{n}" for n in range(subjects)],
    )
    for _ in range(subjects):
        SourceFactory(article=article)

    with django_assert_num_queries(1):
        checklist = review(Draft.of_article(article))

    assert (checklist.errors, checklist.warnings) == ([], [])


def published(byline, **fields):
    article = ArticleFactory(authors=[byline], headline="The Challenge is out", **fields)
    return article


def test_unpublishing_asks_first(editor_client, byline):
    article = published(byline)

    asked = editor_client.post(change_url(article), change_form_data(article, _unpublish="1"))

    assert asked.status_code == 200
    assert "Unpublishing takes “The Challenge is out” off the site" in asked.text
    assert 'name="confirm_unpublish"' in asked.text
    assert Article.objects.published().filter(pk=article.pk).exists()

    confirmed = editor_client.post(
        change_url(article), change_form_data(article, _unpublish="1", confirm_unpublish="on")
    )

    assert confirmed.status_code == 302
    assert not Article.objects.published().exists()
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_moving_a_live_article_back_to_draft_with_the_status_asks_too(editor_client, byline):
    article = published(byline)

    asked = editor_client.post(change_url(article), change_form_data(article, status="draft"))

    assert 'name="confirm_unpublish"' in asked.text
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_an_ordinary_save_of_a_live_article_asks_nothing(editor_client, byline):
    article = published(byline)

    saved = editor_client.post(change_url(article), change_form_data(article, body="Updated."))

    assert saved.status_code == 302
    assert Article.objects.get(pk=article.pk).body == "Updated."


def test_a_scheduled_article_is_taken_back_without_the_question(editor_client, byline):
    article = published(byline, published_at=timezone.now() + timedelta(days=2))

    response = editor_client.post(change_url(article), change_form_data(article, _unpublish="1"))

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == "draft"


UTC_TIME = re.compile(r"\d{1,2} \w{3} \d{4}, [^<]*?(?:a\.m\.|p\.m\.|noon|midnight) UTC")


def test_the_change_list_shows_times_with_their_zone(editor_client, byline):
    published(byline, published_at=timezone.now() - timedelta(hours=3))

    page = editor_client.get(reverse("admin:articles_article_changelist")).text

    cells = re.findall(r'<td class="field-(published_at)[^"]*">(.*?)</td>', page)
    assert [name for name, _ in cells] == ["published_at"]
    assert all(UTC_TIME.fullmatch(text) for _, text in cells), cells


def test_the_change_page_names_the_zone_of_times(editor_client, writer, byline):
    scheduled = published(byline, published_at=timezone.now() + timedelta(days=2))
    page = editor_client.get(change_url(scheduled)).text
    assert "Times are in UTC." in page
    assert UTC_TIME.search(re.search(r"Scheduled for ([^<]*)", page).group(1))

    own = ArticleFactory(byline=writer, draft=True, published_at=timezone.now())
    writer_client = Client()
    writer_client.force_login(writer)
    readonly = writer_client.get(change_url(own)).text
    shown = re.search(r'field-published_at.*?<div class="readonly">(.*?)</div>', readonly, re.S)
    assert UTC_TIME.fullmatch(shown.group(1))


def test_history_and_messages_name_the_zone(editor_client, ready):
    next_week = timezone.now() + timedelta(days=7)
    response = publish(
        editor_client,
        ready,
        published_at_0=next_week.strftime("%Y-%m-%d"),
        published_at_1="09:00:00",
    )
    message = editor_client.get(response["Location"]).text
    assert re.search(r"is now scheduled for \d+ \w+ \d{4}, 9 a\.m\. UTC\.", message)

    history = editor_client.get(reverse("admin:articles_article_history", args=[ready.pk])).text

    status_rows = re.search(r'<table id="status-history">.*?</table>', history, re.S).group(0)
    times = re.findall(r"<th scope=\"row\">(.*?)</th>", status_rows)
    assert times and all(UTC_TIME.fullmatch(time) for time in times)
    assert "9 a.m. UTC (scheduled)" in status_rows
    revision_rows = re.search(r'<table id="change-history">.*?</table>', history, re.S).group(0)
    saved = re.findall(r'<th scope="row"><a href="[^"]+">(.*?)</a></th>', revision_rows)
    assert saved and all(UTC_TIME.fullmatch(time) for time in saved)


def test_publishing_from_the_list_refuses_articles_with_errors(editor_client, ready):
    no_byline = ArticleFactory(draft=True, headline="Who wrote this?")

    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [ready.pk, no_byline.pk]},
        follow=True,
    )

    assert list(Article.objects.published()) == [ready]
    assert_not_published(no_byline)
    messages = [str(message) for message in response.context["messages"]]
    assert "“Who wrote this?” was not published: There is no byline: every published " in (
        " ".join(messages)
    )
    assert "1 article(s) published or scheduled." in messages
