import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error
from PIL import Image

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from articles.tests.factories import ArticleFactory, CorrectionFactory
from people.models import Person
from people.tests.factories import PersonFactory
from people.tests.pages import html_of, section
from projects.models import Milestone, Project

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_home_answers_with_the_demo(newsroom, client):
    html = html_of(client, "/")
    assert html.count("<h1") == 1
    assert '<form class="site-search" role="search" action="/search/" method="get">' in html
    assert 'name="q"' in html


def test_home_leads_with_the_newest_illustrated_article(newsroom, client):
    ArticleFactory(headline="Newer but without a picture")
    html = html_of(client, "/")
    lead = html[html.index('class="lead-story"') : html.index("</article>")]
    assert "Challenge, the first feature shot in orbit, opens in Russian cinemas" in lead
    assert 'href="/news/challenge-premieres-in-russia/"' in lead
    latest = section(html, "latest-heading")
    assert "Newer but without a picture" in latest
    assert "opens in Russian cinemas" not in latest


def test_home_race_box_shows_both_rivals_with_last_and_next_milestones(newsroom, client):
    race = section(html_of(client, "/"), "race-heading")
    assert 'href="/projects/challenge/">Challenge</a>' in race
    assert 'href="/projects/tom-cruise-space-film/">Tom Cruise space film</a>' in race
    assert "Released" in race and "In development" in race
    challenge, cruise = race.split('class="race-box-rival"')[1:]
    assert "Premiere in Russia" in challenge or "Premiere" in challenge
    assert "Film with NASA announced" in cruise
    # The launch reported for 1 October 2021 never happened: it is not what comes next.
    assert "Launch to the ISS" not in cruise and "slipped" not in cruise
    assert "<dt>Next planned</dt>\n          <dd>Nothing announced</dd>" in cruise
    assert 'href="/race/"' in race


def test_home_race_box_follows_new_milestones(newsroom, client):
    cruise = Project.objects.get(slug="tom-cruise-space-film")
    Milestone.objects.create(
        project=cruise,
        title="Cameras roll in orbit",
        kind=Milestone.Kind.FILMING,
        happened_on=datetime.date(2030, 1, 1),
        status=Milestone.Status.HAPPENED,
    )
    cruise_box = section(html_of(client, "/"), "race-heading").split('class="race-box-rival"')[2]
    assert "Cameras roll in orbit" in cruise_box


def test_home_without_rivals_explains_itself(newsroom, client):
    Project.objects.update(rival=None)
    race = section(html_of(client, "/"), "race-heading")
    assert "No rival productions are being followed" in race


def test_home_busiest_tags_count_only_published_articles(newsroom, client):
    ArticleFactory.create_batch(3, status=Article.Status.DRAFT, tags=["hidden-topic"])
    tags = section(html_of(client, "/"), "tags-heading")
    counts = dict(
        re.findall(r'href="/tags/([^/]+)/" rel="tag">[^<]+ <span class="count">(\d+)', tags)
    )
    assert counts["roscosmos"] == "5"
    assert counts["iss"] == "3"
    assert "hidden-topic" not in counts
    assert list(counts)[:2] == ["challenge", "roscosmos"]


def test_home_without_any_news_still_answers(newsroom, client):
    Article.objects.all().delete()
    html = html_of(client, "/")
    assert "Nothing else has been published yet." in html


def test_each_page_marks_its_own_section_as_current(newsroom, client):
    def current(path):
        html = html_of(client, path)
        nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group(0)
        site_name = re.search(r'<a class="site-name"[^>]*>', html).group(0)
        return re.findall(r'<a href="([^"]+)" aria-current="page">', nav), site_name

    for path, marked in [
        ("/race/", ["/race/"]),
        ("/news/", ["/news/"]),
        ("/", []),
        ("/race/", ["/race/"]),
        ("/tags/", ["/tags/"]),
    ]:
        links, site_name = current(path)
        assert links == marked, path
        assert ('aria-current="page"' in site_name) == (path == "/"), path


def test_breadcrumbs_show_what_editors_type_as_text(db, client):
    person = PersonFactory(name='<script>alert(1)</script> & "Q"', slug="typed")

    html = html_of(client, person.get_absolute_url())

    assert "<script>alert" not in html
    trail = re.search(r'<nav class="breadcrumbs".*?</script>', html, re.DOTALL).group(0)
    assert (
        '<li><a href="/people/typed/" aria-current="page">'
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Q&#34;</a></li>"
    ) in trail
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', trail).group(1))
    assert data["itemListElement"][-1]["name"] == '<script>alert(1)</script> & "Q"'


