"""The admin enforces the roles on the server: POSTing past a hidden button changes nothing."""

from datetime import timedelta

import feedparser
import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Correction, StatusChange

from .factories import ArticleFactory, change_form_data, make_writer

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_writer_cannot_publish_by_posting_the_status(writer_client, writer):
    article = ArticleFactory(draft=True, byline=writer)

    response = writer_client.post(
        change_url(article), change_form_data(article, status="published", body="Sneaky.")
    )

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.status, article.body) == ("draft", "Nothing new aboard today.")


def test_writer_cannot_publish_with_the_editors_button(writer_client, writer):
    article = ArticleFactory(draft=True, byline=writer, status=Article.Status.IN_REVIEW)

    response = writer_client.post(change_url(article), change_form_data(article, _publish="1"))

    assert response.status_code == 200
    assert "may not move" in str(response.context["adminform"].form.non_field_errors())
    assert Article.objects.get(pk=article.pk).status == "in_review"
    assert not Article.objects.published().exists()


def test_writer_cannot_schedule(writer_client, writer):
    article = ArticleFactory(draft=True, byline=writer)
    tomorrow = timezone.now() + timedelta(days=1)

    writer_client.post(
        change_url(article),
        change_form_data(
            article,
            published_at_0=tomorrow.strftime("%Y-%m-%d"),
            published_at_1=tomorrow.strftime("%H:%M:%S"),
        ),
    )

    assert Article.objects.get(pk=article.pk).published_at is None


def test_writer_cannot_edit_another_writers_draft(writer_client):
    article = ArticleFactory(draft=True, byline=make_writer("colleague", "Colm Colleague"))

    response = writer_client.post(
        change_url(article), change_form_data(article, headline="Rewritten by someone else")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_changelist")
    assert writer_client.get(change_url(article)).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == article.headline


def test_writer_cannot_edit_their_published_article(writer_client, writer, editor):
    article = ArticleFactory(draft=True, byline=writer)
    article.publish(by=editor)

    response = writer_client.post(
        change_url(article), change_form_data(article, headline="Edited after publication")
    )

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == article.headline
    page = writer_client.get(change_url(article))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_writer_cannot_delete_published_work(writer_client, writer, editor):
    article = ArticleFactory(draft=True, byline=writer)
    article.publish(by=editor)
    delete_url = reverse("admin:articles_article_delete", args=[article.pk])

    assert writer_client.post(delete_url, {"post": "yes"}).status_code == 403
    response = writer_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_writer_cannot_unpublish_through_the_changelist_action(writer_client, writer, editor):
    article = ArticleFactory(draft=True, byline=writer)
    article.publish(by=editor)

    writer_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )

    assert Article.objects.published().filter(pk=article.pk).exists()


def test_writer_writes_and_submits_under_their_byline(writer_client, writer):
    data = change_form_data(
        ArticleFactory.build(draft=True, slug="soyuz-rollout"),
        _submit_for_review="1",
    )

    response = writer_client.post(reverse("admin:articles_article_add"), data)

    article = Article.objects.get(slug="soyuz-rollout")
    assert response.status_code == 302
    assert article.status == "in_review"
    assert [author.user for author in article.authors.all()] == [writer]
    assert [str(change) for change in article.status_changes.all()] == ["New → In review"]


def test_editor_publishes_with_the_button(editor_client, editor, writer):
    article = ArticleFactory(draft=True, byline=writer, status=Article.Status.IN_REVIEW)

    # Past the checklist's warnings (no subjects, no sources): tests/test_checklist.py.
    response = editor_client.post(
        change_url(article),
        change_form_data(article, _publish="1", publish_despite_warnings="on"),
    )

    assert response.status_code == 302
    assert list(Article.objects.published()) == [article]
    change = StatusChange.objects.get(article=article)
    assert (change.to_status, change.changed_by) == ("published", editor)
    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Changed status (In review → Published)" in history.text


def test_editor_edits_a_published_article(editor_client, editor, writer):
    article = ArticleFactory(draft=True, byline=writer)
    article.publish(by=editor)

    editor_client.post(change_url(article), change_form_data(article, headline="Docking, again"))

    assert Article.objects.get(pk=article.pk).headline == "Docking, again"


