import datetime
import json
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Correction
from articles.tests.factories import ArticleFactory, AuthorFactory
from people.tests.pages import html_of

pytestmark = pytest.mark.django_db

ARTICLE = "/news/space-race-first-film-in-orbit/"
DRAFT_HEADLINE = "What next for Tom Cruise's space film?"


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def hidden_articles():
    """A draft, one in review and one scheduled for tomorrow: none may reach a reader."""
    return [
        ArticleFactory(headline="Secret draft", status=Article.Status.DRAFT, tags=["iss"]),
        ArticleFactory(headline="Awaiting review", status=Article.Status.IN_REVIEW, tags=["iss"]),
        ArticleFactory(
            headline="Scheduled scoop",
            published_at=timezone.now() + datetime.timedelta(days=1),
            tags=["iss"],
        ),
    ]


@pytest.mark.parametrize(
    "url",
    ["/news/", "/news/2021/", "/news/2021/10/", ARTICLE, "/authors/dana-whitfield/"],
)
def test_news_pages_answer_with_the_demo(newsroom, client, url):
    html = html_of(client, url)
    assert html.count("<h1") == 1
    assert 'class="skip-link" href="#main"' in html


def test_news_list_is_newest_first_and_shows_only_published(newsroom, client):
    hidden_articles()
    html = html_of(client, "/news/")
    headlines = re.findall(r'class="card-headline"><a href="[^"]+">([^<]+)</a>', html)
    assert headlines[0].startswith("Challenge, the first feature shot in orbit")
    assert headlines[-1] == "Tom Cruise and NASA plan a film aboard the space station"
    assert len(headlines) == 9
    for hidden in ["Secret draft", "Awaiting review", "Scheduled scoop", "What next for Tom"]:
        assert hidden not in html


def test_news_list_paginates(newsroom, client):
    ArticleFactory.create_batch(20)
    first = html_of(client, "/news/")
    second = html_of(client, "/news/?page=2")
    assert first.count('class="card-headline"') == 20
    assert second.count('class="card-headline"') == 9
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second
    assert '<link rel="canonical" href="http://127.0.0.1:8000/news/?page=2">' in second


@pytest.mark.parametrize("value", ["0", "-1", "abc", "999999", "1.5", ""])
def test_hostile_page_numbers_answer_404(newsroom, client, value):
    for url in ["/news/", "/authors/dana-whitfield/", "/tags/roscosmos/", "/news/2021/"]:
        response = client.get(url, {"page": value})
        # An empty page number is the first page, as a form with no number sends it.
        assert response.status_code == (200 if value == "" else 404), (url, value)


def test_year_archive_lists_that_year_and_links_its_months(newsroom, client):
    html = html_of(client, "/news/2021/")
    assert "News from 2021" in html
    assert "Challenge film crew launches to the ISS on Soyuz MS-19" in html
    assert "Tom Cruise and NASA plan a film" not in html
    assert 'href="/news/2021/10/"' in html
    assert 'href="/news/2020/" rel="prev"' in html
    assert 'href="/news/2023/" rel="next"' in html


def test_month_archive_lists_that_month(newsroom, client):
    html = html_of(client, "/news/2021/10/")
    assert "News from October 2021" in html
    assert html.count('class="card-headline"') == 3
    assert "Roscosmos picks Yulia Peresild" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/news/2022/",  # nothing published that year
        "/news/2021/07/",  # nor that month
        "/news/2021/13/",
        "/news/2021/0/",
        "/news/9999/",
        "/news/0/",
        "/news/99999999999999999999/",
        "/news/2021/99999999999999999999/",
    ],
)
def test_empty_or_impossible_archives_answer_404(newsroom, client, url):
    assert client.get(url).status_code == 404


def test_an_archive_of_only_hidden_articles_answers_404(newsroom, client):
    ArticleFactory(
        status=Article.Status.DRAFT, published_at=datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC)
    )
    assert client.get("/news/2022/").status_code == 404
    assert client.get("/news/2022/03/").status_code == 404


def test_article_page_shows_everything_a_reader_expects(newsroom, client):
    html = html_of(client, ARTICLE)
    assert '<h1 id="page-heading">The new space race is a race to film first</h1>' in html
    assert 'class="standfirst">Russia\'s Challenge and Tom Cruise' in unescape(html)
    assert '<a href="/authors/dana-whitfield/" rel="author">Dana Whitfield</a> and ' in html
    assert '<a href="/authors/space-cinema-desk/" rel="author">Space Cinema desk</a>' in html
    assert '<time datetime="2021-05-17T08:00:00+00:00">17 May 2021</time>' in html
    assert 'Updated <time datetime="2021-05-18T12:00:00+00:00">18 May 2021</time>' in html
    assert 'width="1280" height="720"' in html
    assert "Both productions want to be first" in html
    assert "Image: Space Cinema graphics" in html
    assert "<p>The contest between Russia and the United States" in html
    assert '<h2 id="corrections-heading">Corrections</h2>' in html
    assert "spelled the director’s surname “Shepenko”" in html
    assert 'BBC News, as of <time datetime="2021-05-17">17 May 2021</time>' in html
    assert 'href="/tags/space-race/" rel="tag"' in html