def test_robots_names_the_sitemap(db, client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_the_health_check_answers_ok_and_is_never_stored(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_robots_answers_head_without_a_body(db, client):
    response = client.head("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b""


def test_every_page_links_an_icon_that_is_served(newsroom, client):
    html = html_of(client, "/")
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert link, "the page links its icon"
    icon = client.get(link.group(1))
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


@pytest.mark.parametrize("method", ["get", "head"])
def test_favicon_ico_is_an_icon_browsers_may_keep(db, client, method):
    response = getattr(client, method)("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=604800" in response["Cache-Control"]
    if method == "get":
        with Image.open(io.BytesIO(response.content)) as icon:
            assert icon.format == "ICO"
            assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]


def sitemap_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    return {
        entry.findtext(f"{SITEMAP}loc").removeprefix("http://testserver"): entry.findtext(
            f"{SITEMAP}lastmod"
        )
        for entry in [*root.iter(f"{SITEMAP}url"), *root.iter(f"{SITEMAP}sitemap")]
    }


def test_sitemap_index_names_each_section_with_its_latest_change(newsroom, client):
    sections = sitemap_entries(client, "/sitemap.xml")
    assert sections["/sitemap-news.xml"].startswith("2023-04-20T09:00:00")
    assert set(sections) == {
        f"/sitemap-{name}.xml"
        for name in [
            "sections",
            "news",
            "latest-news",
            "authors",
            "people",
            "organisations",
            "productions",
            "tags",
        ]
    }


def test_sitemap_lists_public_content_with_lastmod(newsroom, client):
    ArticleFactory(slug="draft-in-sitemap", status=Article.Status.DRAFT, tags=["hush"])
    ArticleFactory(
        slug="scheduled-in-sitemap", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    paths = {}
    for sitemap in sitemap_entries(client, "/sitemap.xml"):
        paths.update(sitemap_entries(client, sitemap))
    assert paths["/news/space-race-first-film-in-orbit/"] == "2021-05-18"
    assert paths["/news/challenge-crew-begins-training/"] == "2021-06-01"
    assert paths["/tags/challenge/"] == "2023-04-20"
    assert paths["/authors/dana-whitfield/"] == "2021-10-17"
    for person in Person.objects.all():
        assert paths[person.get_absolute_url()]
    for project in Project.objects.all():
        assert paths[project.get_absolute_url()]
    assert "/organisations/roscosmos/" in paths
    assert "/" in paths and "/race/" in paths
    assert len([path for path in paths if path.startswith("/news/") and path.count("/") == 3]) == 9
    assert not [path for path in paths if "what-next" in path or "in-sitemap" in path]
    assert "/tags/hush/" not in paths


def test_sitemap_index_names_every_page_of_a_long_section(newsroom, client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 3)

    pages = [url for url in sitemap_entries(client, "/sitemap.xml") if "sitemap-news" in url]

    assert pages == ["/sitemap-news.xml", "/sitemap-news.xml?p=2", "/sitemap-news.xml?p=3"]
    listed = {}
    for page in pages:
        listed.update(sitemap_entries(client, page))
    assert len(listed) == Article.objects.published().count() == 9
    assert client.get("/sitemap-news.xml?p=4").status_code == 404


def test_correction_dates_the_news_section_in_the_index(newsroom, client):
    article = Article.objects.get(slug="challenge-crew-begins-training")

    CorrectionFactory(article=article, text="Training began on 1 June, not 2 June.")

    today = timezone.now().date().isoformat()
    assert sitemap_entries(client, "/sitemap.xml")["/sitemap-news.xml"].startswith(today)
    assert sitemap_entries(client, "/sitemap-news.xml")[article.get_absolute_url()] == today


@pytest.mark.parametrize(
    ("url", "keys"),
    [
        (
            "/sitemap.xml",
            {
                "news",
                "articles",
                "latest-news",
                "authors",
                "people",
                "organisations",
                "projects",
                "tags",
            },
        ),
        ("/sitemap-news.xml", {"news", "articles"}),
        ("/sitemap-latest-news.xml", {"news", "articles", "latest-news"}),
        ("/sitemap-authors.xml", {"authors", "news", "articles"}),
        ("/sitemap-tags.xml", {"tags", "news", "articles"}),
        ("/sitemap-people.xml", {"people"}),
        ("/sitemap-organisations.xml", {"organisations"}),
        ("/sitemap-productions.xml", {"projects"}),
    ],
)
def test_sitemaps_record_the_lists_they_show(newsroom, client, url, keys):
    response = client.get(url)

    assert response.status_code == 200
    assert response.wsgi_request.dependencies == keys


@pytest.mark.parametrize(
    "url", ["/sitemap-nothing.xml", "/sitemap-news.xml?p=2", "/sitemap-news.xml?p=x"]
)
def test_unknown_sitemap_pages_answer_404(newsroom, client, url):
    assert client.get(url).status_code == 404


def test_missing_pages_use_the_site_design(db, client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Lost in space" in html
    assert 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_server_error_page_needs_no_request_context():
    assert "Houston, we have a problem" in get_template("500.html").render()
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b'class="site-header"' in response.content


def test_home_records_what_it_shows(newsroom, client):
    response = client.get("/")
    keys = response.wsgi_request.dependencies
    lead = Article.objects.published().illustrated().first()
    newest = Article.objects.published().exclude(pk=lead.pk).first()
    rivals = Project.objects.race()
    assert {"news", "race", "today", "tags"} <= keys
    assert {f"article-{lead.pk}", f"article-{newest.pk}"} <= keys
    assert {f"author-{author.pk}" for author in lead.authors.all()} <= keys
    assert {f"project-{project.pk}" for project in rivals} <= keys
