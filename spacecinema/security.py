import functools
import math
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db.models import Count, Max
from django.dispatch import receiver
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone


def client_address(request):
    """The reader's address: behind a trusted proxy, the one the proxy saw, else the peer's."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy appends the address it saw; anything before it the client could have forged.
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


@functools.cache
def permissions_policy():
    """The Permissions-Policy header of PERMISSIONS_POLICY: "camera=(), fullscreen=(self)"."""
    policy = settings.PERMISSIONS_POLICY
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


@receiver(setting_changed)
def _policy_changed(setting, **kwargs):
    if setting == "PERMISSIONS_POLICY":
        permissions_policy.cache_clear()


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header; inside the page cache, so stored pages carry it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", permissions_policy())
        return response


class MalformedRequestMiddleware:
    """Answers 400 to requests no page could answer, before any view sees them.

    - A Host header whose port no server could listen on: Django checks the host name against
      ALLOWED_HOSTS but not the port, and code that builds absolute URLs from the request
      (feeds resolving relative links) fails on "host:99999999".
    - A NUL character in the path: PostgreSQL refuses it in any query, and a slug or a file
      name never holds one. (Query strings are the views' to judge: search answers "\\x00".)
    - An admin action on items that cannot be rows of the list ("abc", or a number past the
      column's range): every changelist has actions, and the admin filters by the selection
      as sent, which fails in the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.META.get("HTTP_HOST", "")
        # "example.org" and "[::1]" name no port; "example.org:8000" and "[::1]:8000" do.
        _, colon, port = ("", "", "") if host.endswith("]") else host.rpartition(":")
        port = port if colon else ""
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            return refused("Bad Request: invalid port in the Host header")
        if "\x00" in request.path:
            return refused("Bad Request: NUL character in the address")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model_admin = getattr(view_func, "model_admin", None)
        if (
            model_admin is None
            or request.method != "POST"
            or getattr(view_func, "__wrapped__", None) != model_admin.changelist_view
        ):
            return None
        key = model_admin.model._meta.pk
        try:
            for selected in request.POST.getlist(ACTION_CHECKBOX_NAME):
                key.run_validators(key.to_python(selected))
        except ValidationError:
            return HttpResponseBadRequest(
                "Bad Request: the selected items are not items of this list"
            )
        return None


def refused(message):
    """A 400 answered before the other middleware, with the headers they would have added."""
    response = HttpResponseBadRequest(message)
    response["Cache-Control"] = "no-store"
    response["Permissions-Policy"] = permissions_policy()
    return response


def failures_since(since, **who):
    """(count, latest time) of failed admin sign-ins matching `who` since a moment."""
    from axes.models import AccessFailureLog

    failures = AccessFailureLog.objects.filter(attempt_time__gte=since, **who).aggregate(
        count=Count("pk"), latest=Max("attempt_time")
    )
    return failures["count"], failures["latest"]


def wait_after(failures, latest, free, now):
    """Seconds left of the wait owed after `failures`: none up to `free`, then 1, 2, 4… s."""
    if failures < free:
        return 0
    owed = min(2 ** (failures - free), settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    return max(0, math.ceil((latest - now).total_seconds() + owed))


def sign_in_wait(username, address):
    """Seconds before the next admin sign-in may be tried for this username from this address.

    Failures in the last AXES_COOLOFF_TIME hours count. From one address, each failure past
    LOGIN_SLOWDOWN_AFTER doubles the wait until django-axes locks the address at
    AXES_FAILURE_LIMIT. For one username, from any number of addresses, the waits start past
    LOGIN_USERNAME_SLOWDOWN_AFTER (more than one address gets before its lock) and never turn
    into a lock: guessing an editor's password is slowed to one try a minute, but nobody can
    shut the editor out, and the right password from their own address still works after it.
    """
    now = timezone.now()
    since = now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    waits = [0]
    from_address, latest = failures_since(since, ip_address=address)
    # At the limit the address is locked: django-axes answers that, with its own message.
    if from_address < settings.AXES_FAILURE_LIMIT:
        waits.append(wait_after(from_address, latest, settings.LOGIN_SLOWDOWN_AFTER, now))
    if username:
        for_username, latest = failures_since(since, username=username)
        waits.append(wait_after(for_username, latest, settings.LOGIN_USERNAME_SLOWDOWN_AFTER, now))
    return max(waits)


class SignInSlowdownMiddleware:
    """Answers 429 to an admin sign-in tried before the wait its earlier failures owe.

    The password is not checked, and the refused try is not counted as a failure."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            username = request.POST.get("username", "")[:255]
            wait = sign_in_wait(username, client_address(request))
            if wait:
                response = render(
                    request,
                    "admin/sign_in_slowed.html",
                    {**admin.site.each_context(request), "wait": wait, "title": "Please wait"},
                    status=429,
                )
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
