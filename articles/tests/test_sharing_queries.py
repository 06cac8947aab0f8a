"""The article page reads the search and social overrides from the article's own row: it runs
the same queries with them set, however much news there is."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article

pytestmark = pytest.mark.django_db

ARTICLE = "/news/space-race-first-film-in-orbit/"
# As newsroom/tests/test_queries.py pins the article page: the article; what it names; the
# related cards; sources; corrections.
ARTICLE_PAGE_QUERIES = 5


def test_the_article_page_with_overrides_runs_the_same_queries(
    newsroom_at_scale, client, django_assert_num_queries
):
    article = Article.objects.get(slug="space-race-first-film-in-orbit")
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), (90, 20, 20)).save(buffer, "JPEG")
    article.seo_title = "Film crews race to orbit"
    article.meta_description = "Who films first in orbit."
    article.social_image = SimpleUploadedFile("card.jpg", buffer.getvalue())
    article.social_image_alt = "A camera"
    article.save()
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(ARTICLE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta property="og:title" content="Film crews race to orbit">' in html
    assert '<meta property="og:image:width" content="1200">' in html
