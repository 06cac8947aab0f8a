from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

NO_LOGIN = "No admin login exists"


def status():
    out = StringIO()
    call_command("newsroom_status", stdout=out)
    return out.getvalue()


def test_start_up_banner_asks_for_a_login_when_there_is_none(settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    get_user_model().objects.create_user("reader", password="not staff at all 1")
    banner = status()
    assert NO_LOGIN in banner and "make superuser" in banner
    assert "http://127.0.0.1:8101/admin/" in banner


def test_start_up_banner_says_nothing_of_logins_once_one_exists():
    get_user_model().objects.create_user("eddie", password="an editor's password 1", is_staff=True)
    assert NO_LOGIN not in status()
