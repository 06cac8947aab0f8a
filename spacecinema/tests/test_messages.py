"""Editors' notices ("... was changed successfully") reach the next admin page they see."""

import pytest
from django.urls import reverse

from newsroom.tests.admin_forms import form_data
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.com"))
    return client


def test_a_save_s_notice_waits_through_public_pages_for_the_next_admin_page(editor_client):
    film = ProjectFactory(title="Orbit Story")
    change_url = reverse("admin:projects_project_change", args=[film.pk])
    form = editor_client.get(change_url).text

    saved = editor_client.post(change_url, form_data(form, _save="Save", logline="New logline"))
    assert saved.status_code == 302
    assert editor_client.get("/").status_code == 200
    assert editor_client.get(film.get_absolute_url()).status_code == 200

    listing = editor_client.get(saved["Location"]).text
    assert "was changed successfully" in listing
    assert "was changed successfully" not in editor_client.get(saved["Location"]).text
