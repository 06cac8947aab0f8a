"""Migration 0023 moves every lead image of a newsroom into the image library with nothing
lost: the file, its size, its alt text, caption and credit, and the pages as readers got them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from newsroom.models import Image

BEFORE = ("articles", "0022_image_library_roles")
LEAD_IMAGE = [
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
]


def lead_images():
    return {
        row[0]: row[1:]
        for row in Article.objects.exclude(lead_image="")
        .order_by("pk")
        .values_list("pk", *LEAD_IMAGE)
    }


@pytest.mark.django_db(transaction=True)
def test_the_demo_s_lead_images_move_into_the_library_with_nothing_lost(demo, client):
    shown = lead_images()
    assert len(shown) >= 3
    # Two articles showing one file with different words keep their own words.
    first, second = list(shown)[:2]
    Article.objects.filter(pk=second).update(
        lead_image=shown[first][0],
        lead_image_width=shown[first][1],
        lead_image_height=shown[first][2],
        lead_image_caption="Another caption for the same picture",
    )
    shown = lead_images()
    published = list(
        Article.objects.published().exclude(lead_image="").values_list("slug", flat=True)[:5]
    )
    pages = {slug: client.get(f"/news/{slug}/").content for slug in published}

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_state = executor.loader.project_state(BEFORE).apps
    old_state.get_model("newsroom", "Image").objects.all().delete()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("articles"))

    assert lead_images() == shown
    linked = Article.objects.exclude(lead_image="").select_related("lead_library_image")
    for article in linked:
        entry = article.lead_library_image
        assert (
            entry.file.name,
            entry.file_width,
            entry.file_height,
            entry.alt,
            entry.caption,
            entry.credit,
        ) == shown[article.pk]
    assert Image.objects.count() == len(set(shown.values()))
    assert not Article.objects.filter(lead_image="", lead_library_image__isnull=False).exists()
    for slug, page in pages.items():
        assert client.get(f"/news/{slug}/").content == page
    # A save takes the library's copy, which is what it showed: the page stays the same.
    for article in Article.objects.filter(slug__in=published):
        article.save()
    for slug, page in pages.items():
        assert client.get(f"/news/{slug}/").content == page
