"""The migrations that move every lead image, photo, logo and poster of a newsroom into the image
library lose nothing: the file, its size, its alt text, caption and credit, and the pages as
readers got them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from people.models import Organisation, Person
from projects.models import Project

BEFORE = [
    ("articles", "0027_image_library_roles"),
    ("people", "0002_content_named_photos_and_logos"),
    ("projects", "0002_content_named_posters"),
]
# Each model's image field, its words, and the library fields they are copied to.
SUBJECT_IMAGES = [
    (Person, "photo", {"photo_alt": "alt", "photo_credit": "credit"}),
    (Organisation, "logo", {"logo_alt": "alt", "logo_credit": "credit"}),
    (Project, "poster", {"poster_alt": "alt", "poster_credit": "credit"}),
]
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


def subject_images(model, name, copies):
    columns = [name, f"{name}_width", f"{name}_height", *copies]
    return list(model.objects.exclude(**{name: ""}).order_by("pk").values_list("pk", *columns))


@pytest.mark.django_db(transaction=True)
def test_the_demo_s_lead_images_photos_logos_and_posters_move_into_the_library_with_nothing_lost(
    demo, client
):
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

    subjects = {
        model: subject_images(model, name, copies) for model, name, copies in SUBJECT_IMAGES
    }
    assert all(subjects.values())
    subject_pages = {
        url: client.get(url).content
        for model, name, _ in SUBJECT_IMAGES
        for url in [model.objects.exclude(**{name: ""}).first().get_absolute_url()]
    }

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_state = executor.loader.project_state(BEFORE).apps
    old_state.get_model("newsroom", "Image").objects.all().delete()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    for model, name, copies in SUBJECT_IMAGES:
        assert subject_images(model, name, copies) == subjects[model]
        for row in model.objects.exclude(**{name: ""}).select_related(f"{name}_library_image"):
            entry = getattr(row, f"{name}_library_image")
            assert entry.file.name == getattr(row, name).name
            assert (entry.file_width, entry.file_height) == (
                getattr(row, f"{name}_width"),
                getattr(row, f"{name}_height"),
            )
            for own, theirs in copies.items():
                assert getattr(entry, theirs) == getattr(row, own)
    for url, page in subject_pages.items():
        assert client.get(url).content == page

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
    assert Article.objects.exclude(lead_image="").values(
        "lead_library_image"
    ).distinct().count() == len(set(shown.values()))
    assert not Article.objects.filter(lead_image="", lead_library_image__isnull=False).exists()
    for slug, page in pages.items():
        assert client.get(f"/news/{slug}/").content == page
    # A save takes the library's copy, which is what it showed: the page stays the same.
    for article in Article.objects.filter(slug__in=published):
        article.save()
    for slug, page in pages.items():
        assert client.get(f"/news/{slug}/").content == page
