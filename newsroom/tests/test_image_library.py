"""The image library: uploads through its admin keep every guard, and articles show its
pictures in their bodies by reference, rendered again when a picture changes or goes."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as Picture

from articles.models import Article
from newsroom.images import rendition_name
from newsroom.models import Image
from newsroom.text import render_markdown

from .test_images import png_header_claiming

pytestmark = pytest.mark.django_db


def gradient(width, height, kind="PNG"):
    picture = Picture.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, kind)
    return buffer.getvalue()


def upload(admin_client, name, content, content_type, **fields):
    data = {
        "alt": "The crew in the Soyuz",
        "caption": "",
        "credit": "",
        "focal_x": "",
        "focal_y": "",
    }
    data.update(fields)
    data["file"] = SimpleUploadedFile(name, content, content_type=content_type)
    return admin_client.post(reverse("admin:newsroom_image_add"), data)


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    ("name", "content", "content_type", "size"),
    [
        ("crew.png", gradient(1500, 1000), "image/png", (1500, 1000)),
        ("crew.jpg", gradient(900, 600, "JPEG"), "image/jpeg", (900, 600)),
    ],
)
def test_a_real_picture_uploads_into_the_library_with_its_renditions(
    admin_client, settings, name, content, content_type, size
):
    response = upload(admin_client, name, content, content_type, caption="Launch day")
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.file_width, image.file_height) == size
    assert image.caption == "Launch day"
    assert image.file.name.startswith("library/")
    assert (settings.MEDIA_ROOT / rendition_name(image.file.name, 320)).exists()
    listing = admin_client.get(reverse("admin:newsroom_image_changelist"))
    assert rendition_name(image.file.name, 320) in listing.content.decode()
    assert 'alt="The crew in the Soyuz"' in listing.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("bomb.png", png_header_claiming(12000, 12000), "image/png", "megapixels"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
            "Upload a valid image",
        ),
        ("notes.png", b"Not a picture at all, only words.", "image/png", "Upload a valid image"),
        ("tiny.bmp", None, "image/bmp", "BMP images are not accepted"),
    ],
)
def test_a_bad_file_gets_a_form_error_and_stores_nothing(
    admin_client, settings, name, content, content_type, message
):
    if content is None:
        buffer = io.BytesIO()
        Picture.new("RGB", (20, 20)).save(buffer, "BMP")
        content = buffer.getvalue()
    response = upload(admin_client, name, content, content_type, caption="Kept caption")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Kept caption" in page
    assert not Image.objects.exists()
    assert media_files(settings) == []


def test_a_focal_point_must_be_inside_the_picture_and_whole(admin_client):
    outside = upload(
        admin_client, "a.png", gradient(40, 30), "image/png", focal_x="1.5", focal_y="0.5"
    )
    assert "outside it" in outside.content.decode()
    half = upload(admin_client, "a.png", gradient(40, 30), "image/png", focal_x="0.5")
    assert "both across and down" in half.content.decode()
    assert not Image.objects.exists()
    whole = upload(
        admin_client, "a.png", gradient(40, 30), "image/png", focal_x="0.25", focal_y="0.75"
    )
    assert whole.status_code == 302
    assert (Image.objects.get().focal_x, Image.objects.get().focal_y) == (0.25, 0.75)


def test_the_library_list_searches_captions_credits_and_alt_text(admin_client):
    for caption, credit, alt in [
        ("Launch at Baikonur", "Roscosmos", "A rocket"),
        ("Docking", "NASA", "The station"),
    ]:
        library_image(caption=caption, credit=credit, alt=alt)
    for term, shown, hidden in [
        ("Baikonur", "Launch at Baikonur", "Docking"),
        ("NASA", "Docking", "Launch at Baikonur"),
        ("station", "Docking", "Launch at Baikonur"),
    ]:
        page = admin_client.get(reverse("admin:newsroom_image_changelist"), {"q": term})
        assert shown in page.content.decode()
        assert hidden not in page.content.decode()
        picked = admin_client.get(reverse("admin:newsroom_image_picker"), {"q": term}).json()
        assert [row["caption"] for row in picked["results"]] == [shown]


def library_image(width=1500, height=1000, **fields):
    fields = {"alt": "The crew", "caption": "", "credit": "", **fields}
    image = Image(**fields)
    image.file.save("crew.png", ContentFile(gradient(width, height)), save=False)
    image.save()
    return image


def published(body):
    return Article.objects.create(
        headline="Pictures from orbit",
        body=body,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )


def test_a_body_image_is_a_figure_with_renditions_size_caption_and_credit(client):
    image = library_image(caption="The crew after landing", credit="Roscosmos")
    article = published(f"Before.\n\n![]({'image'}:{image.pk})\n\nAfter.")
    page = client.get(article.get_absolute_url()).content.decode()
    name = image.file.name
    srcset = ", ".join(
        f"/media/{rendition_name(name, width)} {width}w" for width in (320, 640, 960, 1280)
    )
    assert (
        f'<figure class="body-image"><img src="/media/{rendition_name(name, 640)}" '
        f'srcset="{srcset}" sizes="(min-width: 48em) 46rem, 100vw" width="1280" height="853" '
        'alt="The crew" loading="lazy" decoding="async"><figcaption>The crew after landing '
        '<span class="credit">Image: Roscosmos</span></figcaption></figure>'
    ) in page


def test_the_writer_s_alt_text_overrides_the_library_s(client):
    image = library_image(alt="The crew")
    article = published(f"![Shkaplerov waves *hello*](image:{image.pk})")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Shkaplerov waves hello"' in page
    assert "<figcaption>" not in page


def test_a_reference_to_no_image_shows_readers_nothing_and_warns_the_desk(admin_client, client):
    article = published("Before.\n\n![A picture](image:999999)\n\nAfter ![x](image:999998).")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "image:99999" not in page
    assert '<figure class="body-image"' not in page
    assert "<p>Before.</p>" in page
    change = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    text = change.content.decode()
    assert "refers to image 999999 of the library, which is not there" in text
    assert "refers to image 999998 of the library, which is not there" in text
    article.status = Article.Status.DRAFT
    article.save()
    change = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    text = change.content.decode()
    checklist = text[
        text.index('id="publish-checklist"') : text.index(
            "</fieldset>", text.index('id="publish-checklist"')
        )
    ]
    assert "shows image 999999 of the library, which is not there" in checklist
    assert "shows image 999998 of the library, which is not there" in checklist


def test_a_changed_library_image_changes_every_body_showing_it(client):
    image = library_image(caption="Old caption")
    showing = published(f"![](image:{image.pk})")
    other = published(f"![](image:{image.pk}0) and image:{image.pk}")
    image.caption = "New caption"
    image.save()
    assert "New caption" in client.get(showing.get_absolute_url()).content.decode()
    other.refresh_from_db()
    assert "caption" not in other.body_html


def test_a_deleted_library_image_leaves_no_broken_picture(client, admin_client):
    image = library_image(caption="Soon gone")
    article = published(f"Intro.\n\n![](image:{image.pk})")
    assert "Soon gone" in client.get(article.get_absolute_url()).content.decode()
    response = admin_client.post(
        reverse("admin:newsroom_image_delete", args=[image.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Soon gone" not in page
    assert '<figure class="body-image"' not in page
    assert "<p>Intro.</p>" in page


def test_a_lead_image_uploaded_with_an_article_goes_into_the_library(admin_client):
    from articles.tests.factories import change_form_data

    article = published("Text.")
    data = change_form_data(
        article,
        lead_image=SimpleUploadedFile("lead.png", gradient(1200, 800), content_type="image/png"),
        lead_image_alt="The launch pad",
        lead_image_caption="Baikonur at dawn",
        lead_image_credit="Roscosmos",
        lead_library_image="",
    )
    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    entry = article.lead_library_image
    assert (entry.alt, entry.caption, entry.credit) == (
        "The launch pad",
        "Baikonur at dawn",
        "Roscosmos",
    )
    assert article.lead_image.name == entry.file.name
    assert (article.lead_image_width, article.lead_image_height) == (1200, 800)


def test_a_lead_image_picked_from_the_library_follows_its_changes(admin_client, client):
    from articles.tests.factories import change_form_data

    image = library_image(alt="The crew", caption="After landing", credit="NASA")
    article = published("Text.")
    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, lead_library_image=image.pk),
    )
    assert response.status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert rendition_name(image.file.name, 640) in page
    assert "After landing" in page
    home = client.get("/").content.decode()
    assert rendition_name(image.file.name, 320) in home
    image.caption = "Back on Earth"
    image.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Back on Earth" in page
    assert "After landing" not in page
    # Shown as a lead image, it cannot be deleted from under the article: the admin says why.
    refused = admin_client.get(reverse("admin:newsroom_image_delete", args=[image.pk]))
    assert refused.status_code == 200
    assert "Pictures from orbit" in refused.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()


def test_a_person_s_photo_and_a_production_s_poster_are_picked_from_the_library(
    admin_client, client
):
    from people.models import Person
    from projects.models import Project

    from .test_image_limits import project_form
    from .test_images import person_form

    photo = library_image(alt="Yulia Peresild smiling", credit="Channel One")
    poster = library_image(1000, 1500, alt="The Challenge poster", credit="Yellow, Black and White")
    response = admin_client.post(
        reverse("admin:people_person_add"),
        person_form(photo_library_image=photo.pk, photo_alt="", photo_credit=""),
    )
    assert response.status_code == 302
    response = admin_client.post(
        reverse("admin:projects_project_add"),
        project_form(poster_library_image=poster.pk, poster_alt=""),
    )
    assert response.status_code == 302
    person, project = Person.objects.get(), Project.objects.get()
    assert (person.photo.name, person.photo_alt, person.photo_credit) == (
        photo.file.name,
        "Yulia Peresild smiling",
        "Channel One",
    )
    assert (project.poster.name, project.poster_width, project.poster_height) == (
        poster.file.name,
        1000,
        1500,
    )
    photo.credit = "Channel One / Konstantin Ernst"
    photo.save()
    page = client.get(person.get_absolute_url()).content.decode()
    assert rendition_name(photo.file.name, 320) in page
    assert "Konstantin Ernst" in page
    assert rendition_name(poster.file.name, 320) in client.get(project.get_absolute_url()).text


def test_a_feed_gives_a_body_image_s_every_address_whole(client):
    image = library_image(caption="Docking")
    published(f"Intro.\n\n![](image:{image.pk})")
    feed = client.get(reverse("feeds:news-rss")).content.decode()
    # Feeds resolve addresses against the host they are asked for.
    origin = "http://testserver"
    for width in (320, 640, 960, 1280):
        assert f"{origin}/media/{rendition_name(image.file.name, width)} {width}w" in feed
    assert 'srcset="/media/' not in feed.replace("&quot;", '"')
    assert "srcset=&quot;/media/" not in feed


ROWS = {
    7: {
        "pk": 7,
        "file": "library/2026/11/x.0123456789abcdef.png",
        "file_width": 800,
        "file_height": 600,
        "alt": 'Alt with "quotes" <b>',
        "caption": "<script>alert(1)</script>",
        "credit": "A & B",
    }
}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                ["![", "](", ")", "image:7", "image:8", "image:0", "\n\n", "`", "<", '"', "*"]
            ),
        ),
        max_size=25,
    ).map("".join)
)
def test_any_text_with_references_renders_without_script_or_raw_references(text):
    html = render_markdown(text, library_images=lambda ids: {k: ROWS[k] for k in ids if k in ROWS})
    assert "<script" not in html
    assert 'src="image:' not in html
    assert 'srcset="image:' not in html
    for figure in re.findall(r"<figure.*?</figure>", html, re.S):
        assert 'width="800" height="600"' in figure


def test_search_finds_an_article_by_its_body_image_s_new_caption(client):
    image = library_image(caption="Soyuz on the pad")
    article = published(f"Intro.\n\n![](image:{image.pk})")
    image.caption = "Rassvet module at dusk"
    image.save()
    page = client.get(reverse("search:search"), {"q": "Rassvet"}).text
    assert article.get_absolute_url() in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_library_list_and_picker_run_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, count
):
    for number in range(count):
        library_image(120, 80, caption=f"Picture {number}", credit="Roscosmos")
    admin_client.get(reverse("admin:newsroom_image_changelist"))
    with django_assert_num_queries(7):
        listing = admin_client.get(reverse("admin:newsroom_image_changelist"))
    assert listing.content.decode().count('width="80" height="53"') == count
    with django_assert_num_queries(3):
        picked = admin_client.get(reverse("admin:newsroom_image_picker"), {"q": "Picture"})
    assert len(picked.json()["results"]) == min(count, 24)


def test_an_article_whose_picture_file_went_missing_still_saves(admin_client, settings):
    """A media folder restored without every file (or a file lost) must not stop the desk."""
    from articles.tests.factories import change_form_data

    image = library_image(alt="The crew", caption="After landing")
    article = published("Text.")
    article.lead_library_image = image
    article.save()
    (settings.MEDIA_ROOT / image.file.name).unlink()

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, headline="Pictures from orbit, corrected"),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Pictures from orbit, corrected"
    assert article.lead_image.name == image.file.name
    assert (article.lead_image_width, article.lead_image_height) == (1500, 1000)