def test_lead_image_is_not_lazy_but_related_images_are(newsroom, client):
    html = html_of(client, ARTICLE)
    lead = re.search(r'<figure class="lead-image">\s*(<img[^>]+>)', html).group(1)
    assert "loading=" not in lead
    related = html.split('id="related-heading"')[1]
    assert all('loading="lazy"' in img for img in re.findall(r"<img[^>]+>", related))


def test_article_page_links_every_subject(newsroom, client):
    article = Article.objects.get(slug="space-race-first-film-in-orbit")
    html = html_of(client, ARTICLE)
    subjects = [*article.people.all(), *article.organisations.all(), *article.projects.all()]
    assert len(subjects) == 16
    for subject in subjects:
        assert f'href="{subject.get_absolute_url()}"' in html, subject


def test_sources_with_an_address_are_links(newsroom, client):
    article = Article.objects.get(slug="space-race-first-film-in-orbit")
    article.sources.create(publisher="NBC News", title="Film in orbit", url="https://example.com/a")
    html = html_of(client, ARTICLE)
    assert (
        '<a href="https://example.com/a" rel="noopener noreferrer">NBC News: Film in orbit</a>'
        in html
    )


def test_updated_appears_only_after_a_correction(newsroom, client):
    article = Article.objects.get(slug="challenge-crew-begins-training")
    assert 'class="updated">Updated <time' not in html_of(client, article.get_absolute_url())
    Correction.objects.create(article=article, text="The training began on **1 June**.")
    html = html_of(client, article.get_absolute_url())
    assert 'class="updated">Updated <time' in html
    assert "The training began on <strong>1 June</strong>." in html


def test_related_articles_are_earlier_coverage_sharing_the_most_tags_then_newest(newsroom, client):
    now = timezone.now()
    one_tag_new = ArticleFactory(
        headline="One tag, newer", tags=["alpha"], published_at=now - datetime.timedelta(days=1)
    )
    two_tags_old = ArticleFactory(
        headline="Two tags, older",
        tags=["alpha", "beta"],
        published_at=now - datetime.timedelta(days=30),
    )
    base = ArticleFactory(
        headline="Base story",
        tags=["alpha", "beta", "gamma"],
        published_at=now - datetime.timedelta(hours=2),
    )
    # A new publication never changes an older article's list: only earlier coverage counts.
    ArticleFactory(
        headline="Later follow-up",
        tags=["alpha", "beta", "gamma"],
        published_at=now + datetime.timedelta(seconds=1),
    )
    ArticleFactory(
        headline="Unrelated", tags=["delta"], published_at=now - datetime.timedelta(days=2)
    )
    ArticleFactory(headline="Hidden relation", tags=["alpha", "beta", "gamma"], status="draft")
    html = html_of(client, base.get_absolute_url())
    related = html.split('id="related-heading"')[1]
    assert related.index(two_tags_old.headline) < related.index(one_tag_new.headline)
    for absent in ["Later follow-up", "Unrelated", "Hidden relation", "Base story"]:
        assert absent not in related


def test_article_structured_data_and_social_tags(newsroom, client):
    html = html_of(client, ARTICLE)
    article, breadcrumbs = json_ld(html)
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "The new space race is a race to film first"
    assert article["datePublished"] == "2021-05-17T08:00:00+00:00"
    assert article["dateModified"] == "2021-05-18T12:00:00+00:00"
    assert [author["name"] for author in article["author"]] == [
        "Dana Whitfield",
        "Space Cinema desk",
    ]
    assert article["image"][0].startswith("http://127.0.0.1:8000/media/renditions/")
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Home",
        "News",
        "The new space race is a race to film first",
    ]
    assert breadcrumbs["itemListElement"][1]["item"] == "http://127.0.0.1:8000/news/"
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{ARTICLE}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image" content="http://127.0.0.1:8000/media/renditions/' in html
    assert "<title>The new space race is a race to film first | Space Cinema</title>" in html


@pytest.mark.parametrize(
    "status, published_at",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.PUBLISHED, timezone.now() + datetime.timedelta(days=1)),
    ],
)
def test_unpublished_articles_answer_404(newsroom, client, status, published_at):
    article = ArticleFactory(status=status, published_at=published_at)
    if published_at is None:
        Article.objects.filter(pk=article.pk).update(published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_demo_draft_answers_404_and_is_listed_nowhere(newsroom, client):
    assert client.get("/news/what-next-for-cruise-space-film/").status_code == 404
    for url in ["/news/", "/authors/dana-whitfield/", ARTICLE, "/tags/tom-cruise/"]:
        assert DRAFT_HEADLINE not in unescape(html_of(client, url))


@pytest.mark.parametrize(
    "url",
    [
        "/news/no-such-article/",
        "/news/" + "a" * 2000 + "/",
        "/news/%E0%A4%A/",
        "/news/%ff%fe/",
        "/authors/nobody/",
        "/authors/" + "b" * 2000 + "/",
    ],
)
def test_hostile_article_and_author_urls_answer_404(newsroom, client, url):
    assert client.get(url).status_code == 404


def test_author_page_lists_only_their_published_articles(newsroom, client):
    author = AuthorFactory(name="Rosa Ortiz", bio="Covers *launches*.")
    ArticleFactory(headline="Rosa on the launch pad", authors=[author])
    ArticleFactory(headline="Rosa's unfinished draft", authors=[author], status="draft")
    html = html_of(client, author.get_absolute_url())
    assert '<h1 id="page-heading">Rosa Ortiz</h1>' in html
    assert "Covers <em>launches</em>." in html
    assert "Rosa on the launch pad" in html
    assert "unfinished draft" not in html


def test_author_page_names_the_author_in_its_feed_links(newsroom, client):
    html = html_of(client, "/authors/dana-whitfield/")
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Space Cinema: Dana Whitfield '
        '(RSS)" href="/feeds/authors/dana-whitfield.rss">'
    ) in html