def test_editor_schedules_and_the_changelist_says_so(editor_client, writer):
    article = ArticleFactory(draft=True, byline=writer, status=Article.Status.IN_REVIEW)
    live = ArticleFactory(draft=True, status=Article.Status.PUBLISHED, published_at=timezone.now())
    next_week = timezone.now() + timedelta(days=7)

    editor_client.post(
        change_url(article),
        change_form_data(
            article,
            status="published",
            published_at_0=next_week.strftime("%Y-%m-%d"),
            published_at_1=next_week.strftime("%H:%M:%S"),
            publish_despite_warnings="on",
        ),
    )

    assert list(Article.objects.scheduled()) == [article]
    changelist = reverse("admin:articles_article_changelist")
    scheduled = editor_client.get(changelist, {"state": "scheduled"})
    assert list(scheduled.context["cl"].result_list) == [article]
    assert "article-state--scheduled" in scheduled.text
    assert "Scheduled for" in scheduled.text
    assert list(editor_client.get(changelist, {"state": "live"}).context["cl"].result_list) == [
        live
    ]


def test_editor_unpublishes_from_the_changelist(editor_client, editor):
    article = ArticleFactory(draft=True)
    article.publish(by=editor)

    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )

    assert not Article.objects.published().exists()
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_editor_adds_a_correction_and_the_updated_time_moves(editor_client, editor):
    article = ArticleFactory(draft=True)
    article.publish(by=editor, at=timezone.now() - timedelta(days=2))
    data = change_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-made_at_0": timezone.now().strftime("%Y-%m-%d"),
            "corrections-0-made_at_1": timezone.now().strftime("%H:%M:%S"),
            "corrections-0-text": "The rehearsal took two days, not one.",
        },
    )

    editor_client.post(change_url(article), data)

    article.refresh_from_db()
    correction = Correction.objects.get(article=article)
    assert article.corrected_at == correction.made_at
    assert article.is_published()
    page = editor_client.get(article.get_absolute_url()).text
    assert "The rehearsal took two days, not one." in page
    assert f'datetime="{correction.made_at.replace(microsecond=0).isoformat()}' in page
    assert 'class="updated"' in page
    feed = feedparser.parse(editor_client.get(reverse("feeds:news-atom")).content)
    assert feed.entries[0].updated == correction.made_at.replace(microsecond=0).isoformat()
    assert feed.entries[0].published == article.published_at.replace(microsecond=0).isoformat()


def test_only_editors_may_list_or_recover_deleted_articles(writer_client, client, editor):
    article = ArticleFactory(draft=True, headline="Deleted scoop")
    with reversion.create_revision():
        article.save()
    article.delete()
    recover_list = reverse("admin:articles_article_recoverlist")

    assert writer_client.get(recover_list).status_code == 403
    assert (
        "Recover deleted"
        not in writer_client.get(reverse("admin:articles_article_changelist")).text
    )

    client.force_login(editor)
    assert "Deleted scoop" in client.get(recover_list).text
    assert "Recover deleted" in client.get(reverse("admin:articles_article_changelist")).text


def test_writers_search_finds_only_their_own_articles(writer_client, writer):
    own = ArticleFactory(draft=True, byline=writer, headline="Baikonur rehearsal, my notes")
    ArticleFactory(
        draft=True, byline=make_writer("colleague", "Colm Colleague"), headline="Baikonur scoop"
    )

    response = writer_client.get(reverse("admin:articles_article_changelist"), {"q": "Baikonur"})

    assert list(response.context["cl"].result_list) == [own]


# Bylines: a writer signs only their own; an editor may put anyone's on an article.


