"""An article and its version in another language: each page links the other once readers may
see it, names both in hreflang alternates, and says its own language; the admin refuses a
translation of itself, of a translation, of an article in the same language, or a second one
in a language."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.tests.factories import ArticleFactory, change_form_data
from newsroom.tests.plans import query_plan
from people.tests.pages import html_of

pytestmark = pytest.mark.django_db

RUSSIAN_BODY = "Роскосмос объявил состав съёмочной группы фильма «Вызов»."


def alternates(html):
    """{hreflang: href} of the page's <link rel="alternate" hreflang> elements."""
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    found = dict(links)
    assert len(found) == len(links), "one alternate per language"
    return found


def version_links(html):
    """(href, hreflang, lang, text) of the page's links to its other versions."""
    return re.findall(
        r'<p class="other-version"><a href="([^"]+)" rel="alternate" hreflang="([^"]+)" '
        r'lang="([^"]+)">([^<]+)</a></p>',
        html,
    )


def html_lang(html):
    return re.search(r'<html lang="([^"]+)">', html).group(1)


@pytest.fixture
def original():
    return ArticleFactory(
        headline="Challenge crew named", slug="challenge-crew-named", tags=["challenge"]
    )


def translate(original, **fields):
    return ArticleFactory(
        headline="Названа съёмочная группа «Вызова»",
        slug="challenge-crew-named-ru",
        standfirst="Режиссёр и актриса полетят на МКС.",
        body=RUSSIAN_BODY,
        language=Article.Language.RUSSIAN,
        translation_of=original,
        **fields,
    )


def test_the_pair_link_to_each_other(client, original):
    russian = translate(original)

    english_page = html_of(client, original.get_absolute_url())
    russian_page = html_of(client, russian.get_absolute_url())

    assert version_links(english_page) == [
        (russian.get_absolute_url(), "ru", "ru", "Читать по-русски")
    ]
    assert version_links(russian_page) == [
        (original.get_absolute_url(), "en", "en", "Read in English")
    ]


def test_each_page_names_both_versions_and_the_original_as_default(client, original):
    russian = translate(original)
    expected = {
        "en": settings.SITE_URL + original.get_absolute_url(),
        "ru": settings.SITE_URL + russian.get_absolute_url(),
        "x-default": settings.SITE_URL + original.get_absolute_url(),
    }

    english_page = html_of(client, original.get_absolute_url())
    russian_page = html_of(client, russian.get_absolute_url())

    # Reciprocal: both list the same set, each itself included, in absolute addresses.
    assert alternates(english_page) == expected
    assert alternates(russian_page) == expected
    for html in (english_page, russian_page):
        head = html.split("</head>")[0]
        assert head.count('rel="alternate" hreflang') == 3


def test_each_page_says_its_language(client, original):
    russian = translate(original)

    assert html_lang(html_of(client, russian.get_absolute_url())) == "ru"
    assert html_lang(html_of(client, original.get_absolute_url())) == "en-GB"


def test_an_article_without_a_published_translation_names_no_alternates(client, original):
    html = html_of(client, original.get_absolute_url())

    assert alternates(html) == {}
    assert version_links(html) == []
    assert html_lang(html) == "en-GB"


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.IN_REVIEW, "published_at": None},
        {"published_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["draft", "in review", "scheduled"],
)
def test_a_translation_readers_cannot_see_is_never_named(client, original, hidden):
    russian = translate(original, **hidden)

    html = html_of(client, original.get_absolute_url())

    assert russian.slug not in html
    assert alternates(html) == {}
    assert version_links(html) == []
    assert client.get(russian.get_absolute_url()).status_code == 404


def test_an_unpublished_original_is_not_named_by_its_translation(client, original):
    russian = translate(original)
    original.status = Article.Status.DRAFT
    original.save()

    html = html_of(client, russian.get_absolute_url())

    assert original.slug + "/" not in html
    assert alternates(html) == {}
    assert version_links(html) == []
    assert html_lang(html) == "ru"


def test_a_renamed_translation_is_linked_at_its_new_address(client, original):
    russian = translate(original)
    russian.slug = "vyzov-ekipazh"
    russian.save()

    html = html_of(client, original.get_absolute_url())

    assert version_links(html)[0][0] == "/news/vyzov-ekipazh/"
    assert alternates(html)["ru"] == settings.SITE_URL + "/news/vyzov-ekipazh/"


def test_deleting_either_side_leaves_the_other_whole(client, original):
    russian = translate(original)
    second = ArticleFactory(headline="Второй перевод", language=Article.Language.RUSSIAN)
    english = ArticleFactory(headline="The English of the second")
    second.translation_of = english
    second.save()

    original.delete()
    english.delete()

    russian.refresh_from_db()
    assert russian.translation_of is None
    html = html_of(client, russian.get_absolute_url())
    assert alternates(html) == {} and version_links(html) == []
    assert html_lang(html) == "ru"
    assert client.get(second.get_absolute_url()).status_code == 200


