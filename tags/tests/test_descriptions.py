"""A tag's short description: typed in the tag's admin, shown escaped on its page."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from markupsafe import escape
from taggit.models import Tag

from articles.tests.factories import ArticleFactory
from newsroom.tests.admin_forms import form_data
from newsroom.text import normalise_text
from people.tests.pages import html_of, section
from spacecinema.tests.hostile_text import hostile_text
from tags.models import TagDescription

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> Soyuz & the “ISS”'


def header(client, url):
    html = html_of(client, url)
    start = html.index('<header class="page-header">')
    return html[start : html.index("</header>", start)]


def save_description(admin_client, tag, text, **changes):
    change_url = reverse("admin:taggit_tag_change", args=[tag.pk])
    form = admin_client.get(change_url).text
    return admin_client.post(
        change_url, form_data(form, **{"about-0-text": text, "_save": "Save", **changes})
    )


def test_the_description_typed_in_the_admin_shows_escaped_on_the_tags_page(admin_client, client):
    ArticleFactory(tags=["ISS"])
    tag = Tag.objects.get()
    # Read first, as a reader would: the page must not stay as it was before the edit.
    assert "standfirst" not in header(client, "/tags/iss/")

    response = save_description(admin_client, tag, HOSTILE)

    assert response.status_code == 302
    shown = header(client, "/tags/iss/")
    assert (
        '<p class="standfirst">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Soyuz &amp; '
        "the “ISS”</p>"
    ) in shown
    assert "<script>alert" not in html_of(client, "/tags/iss/")
    meta = html_of(client, "/tags/iss/")
    assert 'property="og:description" content="&lt;script&gt;' in meta


def test_a_description_too_long_is_a_form_error_keeping_what_was_typed(admin_client):
    ArticleFactory(tags=["ISS"])
    tag = Tag.objects.get()
    too_long = "Orbit " * 80

    response = save_description(admin_client, tag, too_long, name="ISS station")

    assert response.status_code == 200
    assert "Ensure this value has at most 400 characters" in response.text
    assert 'value="ISS station"' in response.text
    tag.refresh_from_db()
    assert tag.name == "ISS"
    assert not TagDescription.objects.exists()


def test_a_tag_without_a_description_shows_none(client):
    ArticleFactory(tags=["ISS"])
    TagDescription.objects.create(tag=Tag.objects.get(), text="  \n ")

    assert "standfirst" not in header(client, "/tags/iss/")
    assert section(html_of(client, "/tags/iss/"), "articles-heading")


class TestAnyDescription(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(hostile_text(TagDescription.MAX_LENGTH), st.text(max_size=200)))
    def test_any_description_is_shown_as_typed_and_escaped(self, typed):
        ArticleFactory(tags=["ISS"])
        TagDescription.objects.create(tag=Tag.objects.get(), text=typed)
        kept = normalise_text(typed).strip()

        shown = header(self.client, "/tags/iss/")

        if kept:
            assert f'<p class="standfirst">{escape(kept)}</p>' in shown
        else:
            assert "standfirst" not in shown


@pytest.mark.django_db(transaction=True)
def test_a_description_saved_alone_evicts_the_cached_tag_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    ArticleFactory(tags=["ISS"])
    tag = Tag.objects.get()
    assert "standfirst" not in header(client, "/tags/iss/")

    about = TagDescription.objects.create(tag=tag, text="The International Space Station.")
    assert "The International Space Station." in header(client, "/tags/iss/")

    about.delete()
    assert "standfirst" not in header(client, "/tags/iss/")
