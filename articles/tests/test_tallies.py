"""The write-time values (articles/tallies.py) after each kind of change: list counts, the
months with news, the news list's latest modification and each article's related articles
equal what a direct query computes (tally_oracle.py), in the transaction of the change."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from taggit.models import Tag

from articles import tallies
from articles.models import Article, ArticleTally, Author, Correction
from newsroom.dependencies import NEWS, articles_key
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory

from .factories import ArticleFactory, AuthorFactory, change_form_data, make_editor
from .tally_oracle import differences

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def days_ago(days):
    return timezone.now() - days * DAY


def test_publishing_a_draft_counts_it_in_every_list_it_joins():
    person, author = PersonFactory(), AuthorFactory()
    article = ArticleFactory(draft=True, tags=["moon"], people=[person], authors=[author])
    tag = Tag.objects.get(name="moon")
    assert tallies.published_count(articles_key("tag", tag.pk)) == 0

    article.status, article.published_at = Article.Status.PUBLISHED, days_ago(3)
    article.save()

    local = timezone.localtime(article.published_at)
    for key in (
        NEWS,
        tallies.month_key(local.year),
        tallies.month_key(local.year, local.month),
        articles_key("tag", tag.pk),
        articles_key("person", person.pk),
        articles_key("author", author.pk),
    ):
        assert tallies.published_count(key) == 1, key
    assert tallies.months_with_news() == [(local.date().replace(day=1), 1)]
    assert differences() == []


def test_unpublishing_takes_it_out_of_every_count_and_every_later_related_list():
    editor = make_editor()
    earlier = ArticleFactory(tags=["moon", "mars"], published_at=days_ago(5))
    later = ArticleFactory(tags=["moon", "mars"], published_at=days_ago(1))
    assert tallies.related_ids(later) == [earlier.pk]

    earlier.unpublish(by=editor)

    later.refresh_from_db()
    assert tallies.related_ids(later) == []
    assert tallies.published_count(NEWS) == 1
    assert differences() == []


def test_related_articles_are_earlier_ones_sharing_the_most_tags_then_the_newest():
    old_two_tags = ArticleFactory(tags=["moon", "mars"], published_at=days_ago(30))
    one_tag = [ArticleFactory(tags=["moon"], published_at=days_ago(20 - n)) for n in range(4)]
    untagged = ArticleFactory(published_at=days_ago(2))
    article = ArticleFactory(tags=["moon", "mars"], published_at=days_ago(1))
    newer = ArticleFactory(tags=["moon", "mars"], published_at=days_ago(0.5))

    assert tallies.related_ids(article) == [old_two_tags.pk, *[a.pk for a in one_tag[::-1][:3]]]
    assert newer.pk not in tallies.related_ids(article)
    assert untagged.pk not in tallies.related_ids(article)
    assert tallies.related_ids(newer)[:2] == [article.pk, old_two_tags.pk]
    assert differences() == []


def test_a_new_tag_on_an_old_article_moves_it_into_later_lists_it_now_beats():
    old = ArticleFactory(tags=["moon"], published_at=days_ago(30))
    middle = [ArticleFactory(tags=["mars"], published_at=days_ago(20 - n)) for n in range(4)]
    article = ArticleFactory(tags=["mars", "moon", "venus"], published_at=days_ago(1))
    assert tallies.related_ids(article) == [a.pk for a in middle[::-1]]

    old.tags.add("mars", "venus")

    assert tallies.related_ids(article)[0] == old.pk
    assert differences() == []


def test_removing_tags_lets_the_next_best_article_into_the_lists():
    candidates = [ArticleFactory(tags=["moon"], published_at=days_ago(20 - n)) for n in range(5)]
    article = ArticleFactory(tags=["moon"], published_at=days_ago(1))
    assert candidates[0].pk not in tallies.related_ids(article)

    candidates[-1].tags.remove("moon")

    assert tallies.related_ids(article) == [a.pk for a in candidates[:4][::-1]]
    assert differences() == []


def test_articles_with_too_many_tags_to_combine_are_ranked_exactly(monkeypatch):
    monkeypatch.setattr(tallies, "WIDE", 2)
    wide = ArticleFactory(tags=["moon", "mars", "venus"], published_at=days_ago(9))
    narrow = [ArticleFactory(tags=["moon"], published_at=days_ago(8 - n)) for n in range(4)]
    article = ArticleFactory(tags=["moon", "mars"], published_at=days_ago(1))
    later_wide = ArticleFactory(tags=["moon", "mars", "iss"], published_at=days_ago(0.5))

    assert tallies.related_ids(article) == [wide.pk, *[a.pk for a in narrow[::-1][:3]]]
    assert tallies.related_ids(later_wide)[:2] == [article.pk, wide.pk]
    narrow[0].tags.add("mars", "iss")
    assert tallies.related_ids(later_wide)[:2] == [narrow[0].pk, article.pk]
    assert differences() == []
    assert tallies.drift() == ([], [])


def test_rescheduling_moves_an_article_between_months_and_in_and_out_of_view(clock):
    article = ArticleFactory(tags=["moon"], published_at=timezone.now() - 40 * DAY)
    follower = ArticleFactory(tags=["moon"], published_at=timezone.now() - DAY)
    assert tallies.related_ids(follower) == [article.pk]

    article.published_at = timezone.now() + DAY
    article.save()
    follower.refresh_from_db()
    assert tallies.published_count(NEWS) == 1
    assert tallies.related_ids(follower) == []
    assert tallies.related_ids(article) == [follower.pk]
    assert differences() == []

    article.published_at = timezone.now() - 60 * DAY
    article.save()
    assert tallies.published_count(NEWS) == 2
    assert tallies.related_ids(follower) == [article.pk]
    assert differences() == []


def test_a_scheduled_article_joins_every_count_when_its_time_comes(clock):
    person = PersonFactory()
    ArticleFactory(tags=["moon"], people=[person], published_at=timezone.now() - DAY)
    scheduled = ArticleFactory(
        tags=["moon"], people=[person], published_at=timezone.now() + 2 * DAY
    )
    tag = Tag.objects.get(name="moon")
    assert tallies.published_count(articles_key("tag", tag.pk)) == 1
    assert tallies.published_count(articles_key("person", person.pk)) == 1
    before = tallies.news_last_modified()

    clock.shift(3 * DAY)

    assert tallies.published_count(NEWS) == 2
    assert tallies.published_count(articles_key("tag", tag.pk)) == 2
    assert tallies.published_count(articles_key("person", person.pk)) == 2
    assert tallies.news_last_modified() == scheduled.published_at > before
    assert differences() == []


def test_subjects_and_bylines_set_and_taken_off_from_either_side():
    person, organisation, project = PersonFactory(), OrganisationFactory(), ProjectFactory()
    author = AuthorFactory()
    article = ArticleFactory(published_at=days_ago(2))
    draft = ArticleFactory(draft=True)

    article.people.add(person)
    organisation.articles.add(article, draft)
    project.articles.set([article])
    article.authors.set([author])
    assert all(
        tallies.published_count(articles_key(kind, pk)) == 1
        for kind, pk in [
            ("person", person.pk),
            ("organisation", organisation.pk),
            ("project", project.pk),
            ("author", author.pk),
        ]
    )
    assert differences() == []

    article.people.remove(person, PersonFactory())
    organisation.articles.remove(article)
    project.articles.clear()
    article.authors.clear()
    assert differences() == []
    assert tallies.published_count(articles_key("organisation", organisation.pk)) == 0


def test_deleting_an_article_a_tag_or_a_subject_keeps_every_value_exact():
    person, author = PersonFactory(), AuthorFactory()
    older = [ArticleFactory(tags=["moon"], published_at=days_ago(20 - n)) for n in range(5)]
    article = ArticleFactory(
        tags=["moon", "mars"], people=[person], authors=[author], published_at=days_ago(1)
    )

    older[-1].delete()
    assert tallies.related_ids(article) == [a.pk for a in older[:4][::-1]]
    assert differences() == []

    Tag.objects.get(name="moon").delete()
    assert tallies.related_ids(article) == []
    person.delete()
    author.delete()
    article.delete()
    assert differences() == []
    assert tallies.published_count(NEWS) == 4


def test_a_correction_moves_the_news_lists_last_modification():
    article = ArticleFactory(published_at=days_ago(10))
    ArticleFactory(published_at=days_ago(5))
    before = tallies.news_last_modified()

    correction = Correction.objects.create(article=article, text="The date was wrong.")
    assert tallies.news_last_modified() == correction.made_at > before
    assert differences() == []

    correction.delete()
    assert differences() == []


def test_an_edit_through_the_admin_keeps_every_value_exact(client):
    editor = make_editor()
    client.force_login(editor)
    person = PersonFactory()
    earlier = ArticleFactory(tags=["moon"], published_at=days_ago(4))
    article = ArticleFactory(tags=["mars"], published_at=days_ago(2))

    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, tags="moon, venus", people=[person.pk]),
    )

    assert response.status_code == 302
    assert tallies.related_ids(article) == [earlier.pk]
    assert tallies.published_count(articles_key("person", person.pk)) == 1
    assert differences() == []


def test_an_ordinary_edit_of_a_published_article_costs_one_query_more(
    django_assert_num_queries,
):
    """The row's state before the save, read once for the tallies and the page cache's keys:
    no count, no ranking, no date to move, however large the archive. Then the feed entry:
    the article as feeds show it (row, bylines, tags, corrections), written in one query."""
    article = ArticleFactory(tags=["moon", "mars"], published_at=days_ago(2))
    ArticleFactory.create_batch(3, tags=["moon"], published_at=days_ago(3))
    article = Article.objects.get(pk=article.pk)
    article.headline = "A better headline"
    version = article.version

    # The save without the upkeep: mention links, slug history, the search entry, the row.
    with django_assert_num_queries(12 + 1 + 5):
        article.save()

    assert differences() == []
    assert article.version == version + 1 == Article.objects.get(pk=article.pk).version


def test_refresh_tallies_repairs_what_a_bulk_write_left_behind():
    ArticleFactory.create_batch(3, tags=["moon"], published_at=days_ago(2))
    Article.objects.update(status=Article.Status.DRAFT)
    assert differences() != []

    call_command("refresh_tallies", stdout=io.StringIO())

    assert differences() == []
    assert ArticleTally.objects.get(key=NEWS).count == 0


def test_refresh_tallies_check_names_the_drift_and_changes_nothing():
    articles = ArticleFactory.create_batch(3, tags=["moon"], published_at=days_ago(2))
    call_command("refresh_tallies", "--check", stdout=io.StringIO())
    Article.objects.filter(pk=articles[0].pk).update(status=Article.Status.DRAFT)

    report = io.StringIO()
    with pytest.raises(CommandError, match="refresh_tallies"):
        call_command("refresh_tallies", "--check", stdout=report)

    assert f"count drifted: {NEWS}\n" in report.getvalue()
    assert f"related articles drifted: article {articles[2].pk}\n" in report.getvalue()
    moon = articles[0].tags.get()
    assert f"list entries drifted: {articles_key('tag', moon.pk)}\n" in report.getvalue()
    assert ArticleTally.objects.get(key=NEWS).count == 3


def test_bulk_writes_are_caught_up_once_at_the_end():
    with tallies.bulk():
        articles = ArticleFactory.create_batch(3, tags=["moon"], published_at=days_ago(2))
        assert tallies.related_ids(articles[-1]) == []

    assert tallies.related_ids(articles[-1]) == [articles[1].pk, articles[0].pk]
    assert differences() == []


def test_a_draft_preview_ranks_related_articles_as_if_published_now():
    earlier = ArticleFactory(tags=["moon"], published_at=days_ago(2))
    draft = ArticleFactory(draft=True, tags=["moon"])

    assert tallies.related_ids(draft) == [earlier.pk]


def test_an_author_with_a_login_keeps_the_count_of_their_byline():
    author = Author.byline_for(make_editor("anna"))
    ArticleFactory(authors=[author], published_at=days_ago(1))

    assert tallies.published_count(articles_key("author", author.pk)) == 1


def test_the_demo_newsroom_comes_with_exact_values(demo):
    assert tallies.published_count(NEWS) == Article.objects.published().count() > 0
    assert differences() == []


def test_generated_content_comes_with_exact_values():
    call_command(
        "generate_content", "--articles", "60", "--seed", "3", "--no-progress", stdout=io.StringIO()
    )

    assert tallies.published_count(NEWS) == Article.objects.published().count() > 0
    assert differences() == []
    assert tallies.drift() == ([], [])


@pytest.mark.django_db(transaction=True)
def test_an_imported_archive_comes_with_exact_values(tmp_path):
    older = [ArticleFactory(tags=["moon"], published_at=days_ago(9 - n)) for n in range(3)]
    article = ArticleFactory(tags=["moon"], people=[PersonFactory()], published_at=days_ago(1))
    related = tallies.related_ids(article)
    call_command("export_content", str(tmp_path / "archive.zip"), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)

    call_command("import_content", str(tmp_path / "archive.zip"), stdout=io.StringIO())

    assert related == [a.pk for a in older[::-1]]
    assert tallies.related_ids(Article.objects.get(pk=article.pk)) == related
    assert differences() == []
