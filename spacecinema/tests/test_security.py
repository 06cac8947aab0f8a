import hashlib
import io
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from people.models import Person

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)


def production_environment(**extra):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="spacecinema.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        **extra,
    )
    return environment


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def editor():
    return get_user_model().objects.create_user(
        "editor", password="correct horse battery", is_staff=True, is_superuser=True
    )


def log_in(client, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_repeated_failures_from_one_address_are_slowed_then_locked_but_not_the_editor(
    client, editor, settings
):
    attacker = "203.0.113.7"
    start = timezone.now()
    assert settings.LOGIN_SLOWDOWN_AFTER == 3 and settings.AXES_FAILURE_LIMIT == 5
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            response = log_in(client, "guess", attacker)
            assert response.status_code == 200
            assert "correct username and password" in response.content.decode()
        slowed = log_in(client, "guess", attacker)
        assert slowed.status_code == 429
        assert slowed["Retry-After"] == "1"
        assert "Please wait 1 second," in slowed.content.decode()

    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        assert log_in(client, "guess", attacker).status_code == 200
        # Each failure doubles the wait.
        assert log_in(client, "guess", attacker)["Retry-After"] == "2"

    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        locked = log_in(client, "guess", attacker)
        assert locked.status_code == 429
        assert "Please wait" not in locked.content.decode()
        # Locked: even the right password is refused from that address.
        assert log_in(client, "correct horse battery", attacker).status_code == 429
        assert client.get(reverse("admin:index")).status_code == 302

        response = log_in(client, "correct horse battery", "198.51.100.20")
        assert response.status_code == 302
        assert response.url == reverse("admin:index")
        assert client.get(reverse("admin:index")).status_code == 200


def test_failures_for_one_username_from_many_addresses_slow_it_down_without_a_lock(
    client, editor, settings
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for number in range(settings.LOGIN_USERNAME_SLOWDOWN_AFTER):
            assert log_in(client, "guess", f"192.0.2.{number + 1}").status_code == 200
        # A new address, the right password: still refused until the wait has passed.
        slowed = log_in(client, "correct horse battery", "198.51.100.20")
        assert slowed.status_code == 429
        assert "password was not checked" in slowed.content.decode()
        assert client.get(reverse("admin:index")).status_code == 302

    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        response = log_in(client, "correct horse battery", "198.51.100.20")
        assert response.status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200


def test_behind_a_proxy_the_lock_follows_the_forwarded_address(client, editor, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "guess"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "correct horse battery"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert response.status_code == 302


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 40, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_uploaded_file_names_are_sanitised(admin_client):
    content = jpeg()
    upload = SimpleUploadedFile(
        '../../etc/Юлия "Peresild" <img onerror=x>.jpg', content, content_type="image/jpeg"
    )
    response = admin_client.post(
        reverse("admin:people_person_add"),
        {
            "name": "Yulia Peresild",
            "photo": upload,
            "photo_alt": "A portrait",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    name = Person.objects.get().photo.name
    assert name.startswith("people/")
    digest = hashlib.sha256(content).hexdigest()[:16]
    assert name.removeprefix("people/") == f"Юлия_Peresild_img_onerrorx.{digest}.jpg"


@pytest.mark.parametrize("host", ["127.0.0.1:99999999", "127.0.0.1:0", "localhost:http", "[::1]:x"])
def test_a_host_header_with_an_impossible_port_is_a_bad_request(client, host):
    assert client.get("/feeds/news.rss", HTTP_HOST=host).status_code == 400


@pytest.mark.parametrize("address", ["/tags/%00/", "/news/%00/", "/media/x%00.jpg"])
def test_a_nul_character_in_the_path_is_a_bad_request(client, address):
    assert client.get(address).status_code == 400


@pytest.mark.parametrize("host", ["localhost:8000", "localhost", "[::1]", "[::1]:8000"])
def test_a_host_header_with_a_real_port_or_none_is_served(client, settings, host):
    # Browsers send the bare host name for the default port: most real requests look like this.
    settings.ALLOWED_HOSTS = ["localhost", "[::1]"]
    assert client.get("/robots.txt", HTTP_HOST=host).status_code == 200
