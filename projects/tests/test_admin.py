import pytest
from django.urls import reverse

from newsroom.tests.admin_forms import form_data
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.com"))
    return client


def test_the_admin_refuses_a_production_as_its_own_rival_with_a_form_error(editor_client):
    solo = ProjectFactory(title="Solo")
    change_url = reverse("admin:projects_project_change", args=[solo.pk])
    form = editor_client.get(change_url).text

    response = editor_client.post(
        change_url, form_data(form, _save="Save", rival=str(solo.pk), logline="Typed with care")
    )

    assert response.status_code == 200
    assert "A production cannot be its own rival." in response.text
    assert 'id="id_rival_error"' in response.text
    assert "Typed with care" in response.text
    solo.refresh_from_db()
    assert solo.rival is None
    assert solo.logline != "Typed with care"
