from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles.models import Article, Correction, TaggedArticle

pytestmark = pytest.mark.django_db


def make(headline, status=Article.Status.PUBLISHED, published_at=None, **fields):
    return Article.objects.create(
        headline=headline,
        status=status,
        published_at=published_at or timezone.now() - timedelta(hours=1),
        **fields,
    )


def test_published_hides_drafts_reviews_and_scheduled_articles():
    visible = make("Visible")
    make("Draft", status=Article.Status.DRAFT)
    make("In review", status=Article.Status.IN_REVIEW)
    make("Scheduled", published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.published()) == [visible]
    assert visible.is_published()


def test_hidden_is_everything_published_is_not():
    make("Visible")
    hidden = {
        make("Draft", status=Article.Status.DRAFT),
        make("In review", status=Article.Status.IN_REVIEW),
        make("Scheduled", published_at=timezone.now() + timedelta(days=1)),
    }
    assert set(Article.objects.hidden()) == hidden
    assert {article for part in Article.objects.hidden_parts() for article in part} == hidden


def test_publication_periods_are_those_readers_can_see_published_in(
    django_assert_max_num_queries,
):
    def at(year, month, day):
        return timezone.make_aware(datetime(year, month, day, 12))

    make("Late 2019", published_at=at(2019, 12, 31))
    make("May 2021", published_at=at(2021, 5, 3))
    make("Also May 2021", published_at=at(2021, 5, 30))
    make("July 2021", published_at=at(2021, 7, 1))
    make("Draft in 2020", status=Article.Status.DRAFT, published_at=at(2020, 6, 1))
    make("Scheduled", published_at=timezone.now() + timedelta(days=400))
    published = Article.objects.published()

    with django_assert_max_num_queries(3):
        years = published.publication_periods("year")
    assert years == [at(2019, 1, 1).replace(hour=0), at(2021, 1, 1).replace(hour=0)]
    in_2021 = published.filter(published_at__year=2021)
    assert [start.month for start in in_2021.publication_periods("month", "DESC")] == [7, 5]
    may = in_2021.filter(published_at__month=5)
    assert [start.day for start in may.publication_periods("day")] == [3, 30]
    assert Article.objects.none().publication_periods("year") == []


def test_the_admin_date_hierarchy_gets_publication_years_without_undated_drafts(admin_client):
    Article.objects.create(headline="Undated draft", status=Article.Status.DRAFT)
    make("Late 2019", published_at=timezone.make_aware(datetime(2019, 12, 31, 12)))
    make("May 2021", published_at=timezone.make_aware(datetime(2021, 5, 3, 12)))

    years = Article.objects.datetimes("published_at", "year")

    assert [start.year for start in years] == [2019, 2021]
    html = admin_client.get("/admin/articles/article/").content.decode()
    assert "?published_at__year=2019" in html and "?published_at__year=2021" in html


def test_publishing_without_a_time_publishes_now():
    article = Article.objects.create(headline="Now", status=Article.Status.PUBLISHED)
    assert article.published_at is not None
    assert article in Article.objects.published()


def test_slug_from_headline_and_collisions():
    first = make("Challenge crew lands")
    second = make("Challenge crew lands")
    assert first.slug == "challenge-crew-lands"
    assert second.slug == "challenge-crew-lands-2"
    assert first.get_absolute_url() == "/news/challenge-crew-lands/"


def test_cyrillic_headline_slug():
    assert make("Вызов: премьера").slug == "vyzov-premera"


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize(
    "body",
    [
        "Hello <script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "![pic](x.png)<img src=x onerror=alert(1)>",
        "[click me](javascript:alert(1))",
        "[click me](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">html link</a>',
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "<iframe src=https://evil.example></iframe><svg onload=alert(1)>",
    ],
)
def test_script_never_reaches_the_rendered_body(body):
    article = make("Hostile", body=body)
    for tag, attributes in elements(article.body_html):
        assert tag not in {"script", "iframe", "svg", "object", "embed", "style"}
        assert not any(name.startswith("on") for name in attributes)
        for url in (attributes.get("href"), attributes.get("src")):
            assert url is None or not url.strip().lower().startswith(("javascript:", "data:"))


def test_image_markdown_keeps_safe_images():
    article = make("Picture", body="![Soyuz on the pad](https://example.org/soyuz.jpg)")
    assert elements(article.body_html) == [
        ("p", {}),
        ("img", {"src": "https://example.org/soyuz.jpg", "alt": "Soyuz on the pad"}),
    ]


def test_markdown_is_rendered_with_safe_links():
    article = make("Links", body="See [the BBC](https://www.bbc.co.uk/news) and **more**.")
    assert (
        '<a href="https://www.bbc.co.uk/news" rel="noopener noreferrer">the BBC</a>'
        in article.body_html
    )
    assert "<strong>more</strong>" in article.body_html


def test_tags_go_through_the_article_table():
    article = make("Tagged")
    article.tags.add("iss", "soyuz")
    assert TaggedArticle.objects.filter(content_object=article).count() == 2


def test_a_correction_moves_the_updated_time():
    article = make("Corrected")
    assert article.corrected_at is None
    correction = Correction.objects.create(article=article, text="We misspelled a name.")
    article.refresh_from_db()
    assert article.corrected_at == correction.made_at
    assert "misspelled" in correction.text_html
    correction.delete()
    article.refresh_from_db()
    assert article.corrected_at is None


def test_guid_is_stable_across_slug_and_headline_changes():
    article = make("First headline")
    guid = article.guid
    article.headline = "Second headline"
    article.slug = "second-headline"
    article.save()
    article.refresh_from_db()
    assert article.guid == guid