def test_the_preview_of_a_draft_translation_links_the_published_original(editor_client, original):
    russian = translate(original, status=Article.Status.DRAFT, published_at=None)

    html = html_of(editor_client, reverse("articles:preview", args=[russian.pk]))

    assert html_lang(html) == "ru"
    assert version_links(html) == [(original.get_absolute_url(), "en", "en", "Read in English")]


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def post_translation(editor_client, article, **changes):
    return editor_client.post(change_url(article), change_form_data(article, **changes))


def field_errors(response, name):
    assert response.status_code == 200, "the form is shown again"
    return [str(error) for error in response.context["adminform"].form.errors.get(name, [])]


def test_the_admin_links_a_translation(editor_client, original):
    russian = ArticleFactory(headline="Вызов", language=Article.Language.RUSSIAN)

    response = post_translation(editor_client, russian, translation_of=original.pk)

    assert response.status_code == 302
    russian.refresh_from_db()
    assert russian.translation_of == original
    page = editor_client.get(change_url(russian)).content.decode()
    assert 'name="language"' in page and 'name="translation_of"' in page


def test_the_admin_refuses_a_translation_of_itself(editor_client, original):
    response = post_translation(editor_client, original, language="ru", translation_of=original.pk)

    assert field_errors(response, "translation_of") == [
        "An article cannot be a translation of itself: choose the original."
    ]
    original.refresh_from_db()
    assert original.translation_of is None


def test_the_admin_refuses_a_loop(editor_client, original):
    russian = translate(original)

    response = post_translation(editor_client, original, translation_of=russian.pk)

    assert field_errors(response, "translation_of") == [
        "“Названа съёмочная группа «Вызова»” is itself a translation: choose its original, "
        "“Challenge crew named”."
    ]
    original.refresh_from_db()
    assert original.translation_of is None


def test_the_admin_refuses_a_translation_of_a_translation(editor_client, original):
    russian = translate(original)
    english = ArticleFactory(headline="Crew named, again")

    response = post_translation(editor_client, english, translation_of=russian.pk)

    assert "is itself a translation" in field_errors(response, "translation_of")[0]


def test_the_admin_refuses_to_make_an_original_a_translation(editor_client, original):
    translate(original)
    other = ArticleFactory(headline="Экипаж назван", language=Article.Language.RUSSIAN)

    response = post_translation(editor_client, original, translation_of=other.pk)

    assert field_errors(response, "translation_of") == [
        "This article is the original of a translation (“Названа съёмочная группа «Вызова»”): "
        "an original cannot also be a translation."
    ]


def test_the_admin_refuses_a_translation_in_the_same_language(editor_client, original):
    english = ArticleFactory(headline="Crew named")

    response = post_translation(editor_client, english, translation_of=original.pk)

    assert field_errors(response, "translation_of") == [
        "“Challenge crew named” is in English too: a translation is in another language. "
        "Set this article's language first."
    ]


def test_the_admin_refuses_a_second_translation_in_one_language(editor_client, original):
    translate(original)
    second = ArticleFactory(headline="Ещё один перевод", language=Article.Language.RUSSIAN)

    response = post_translation(editor_client, second, translation_of=original.pk)

    assert field_errors(response, "translation_of") == [
        "“Challenge crew named” already has a Russian (русский) translation: "
        "“Названа съёмочная группа «Вызова»”."
    ]