def autocomplete_bylines(client, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "authors", "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_writer_cannot_file_under_a_colleagues_byline(writer_client, writer):
    colleague = Author.byline_for(make_writer("colleague", "Colm Colleague"))
    house = Author.objects.create(name="Space Cinema staff")
    data = change_form_data(
        ArticleFactory.build(draft=True, slug="soyuz-rollout", headline="Soyuz rolls out"),
        authors=[Author.byline_for(writer).pk, colleague.pk, house.pk],
    )

    response = writer_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["authors"] == [
        "You write under your own byline: only an editor can add Colm Colleague, "
        "Space Cinema staff."
    ]
    assert 'value="Soyuz rolls out"' in response.text
    assert not Article.objects.filter(slug="soyuz-rollout").exists()


def test_writer_cannot_add_a_byline_to_their_draft(writer_client, writer, editor):
    article = ArticleFactory(draft=True, byline=writer)
    data = change_form_data(
        article, authors=[Author.byline_for(writer).pk, Author.byline_for(editor).pk]
    )

    response = writer_client.post(change_url(article), data)

    assert response.status_code == 200
    assert (
        "only an editor can add Eddie Editor"
        in response.context["adminform"].form.errors["authors"][0]
    )
    assert [author.user for author in article.authors.all()] == [writer]


def test_writer_keeps_the_other_bylines_of_a_shared_draft(writer_client, writer, editor):
    article = ArticleFactory(draft=True, byline=editor)
    article.authors.add(Author.byline_for(writer))
    data = change_form_data(article, authors=[Author.byline_for(writer).pk], body="Rewritten.")

    response = writer_client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Rewritten."
    assert {author.user for author in article.authors.all()} == {writer, editor}


def test_writers_autocomplete_offers_only_their_own_byline(writer_client, writer, editor):
    Author.byline_for(make_writer("colleague", "Wanda Colleague"))
    Author.byline_for(editor)

    assert autocomplete_bylines(writer_client) == ["Wendy Writer"]
    assert autocomplete_bylines(writer_client, "W") == ["Wendy Writer"]


def test_a_writers_new_article_carries_their_byline(writer_client, writer):
    response = writer_client.get(reverse("admin:articles_article_add"))

    byline = Author.byline_for(writer)
    assert response.context["adminform"].form.initial["authors"] == [byline.pk]
    assert f'<option value="{byline.pk}" selected>Wendy Writer</option>' in response.text


def test_a_writer_without_a_byline_gets_one_from_their_name(writer_client, writer):
    Author.objects.filter(user=writer).delete()
    data = change_form_data(ArticleFactory.build(draft=True, slug="soyuz-rollout"))

    response = writer_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(slug="soyuz-rollout")
    assert [(author.name, author.user) for author in article.authors.all()] == [
        ("Wendy Writer", writer)
    ]


def test_editor_puts_any_bylines_on_an_article(editor_client, writer):
    colleague = Author.byline_for(make_writer("colleague", "Colm Colleague"))
    house = Author.objects.create(name="Space Cinema staff")
    article = ArticleFactory(draft=True, byline=writer)

    response = editor_client.post(
        change_url(article),
        change_form_data(article, authors=[Author.byline_for(writer).pk, colleague.pk, house.pk]),
    )

    assert response.status_code == 302
    assert {author.name for author in article.authors.all()} == {
        "Wendy Writer",
        "Colm Colleague",
        "Space Cinema staff",
    }
    assert "Colm Colleague" in autocomplete_bylines(editor_client)
    assert "Space Cinema staff" in autocomplete_bylines(editor_client)


def view_on_site_url(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def test_view_on_site_does_not_give_writers_the_slugs_of_others_drafts(writer_client, writer):
    secret = ArticleFactory(
        draft=True,
        byline=make_writer("colleague", "Colm Colleague"),
        headline="Cruise signs for a sequel",
        slug="cruise-signs-for-a-sequel",
    )
    own = ArticleFactory(draft=True, byline=writer)

    response = writer_client.get(view_on_site_url(secret))

    assert response.status_code == 404
    assert "cruise-signs-for-a-sequel" not in response.text
    assert writer_client.get(view_on_site_url(own))["Location"] == reverse(
        "articles:preview", args=[own.pk]
    )
    assert writer_client.get(view_on_site_url(writer)).status_code == 404


def test_view_on_site_takes_editors_to_any_article(editor_client):
    draft = ArticleFactory(draft=True, byline=make_writer("colleague", "Colm Colleague"))

    response = editor_client.get(view_on_site_url(draft))

    assert response.status_code == 302
    assert response["Location"] == reverse("articles:preview", args=[draft.pk])


@pytest.mark.parametrize("address", ["999/1/", "abc/1/"])
def test_view_on_site_of_nothing_is_404(editor_client, address):
    assert editor_client.get(f"/admin/r/{address}").status_code == 404