def test_editor_text_cannot_run_script(newsroom, client):
    article = ArticleFactory(
        headline='<script>alert("headline")</script>',
        standfirst="<img src=x onerror=alert(1)>",
        body='<script>alert("body")</script> [link](javascript:alert(1))',
        tags=["<b>tag</b>"],
    )
    article.lead_image_caption = '"><script>alert("caption")</script>'
    article.save()
    html = html_of(client, article.get_absolute_url())
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(&quot;headline&quot;)&lt;/script&gt;" in html
    for data in json_ld(html):
        assert data
    assert html_of(client, reverse("articles:list")).count("<script>") == 0


def test_every_page_shares_one_picture_in_previews_and_structured_data(newsroom, client):
    """Link previews and search engines get the same picture: the largest rendition of the
    article's lead image, the person's photo, the organisation's logo or the production's
    poster, at the public address."""
    from newsroom.images import renditions
    from people.models import Organisation, Person
    from projects.models import Project

    lead = Article.objects.published().exclude(lead_image="").latest("published_at")
    subjects = [
        (lead, "lead_image", "image", "NewsArticle"),
        (Person.objects.exclude(photo="").first(), "photo", "image", "Person"),
        (Organisation.objects.exclude(logo="").first(), "logo", "logo", "Organization"),
        (Project.objects.exclude(poster="").first(), "poster", "image", "Movie"),
    ]
    for thing, field, key, kind in subjects:
        expected = "http://127.0.0.1:8000" + renditions(getattr(thing, field))[-1][0]
        html = html_of(client, thing.get_absolute_url())
        data = next(block for block in json_ld(html) if block["@type"] == kind)
        shared = data[key][0] if isinstance(data[key], list) else data[key]
        assert f'<meta property="og:image" content="{expected}">' in html
        assert f'<meta name="twitter:image" content="{expected}">' in html
        assert shared == expected


def shown_cards_keys(html):
    """The keys of the articles whose cards `html` shows, and of their bylines."""
    slugs = re.findall(r'class="card-headline"><a href="/news/([^/]+)/">', html)
    shown = Article.objects.filter(slug__in=slugs)
    assert len(shown) == len(slugs)
    authors = Article.authors.through.objects.filter(article__in=shown)
    return {
        *(f"article-{pk}" for pk in shown.values_list("pk", flat=True)),
        *(f"author-{pk}" for pk in authors.values_list("author_id", flat=True)),
    }


def test_article_page_records_the_keys_of_everything_it_shows(newsroom, client):
    article = Article.objects.get(slug="space-race-first-film-in-orbit")
    response = client.get(ARTICLE)
    related = response.content.decode().split('id="related-heading"')[1]

    shown = {
        f"article-{article.pk}",
        # Whether its versions in other languages are published, and where.
        f"article-{article.pk}-translations",
        *(f"author-{pk}" for pk in article.authors.values_list("pk", flat=True)),
        *(f"person-{pk}" for pk in article.people.values_list("pk", flat=True)),
        *(f"organisation-{pk}" for pk in article.organisations.values_list("pk", flat=True)),
        *(f"project-{pk}" for pk in article.projects.values_list("pk", flat=True)),
        *(f"tag-{pk}" for pk in article.tags.values_list("pk", flat=True)),
    }
    assert len(shown_cards_keys(related)) > 1
    assert response.wsgi_request.dependencies == shown | shown_cards_keys(related)


@pytest.mark.parametrize(
    "url, lists",
    [
        ("/news/", {"news"}),
        ("/news/2021/", {"news", "news-2021"}),
        ("/news/2021/10/", {"news", "news-2021-10"}),
    ],
)
def test_news_lists_record_their_list_and_every_card(newsroom, client, url, lists):
    response = client.get(url)
    cards = shown_cards_keys(response.content.decode())
    assert len(cards) > 2
    assert response.wsgi_request.dependencies == lists | cards


def test_author_page_records_the_author_their_articles_and_every_card(newsroom, client):
    author = Author.objects.get(slug="dana-whitfield")
    response = client.get(author.get_absolute_url())
    cards = shown_cards_keys(response.content.decode())
    assert f"author-{author.pk}" in cards
    assert response.wsgi_request.dependencies == {f"author-{author.pk}-articles"} | cards