def test_a_form_posted_without_a_language_keeps_the_articles(editor_client, original):
    russian = translate(original)
    data = change_form_data(russian, headline="Вызов: экипаж назван")
    del data["language"]

    response = editor_client.post(change_url(russian), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    russian.refresh_from_db()
    assert (russian.headline, russian.language) == ("Вызов: экипаж назван", "ru")


def test_the_sitemap_feeds_and_search_carry_both(client, original):
    russian = translate(original)

    sitemap = client.get("/sitemap-news.xml").content.decode()
    feed = client.get("/feeds/news.rss").content.decode()
    found = html_of(client, "/search/?q=съёмочной")

    for url in (original.get_absolute_url(), russian.get_absolute_url()):
        assert f"<loc>http://testserver{url}</loc>" in sitemap
    assert "Challenge crew named" in feed and "Названа съёмочная группа" in feed
    assert russian.get_absolute_url() in found
    assert original.get_absolute_url() not in found


def sitemap_entries(client):
    """{loc: {hreflang: href}} of the news sitemap's entries."""
    xml = client.get("/sitemap-news.xml").content.decode()
    entries = {}
    for url in re.findall(r"<url>(.*?)</url>", xml, re.S):
        loc = re.search(r"<loc>([^<]+)</loc>", url).group(1)
        links = re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', url)
        entries[loc] = dict(links)
    return entries


def test_the_sitemap_names_each_versions_alternates(client, original):
    russian = translate(original)
    alone = ArticleFactory(headline="Untranslated")
    hidden = ArticleFactory(headline="Скрытый", language="ru", draft=True)
    other = ArticleFactory(headline="Another original")
    hidden.translation_of = other
    hidden.save()
    english_url = "http://testserver" + original.get_absolute_url()
    russian_url = "http://testserver" + russian.get_absolute_url()
    both = {"en": english_url, "ru": russian_url, "x-default": english_url}

    entries = sitemap_entries(client)

    assert entries[english_url] == both
    assert entries[russian_url] == both
    assert entries["http://testserver" + alone.get_absolute_url()] == {}
    assert entries["http://testserver" + other.get_absolute_url()] == {}


def card_of(html, headline):
    """The card in a list page whose headline links `headline`."""
    for card in re.findall(r'<article class="card[^"]*">.*?</article>', html, re.S):
        if f">{headline}</a>" in card:
            return card
    raise AssertionError(f"no card of {headline!r}")


def test_a_russian_article_s_card_in_an_english_list_says_its_language(client, original):
    russian = translate(original)

    news = html_of(client, reverse("articles:list"))

    card = card_of(news, russian.headline)
    assert '<h2 lang="ru" class="card-headline">' in card
    assert '<p lang="ru" class="card-standfirst">Режиссёр и актриса полетят на МКС.</p>' in card
    # The English card around it is in the page's own language: no attribute of its own.
    assert " lang=" not in card_of(news, original.headline)


def test_a_card_follows_its_article_s_language_when_it_changes(client, original):
    original.language = Article.Language.RUSSIAN
    original.save()

    card = card_of(html_of(client, reverse("articles:list")), original.headline)

    assert '<h2 lang="ru" class="card-headline">' in card


def test_the_migration_gives_stored_russian_cards_their_language(original):
    from importlib import import_module

    from django.apps import apps

    russian = translate(original)
    # As stored before cards said their language.
    Article.objects.filter(pk=russian.pk).update(
        card_html=russian.card_html.replace(' lang="ru"', "")
    )
    migration = import_module("articles.migrations.0031_cards_say_their_language")

    migration.cards_of_other_languages(apps, None)

    russian.refresh_from_db()
    assert '<p lang="ru" class="card-standfirst">' in russian.card_html
    assert ' lang="ru"' not in Article.objects.get(pk=original.pk).card_html


class Languages(HTMLParser):
    """The language each run of a page's text is in: its nearest lang attribute's."""

    VOID = {"meta", "link", "img", "source", "input", "br", "hr", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.runs = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            lang = dict(attrs).get("lang", self.stack[-1][1] if self.stack else None)
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if data.strip() and self.stack and self.stack[-1][0] not in {"script", "style"}:
            self.runs.append((" ".join(data.split()), self.stack[-1][1]))


def language_of(html):
    """{text: the lang it is read in} of each run of the page's text."""
    parser = Languages()
    parser.feed(html)
    return dict(parser.runs)


def test_a_russian_page_reads_its_english_chrome_as_english(client, original):
    from people.tests.factories import PersonFactory

    from .factories import AuthorFactory

    russian = translate(original, tags=["challenge"], people=[PersonFactory(name="Yulia Peresild")])
    russian.authors.set([AuthorFactory(name="Ada Apogee")])
    russian.sources.create(publisher="Roscosmos", title="Пресс-релиз")
    Correction.objects.create(article=russian, text="Дата исправлена.")
    ArticleFactory(
        headline="An earlier English story",
        tags=["challenge"],
        published_at=timezone.now() - datetime.timedelta(days=2),
    )

    html = html_of(client, russian.get_absolute_url())
    said_in = language_of(html)

    assert html_lang(html) == "ru"
    # The article's own words in its language...
    for words in (russian.headline, russian.standfirst, RUSSIAN_BODY, "Дата исправлена."):
        assert said_in[words] == "ru", words
    # ... the site's chrome around and inside it in English.
    for words in (
        "Skip to main content",
        "Search",
        "All news",
        "Home",
        "By",
        "Updated",
        "Corrections",
        "Sources",
        "In this article",
        "People",
        "Related articles",
        "An earlier English story",
        "Independent news about films shot in space: the productions, the people who make "
        "them and the organisations that back them.",
    ):
        assert said_in[words] == "en-GB", words
    # The trail ends with the page itself, in its own language.
    trail = html.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    assert f'lang="ru">{russian.headline}</a>' in trail


def test_an_english_page_marks_no_part_as_english(client, original):
    html = html_of(client, original.get_absolute_url())

    assert html_lang(html) == "en-GB"
    assert html.count("lang=") == 1


def test_an_article_page_finds_its_translation_by_the_translations_own_index():
    """With statistics saying nearly every article is an original, "the original or one of its
    translations" made the database walk every published article: seconds for an article page
    of a newsroom of 100,000 articles."""
    from articles import tallies
    from articles.page import published_article

    with tallies.bulk():
        ArticleFactory.create_batch(60, published_at=timezone.now() - datetime.timedelta(days=3))
    original = ArticleFactory(slug="the-original")
    ArticleFactory(slug="the-translation", language="ru", translation_of=original)
    plan = query_plan(published_article.build(slug="the-original"))

    assert "article_one_translation_per_language" in plan
    assert "article_status_published" not in plan
