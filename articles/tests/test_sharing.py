"""Search and social overrides: an article's own title, description and picture for search
results and shared links, each falling back to the headline, the standfirst and the lead
image (articles/sharing.py), on the page's head and in the admin's share preview."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from PIL import Image

from articles.models import Article
from articles.tests.factories import ArticleFactory
from newsroom.images import renditions
from people.tests.pages import html_of
from spacecinema.tests.hostile_text import hostile_text

pytestmark = pytest.mark.django_db

ARTICLE = "/news/space-race-first-film-in-orbit/"
HEADLINE = "The new space race is a race to film first"
ORIGIN = "http://127.0.0.1:8000"


class Head(HTMLParser):
    """The page's <title>, its meta tags by name or property, and its JSON-LD."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.title, self.meta, self.jsonld = "", {}, []
        self._in = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.jsonld.append(json.loads(data))


def head_of(client, url):
    return Head(html_of(client, url))


def jpeg(width, height, colour=(200, 40, 60)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def demo_article():
    return Article.objects.get(slug="space-race-first-film-in-orbit")


def news_article(head):
    return next(data for data in head.jsonld if data["@type"] == "NewsArticle")


def test_with_no_overrides_the_head_shares_the_headline_standfirst_and_lead_image(newsroom, client):
    article = demo_article()
    head = head_of(client, ARTICLE)
    url, width, height = renditions(article.lead_image)[-1]
    assert head.title == f"{HEADLINE} | Space Cinema"
    assert head.meta["og:title"] == head.meta["twitter:title"] == HEADLINE
    assert head.meta["description"] == head.meta["og:description"] == article.standfirst
    assert head.meta["og:image"] == head.meta["twitter:image"] == ORIGIN + url
    assert head.meta["og:image:width"] == str(width)
    assert head.meta["og:image:height"] == str(height)
    assert head.meta["og:image:alt"] == head.meta["twitter:image:alt"] == article.lead_image_alt


def test_overrides_appear_in_title_meta_open_graph_and_twitter(newsroom, client):
    article = demo_article()
    article.seo_title = "Film crews race to orbit"
    article.meta_description = "Russia and Hollywood both want the first feature shot in space."
    article.social_image = SimpleUploadedFile("card.jpg", jpeg(1200, 630))
    article.social_image_alt = "A film camera in front of a launch pad"
    article.save()
    head = head_of(client, ARTICLE)
    url, width, height = renditions(article.social_image)[-1]
    assert (width, height) == (1200, 630)
    assert head.title == "Film crews race to orbit | Space Cinema"
    assert head.meta["og:title"] == head.meta["twitter:title"] == "Film crews race to orbit"
    assert head.meta["description"] == article.meta_description
    assert head.meta["og:description"] == head.meta["twitter:description"]
    assert head.meta["og:description"] == article.meta_description
    assert head.meta["og:image"] == head.meta["twitter:image"] == ORIGIN + url
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["og:image:alt"] == "A film camera in front of a launch pad"
    assert head.meta["twitter:image:alt"] == "A film camera in front of a launch pad"
    # The structured data keeps the headline and picture readers see on the page, and gives
    # search engines the description the head gives.
    data = news_article(head)
    assert data["headline"] == HEADLINE
    assert data["description"] == article.meta_description
    assert data["image"] == [ORIGIN + renditions(article.lead_image)[-1][0]]
    # The page itself still shows the headline and the lead image.
    html = html_of(client, ARTICLE)
    assert f'<h1 id="page-heading">{HEADLINE}</h1>' in html
    assert renditions(article.lead_image)[-1][0] in html.split("<body")[1]
    assert url not in html.split("<body")[1]


@pytest.mark.parametrize("left_empty", ["seo_title", "meta_description", "social_image"])
def test_each_override_left_empty_falls_back_on_its_own(newsroom, client, left_empty):
    article = demo_article()
    overrides = {
        "seo_title": "Film crews race to orbit",
        "meta_description": "Who films first in orbit.",
        "social_image": SimpleUploadedFile("card.jpg", jpeg(1200, 630)),
    }
    overrides[left_empty] = ""
    for name, value in overrides.items():
        setattr(article, name, value)
    article.social_image_alt = "A camera" if overrides["social_image"] else ""
    article.save()
    head = head_of(client, ARTICLE)
    expected_title = overrides["seo_title"] or HEADLINE
    expected_description = overrides["meta_description"] or article.standfirst
    expected_image = renditions(article.social_image or article.lead_image)[-1][0]
    assert head.title == f"{expected_title} | Space Cinema"
    assert head.meta["og:title"] == head.meta["twitter:title"] == expected_title
    assert head.meta["description"] == head.meta["og:description"] == expected_description
    assert head.meta["og:image"] == head.meta["twitter:image"] == ORIGIN + expected_image
    assert article.share_card().title == expected_title
    assert article.seo_title_or_headline == expected_title
    assert article.share_image == ORIGIN + expected_image


def test_an_article_with_no_standfirst_or_picture_shares_its_headline_as_text(client):
    article = ArticleFactory(headline="Crew named", standfirst="")
    head = head_of(client, article.get_absolute_url())
    assert head.meta["og:title"] == "Crew named"
    assert head.meta["description"] == head.meta["og:description"] == "Crew named"
    assert head.meta["twitter:card"] == "summary"
    assert "og:image" not in head.meta


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=hostile_text(200),
    description=hostile_text(300),
    alt=hostile_text(300),
)
def test_hostile_overrides_are_escaped_in_every_meta_attribute(client, title, description, alt):
    article = Article.objects.filter(slug="hostile").first() or ArticleFactory(
        slug="hostile", headline="Hostile", lead_image_alt="x"
    )
    article.seo_title = title[:200]
    article.meta_description = description[:300]
    article.social_image = SimpleUploadedFile("card.jpg", jpeg(40, 21))
    article.social_image_alt = alt[:300] or "x"
    article.save()
    article.refresh_from_db()
    card = article.share_card()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    head_html = html.split("</head>")[0]
    assert "<script>alert" not in head_html
    # Every tag in the head is one the page wrote: nothing typed opened a tag of its own.
    assert set(re.findall(r"<([a-z]+)", head_html)) <= {
        "html",
        "head",
        "meta",
        "title",
        "link",
        "script",
    }
    head = Head(html)
    assert head.title == f"{card.title} | Space Cinema"
    assert head.meta["og:title"] == head.meta["twitter:title"] == card.title
    assert head.meta["description"] == head.meta["og:description"] == card.description
    assert card.description.startswith(head.meta["twitter:description"].rstrip("…"))
    assert head.meta["og:image:alt"] == head.meta["twitter:image:alt"] == card.image_alt
    assert news_article(head)["description"] == card.description
