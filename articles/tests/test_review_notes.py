"""Review notes: left with a submission, a piece sent back or any save, listed on the article
and its history, and emailed from the outbox through a real SMTP server to the people
involved."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import review_notes
from articles.models import Article, Author, ReviewNote, TransitionNotAllowed
from articles.workflow import EDITOR, WRITER, enrol
from newsroom import outbox
from newsroom.models import OutboxMessage

from .factories import PASSWORD, ArticleFactory, change_form_data
from .mailbox import free_port, mailer, plain_text, smtp_server

PUBLIC = "https://news.example.org"

# The emails are queued with the save and go out once it has committed: those tests commit for
# real, then do the outbox worker's job (outbox.drain()).
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def mailbox(settings):
    settings.SITE_URL = PUBLIC
    with smtp_server(settings) as box:
        yield box


def staff(username, role, name, email=""):
    return enrol(username, role, name=name, email=email, password=PASSWORD)[0]


@pytest.fixture
def desk():
    """Two writers and three editors; not everyone has an address."""
    return {
        "wendy": staff("wendy", WRITER, "Wendy Writer", "wendy@example.org"),
        "colm": staff("colm", WRITER, "Colm Colleague", "colm@example.org"),
        "nina": staff("nina", WRITER, "Nina Noaddress"),
        "eddie": staff("eddie", EDITOR, "Eddie Editor", "eddie@example.org"),
        "erin": staff("erin", EDITOR, "Erin Editor", "erin@example.org"),
        "ed": staff("ed", EDITOR, "Ed Noaddress"),
    }


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def post(client, user, article, button=None, **changes):
    client.force_login(user)
    data = change_form_data(article, **changes)
    if button:
        data[button] = "1"
    return client.post(change_url(article), data)


def recipients(mailbox):
    return sorted(address for addresses, _ in mailbox.messages for address in addresses)


@committed
def test_a_writer_submits_with_a_note_and_the_editors_with_an_address_are_emailed(
    client, desk, mailbox
):
    retired = staff("retired", EDITOR, "Retired Editor", "retired@example.org")
    retired.is_active = False
    retired.save()
    article = ArticleFactory(draft=True, byline=desk["wendy"], headline="Crew lands in Kazakhstan")
    ArticleFactory(draft=True, byline=desk["colm"])

    response = post(
        client,
        desk["wendy"],
        article,
        "_submit_for_review",
        note="The landing time needs checking\nagainst Roscosmos.",
    )
    assert mailbox.messages == []
    assert outbox.drain() == {"sent": 2, "retried": 0, "failed": 0}

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    note = ReviewNote.objects.get(article=article)
    assert (note.author, note.move, note.text) == (
        desk["wendy"],
        ReviewNote.Move.SUBMITTED,
        "The landing time needs checking\nagainst Roscosmos.",
    )
    # The editors, one message each; not writers, not an editor without an address or gone.
    assert recipients(mailbox) == ["eddie@example.org", "erin@example.org"]
    assert all(len(addresses) == 1 for addresses, _ in mailbox.messages)
    message = mailbox.to("erin@example.org")[0]
    assert message["Subject"] == "“Crew lands in Kazakhstan” submitted for review by Wendy Writer"
    assert message["Reply-To"] == "wendy@example.org"
    body = plain_text(message)
    assert "The landing time needs checking\nagainst Roscosmos." in body
    assert f"{PUBLIC}/admin/articles/article/{article.pk}/change/" in body


@committed
def test_an_editor_sends_a_piece_back_and_its_writers_with_an_address_are_emailed(
    client, desk, mailbox
):
    article = ArticleFactory(
        draft=True,
        status=Article.Status.IN_REVIEW,
        headline="Soyuz docks with the station",
        authors=[
            Author.byline_for(desk["wendy"]),
            Author.byline_for(desk["nina"]),
            # The sender is also on the byline: nobody is emailed their own note.
            Author.byline_for(desk["eddie"]),
        ],
    )
    ArticleFactory(draft=True, status=Article.Status.IN_REVIEW, byline=desk["colm"])

    response = post(
        client, desk["eddie"], article, "_send_back", note="Two sources, please, not one."
    )
    outbox.drain()

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    note = ReviewNote.objects.get(article=article)
    assert (note.author, note.move, note.text) == (
        desk["eddie"],
        ReviewNote.Move.SENT_BACK,
        "Two sources, please, not one.",
    )
    assert recipients(mailbox) == ["wendy@example.org"]
    message = mailbox.to("wendy@example.org")[0]
    assert message["Subject"] == "“Soyuz docks with the station” sent back by Eddie Editor"
    body = plain_text(message)
    assert "Two sources, please, not one." in body
    link = re.search(r"https://\S+", body).group()
    assert link == f"{PUBLIC}/admin/articles/article/{article.pk}/change/"
    # The link opens the article for its writer.
    client.force_login(desk["wendy"])
    opened = client.get(link.removeprefix(PUBLIC))
    assert opened.status_code == 200
    assert "Two sources, please, not one." in opened.text


@committed
def test_a_move_without_a_note_still_tells_the_desk_and_stores_no_note(client, desk, mailbox):
    article = ArticleFactory(draft=True, byline=desk["wendy"], headline="Undocking at dawn")

    post(client, desk["wendy"], article, "_submit_for_review", note="  \n ")
    outbox.drain()

    assert not ReviewNote.objects.exists()
    assert recipients(mailbox) == ["eddie@example.org", "erin@example.org"]
    assert "They left no note." in plain_text(mailbox.messages[0][1])


@committed
def test_a_note_with_a_plain_save_is_kept_and_emails_nobody(client, desk, mailbox):
    article = ArticleFactory(draft=True, byline=desk["wendy"])

    response = post(client, desk["wendy"], article, note="Still waiting for the NASA quote.")
    outbox.drain()

    assert response.status_code == 302
    note = ReviewNote.objects.get(article=article)
    assert (note.move, note.text) == (ReviewNote.Move.NOTE, "Still waiting for the NASA quote.")
    assert mailbox.messages == []
    # The revision names the note, not a change to the article.
    [revision] = Version.objects.get_for_object(article)
    assert (
        revision.revision.get_comment() == "Added review note “Still waiting for the NASA quote.”."
    )


@pytest.mark.django_db
def test_notes_are_listed_newest_first_on_the_change_page_and_in_the_history(client, desk):
    article = ArticleFactory(draft=True, byline=desk["wendy"])
    post(client, desk["wendy"], article, "_submit_for_review", note="First <b>draft</b> done.")
    article.refresh_from_db()
    post(client, desk["eddie"], article, "_send_back", note="Needs a second source.")

    for page in (change_url(article), reverse("admin:articles_article_history", args=[article.pk])):
        client.force_login(desk["wendy"])
        html = client.get(page).text
        table = html[html.index('id="review-notes"') :]
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
        assert len(rows) == 2, page
        assert "Eddie Editor" in rows[0]
        assert "Sent back" in rows[0]
        assert "Needs a second source." in rows[0]
        assert "Wendy Writer" in rows[1]
        assert "Submitted" in rows[1]
        # What writers type is text, never markup.
        assert "First &lt;b&gt;draft&lt;/b&gt; done." in rows[1]
        assert re.search(r"<time datetime=\"[^\"]+\">[^<]+ UTC</time>", rows[0]), rows[0]


@pytest.mark.django_db
def test_the_send_back_button_is_an_editors_on_an_article_in_review(client, desk):
    in_review = ArticleFactory(draft=True, status=Article.Status.IN_REVIEW, byline=desk["wendy"])
    draft = ArticleFactory(draft=True, byline=desk["wendy"])

    client.force_login(desk["eddie"])
    assert 'name="_send_back"' in client.get(change_url(in_review)).text
    assert 'name="_send_back"' not in client.get(change_url(draft)).text
    assert 'name="note"' in client.get(change_url(draft)).text
    client.force_login(desk["wendy"])
    page = client.get(change_url(in_review)).text
    assert 'name="_send_back"' not in page
    assert "Note for the desk" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status", "refusal"),
    [
        ("wendy", Article.Status.IN_REVIEW, "Only an editor sends a piece back"),
        ("eddie", Article.Status.PUBLISHED, "Only an article in review can be sent back"),
    ],
)
def test_only_an_editor_sends_back_and_only_a_piece_in_review(client, desk, who, status, refusal):
    article = ArticleFactory(status=status, byline=desk["wendy"])
    if status != Article.Status.PUBLISHED:
        Article.objects.filter(pk=article.pk).update(published_at=None)
        article.refresh_from_db()

    response = post(client, desk[who], article, "_send_back", note="Back you go.")

    assert response.status_code == 200
    assert refusal in response.text
    # Nothing is lost: the note is still in its box.
    assert "Back you go.</textarea>" in response.text
    assert Article.objects.get(pk=article.pk).status == status
    assert not ReviewNote.objects.exists()


@pytest.mark.django_db
def test_a_writer_cannot_leave_a_note_on_a_colleagues_article(client, desk):
    colleagues = ArticleFactory(draft=True, byline=desk["colm"])
    published = ArticleFactory(byline=desk["wendy"])

    sent = post(client, desk["wendy"], colleagues, note="Let me fix this.")
    assert sent.status_code == 302
    assert sent.url == reverse("admin:articles_article_changelist")
    # Their own published article is theirs to read, not to change.
    assert post(client, desk["wendy"], published, note="A late thought.").status_code == 403

    assert not ReviewNote.objects.exists()
    with pytest.raises(TransitionNotAllowed):
        review_notes.leave_note(colleagues, desk["wendy"], "Let me fix this.")


@committed
@pytest.mark.parametrize(
    ("headline", "shown"),
    [
        ("Crew lands\r\nBcc: someone@evil.example", "Crew lands Bcc: someone@evil.example"),
        ("Пересильд и Шипенко вернулись", "Пересильд и Шипенко вернулись"),
        ("Liftoff 🚀 with 👩‍🚀 aboard", "Liftoff 🚀 with 👩‍🚀 aboard"),
        ("הצוות חזר · عاد الطاقم", "הצוות חזר · عاد الطاقم"),
        ("Tab\tand\x0bvertical\x1fbreaks\u2028too\x7f", "Tab and vertical breaks too"),
    ],
    ids=["newline", "cyrillic", "emoji", "rtl", "controls"],
)
def test_any_headline_gives_a_one_line_subject(desk, mailbox, headline, shown):
    article = ArticleFactory(draft=True, byline=desk["wendy"])
    # As a row stored before headlines were normalised on save: the email must cope itself.
    Article.objects.filter(pk=article.pk).update(headline=headline)
    article.refresh_from_db()

    assert (
        review_notes.tell_the_desk(
            article, ReviewNote.Move.SENT_BACK, desk["eddie"], "See the note."
        )
        == 1
    )
    assert outbox.drain()["sent"] == 1

    [(addresses, message)] = mailbox.messages
    assert addresses == ["wendy@example.org"]
    assert message["Subject"] == f"“{shown}” sent back by Eddie Editor"
    assert "Bcc" not in message
    assert f"“{shown}”" in plain_text(message)


@committed
def test_a_mail_server_that_is_down_keeps_the_save_and_the_email_is_sent_later(
    client, desk, settings
):
    settings.SITE_URL = PUBLIC
    settings.MAILERS = mailer(free_port())
    article = ArticleFactory(draft=True, status=Article.Status.IN_REVIEW, byline=desk["wendy"])

    response = post(client, desk["eddie"], article, "_send_back", note="Please cut it by half.")

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert ReviewNote.objects.get(article=article).text == "Please cut it by half."
    assert client.get(response.url).status_code == 200
    # The worker finds the mail server down: the email waits for its next try.
    assert outbox.drain() == {"sent": 0, "retried": 1, "failed": 0}
    [waiting] = OutboxMessage.objects.filter(kind=review_notes.NOTICE)
    assert (waiting.status, waiting.attempts) == (OutboxMessage.Status.PENDING, 1)
    assert waiting.last_error.startswith("ConnectionRefusedError")

    # The server is back by the next try: the writer gets the note.
    with smtp_server(settings) as mailbox:
        OutboxMessage.objects.filter(pk=waiting.pk).update(due_at=timezone.now())
        assert outbox.drain() == {"sent": 1, "retried": 0, "failed": 0}
    assert recipients(mailbox) == ["wendy@example.org"]
    assert "Please cut it by half." in plain_text(mailbox.messages[0][1])
