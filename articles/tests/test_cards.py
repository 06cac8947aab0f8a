"""Article cards are rendered when something they show changes (articles/cards.py), and every
list writes out the stored card: what readers see on list pages follows each kind of change,
in the same transaction, and equals a fresh rendering (tally_oracle.card_differences)."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from articles import cards, tallies
from articles.models import Article, Correction
from newsroom.tests.test_images import jpeg
from people.tests.pages import html_of

from .factories import ArticleFactory, AuthorFactory, change_form_data, make_editor
from .tally_oracle import card_differences

pytestmark = pytest.mark.django_db


def test_an_author_renamed_and_re_slugged_is_renamed_on_every_list_card(client):
    author = AuthorFactory(name="Dana Whitfield", slug="dana-whitfield")
    ArticleFactory(headline="Dispatch from orbit", authors=[author], tags=["moon"])
    assert '<a href="/authors/dana-whitfield/" rel="author">Dana Whitfield</a>' in html_of(
        client, "/tags/moon/"
    )

    author.name, author.slug = "Dana Whitfield-Orr", "dana-whitfield-orr"
    author.save()

    for url in ("/tags/moon/", "/news/"):
        html = html_of(client, url)
        assert '<a href="/authors/dana-whitfield-orr/" rel="author">Dana Whitfield-Orr</a>' in html
        assert "/authors/dana-whitfield/" not in html
    assert card_differences() == []


def test_a_headline_edit_shows_on_the_news_list(client):
    article = ArticleFactory(headline="Crew named for the film")
    assert "Crew named for the film" in html_of(client, "/news/")

    article = Article.objects.get(pk=article.pk)
    article.headline = "Crew of three named for the film"
    article.save()

    html = html_of(client, "/news/")
    assert '">Crew of three named for the film</a></h2>' in html
    assert "Crew named for the film" not in html
    assert card_differences() == []


def test_a_save_of_named_fields_writes_the_card_with_them(client):
    article = ArticleFactory(headline="Dispatch before")
    article.headline, article.standfirst = "Dispatch after", "Also saved, but not named."

    article.save(update_fields=["headline"])

    html = html_of(client, "/news/")
    assert '">Dispatch after</a></h2>' in html
    assert "Also saved" not in html
    assert card_differences() == []


def test_a_new_slug_and_an_edit_through_the_admin_reach_the_cards(client):
    article = ArticleFactory(headline="Launch slips", slug="launch-slips", tags=["moon"])
    client.force_login(make_editor())

    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(
            article,
            headline="Launch slips a week",
            slug="launch-slips-a-week",
            confirm_slug_change="on",
            standfirst="The crew waits.",
            tags="moon",
        ),
    )

    assert response.status_code == 302
    html = html_of(client, "/tags/moon/")
    assert (
        '<h3 class="card-headline"><a href="/news/launch-slips-a-week/">Launch slips a week</a>'
        "</h3>" in html
    )
    assert '<p class="card-standfirst">The crew waits.</p>' in html
    assert card_differences() == []


def test_bylines_added_and_taken_off_from_either_side_reach_the_cards(client):
    anna, boris = AuthorFactory(name="Anna Apogee"), AuthorFactory(name="Boris Burn")
    article = ArticleFactory(headline="Dispatch signed")

    article.authors.add(boris)
    anna.articles.add(article)
    assert "By <a" in html_of(client, "/news/")
    assert (
        f'<a href="{anna.get_absolute_url()}" rel="author">Anna Apogee</a> and '
        f'<a href="{boris.get_absolute_url()}" rel="author">Boris Burn</a>'
    ) in html_of(client, "/news/")

    boris.articles.clear()
    article.authors.remove(anna)

    assert 'rel="author"' not in html_of(client, "/news/")
    assert card_differences() == []


def test_a_deleted_byline_leaves_the_cards(client):
    author = AuthorFactory(name="Gone Writer")
    ArticleFactory(authors=[author])
    assert ">Gone Writer</a>" in html_of(client, "/news/")

    author.delete()

    assert "Gone Writer" not in html_of(client, "/news/")
    assert card_differences() == []


def test_a_correction_marks_the_card_updated_until_it_is_withdrawn(client):
    article = ArticleFactory()
    assert 'class="updated"' not in html_of(client, "/news/")

    correction = Correction.objects.create(article=article, text="The date was wrong.")
    assert '<span class="updated">Updated</span>' in html_of(client, "/news/")
    assert card_differences() == []

    correction.delete()
    assert 'class="updated"' not in html_of(client, "/news/")
    assert card_differences() == []


def test_a_lead_image_uploaded_by_a_save_is_on_the_card_with_its_final_name(client):
    article = ArticleFactory()
    article.lead_image = ContentFile(jpeg(1200, 800), name="crew.jpg")
    article.lead_image_alt = "The crew at the hatch"
    article.save()

    html = html_of(client, "/news/")
    stored = Article.objects.get(pk=article.pk).lead_image.name
    assert stored.startswith("articles/")
    # Uploaded into the image library too: the library names the same file.
    assert Article.objects.get(pk=article.pk).lead_library_image.file.name == stored
    assert 'class="card card-with-image"' in html
    assert 'alt="The crew at the hatch"' in html
    assert stored.rsplit(".", 1)[0] in html
    assert 'width="1200" height="800"' in html
    assert card_differences() == []


def test_each_page_writes_the_card_at_its_own_heading_level(client):
    ArticleFactory(headline="Dispatch levelled", tags=["moon"])

    assert '<h2 class="card-headline"><a' in html_of(client, "/news/")
    assert '<h3 class="card-headline"><a' in html_of(client, "/tags/moon/")


def test_text_an_editor_types_cannot_stand_for_the_heading_level(client):
    ArticleFactory(
        headline=f"Level {cards.HEADING_LEVEL} games",
        standfirst=f"{cards.HEADING_LEVEL}</h2><script>alert(1)</script>",
    )

    html = html_of(client, "/news/")

    assert "Level &lt;heading-level&gt; games</a></h2>" in html
    assert "&lt;heading-level&gt;&lt;/h2&gt;&lt;script&gt;" in html
    assert "<script>alert(1)" not in html
    assert html.count('<h2 class="card-headline">') == 1


@override_settings(TIME_ZONE="Pacific/Auckland")
def test_cards_are_dated_in_the_site_s_time_zone_whatever_zone_a_request_made_current(client):
    # 23:30 on New Year's Eve in London is already the next morning in Auckland.
    moment = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    with timezone.override("America/Los_Angeles"):
        ArticleFactory(headline="Dispatch at midnight", published_at=moment)

    html = html_of(client, "/news/")

    assert '<time datetime="2026-01-01T12:30:00+13:00">1 January 2026</time>' in html
    assert card_differences() == []


def test_the_home_page_reads_its_cards_and_the_lead_s_bylines_as_stored(client):
    author = AuthorFactory(name="Lead Writer")
    lead = ArticleFactory(headline="Dispatch lead", authors=[author])
    lead.lead_image = ContentFile(jpeg(1200, 800), name="lead.jpg")
    lead.lead_image_alt = "A launch"
    lead.save()
    ArticleFactory(headline="Dispatch latest", authors=[author])

    author.name = "Lead Writer Renamed"
    author.save()

    html = html_of(client, "/")
    assert html.count(">Lead Writer Renamed</a>") == 2
    assert '<h3 class="card-headline"><a href="' in html


def test_refresh_tallies_check_names_a_drifted_card_and_the_rebuild_repairs_it(client):
    article = ArticleFactory(headline="Dispatch as written")
    call_command("refresh_tallies", "--check", stdout=io.StringIO())
    Article.objects.filter(pk=article.pk).update(headline="Dispatch rewritten unsignalled")

    report = io.StringIO()
    with pytest.raises(CommandError, match="refresh_tallies"):
        call_command("refresh_tallies", "--check", stdout=report)
    assert f"card drifted: article {article.pk}\n" in report.getvalue()
    assert "Dispatch as written" in html_of(client, "/news/")

    call_command("refresh_tallies", stdout=io.StringIO())

    assert "Dispatch rewritten unsignalled" in html_of(client, "/news/")
    assert card_differences() == []


def test_bulk_writes_get_their_cards_at_the_end(client):
    with tallies.bulk():
        article = ArticleFactory(headline="Dispatch in bulk", authors=[AuthorFactory()])

    assert Article.objects.get(pk=article.pk).card_html
    assert "Dispatch in bulk" in html_of(client, "/news/")
    assert card_differences() == []
