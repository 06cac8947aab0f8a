"""Two-factor sign-in to the desk with a TOTP authenticator app (django-otp's TOTP devices).

Signing in is two steps at the same address, /admin/login/: the password, then, for an account
with an authenticator, its current code. Nobody is signed in between the two: the session only
remembers, for a few minutes, whose password was right. A wrong code counts as a failed sign-in,
so django-axes locks the address and spacecinema.security slows it down as for a wrong password.
"""

import base64
import time

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from articles.models import is_editor

from .models import SignInPolicy

PENDING = "two_factor_pending"
SETUP_OWED = "two_factor_setup_owed"
NEW_KEY = "two_factor_new_key"
PENDING_SECONDS = 300

WRONG_CODE = (
    "That code is not right, or it is no longer current. Enter the code your app shows now."
)


def authenticator_of(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def time_step_of_new_key(key, code):
    """The time step `code` is current for, for a key not yet stored (the set-up page's own
    check); None if it is not current."""
    code = code.strip()
    if not code.isdigit():
        return None
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


def check_code(device, code):
    """None if `code` is right for `device`, else the message to show (wrong, or too many)."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return "Too many wrong codes for this account: wait a little, then try again."
    if not device.verify_token(code.strip()):
        return WRONG_CODE
    return None


class PasswordStepView(LoginView):
    """The admin's own sign-in page; a right password for an account with an authenticator
    leads to the code step instead of signing in."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if authenticator_of(user) is None:
            response = super().form_valid(form)
            if SignInPolicy.current().two_factor_required:
                self.request.session[SETUP_OWED] = True
            return response
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "since": time.time(),
            "next": self.get_success_url(),
        }
        return HttpResponseRedirect(self.request.path)


def login_context(request):
    """What the admin's login page shows, as AdminSite.login gives it."""
    redirect_to = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME))
    if not url_has_allowed_host_and_scheme(
        redirect_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        redirect_to = reverse("admin:index")
    return {
        **admin.site.each_context(request),
        "title": "Log in",
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
        REDIRECT_FIELD_NAME: redirect_to,
    }


def pending_sign_in(request):
    """The account whose password was right a moment ago, and where it was going; or None."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None and user.is_staff else None


@sensitive_post_parameters()
@csrf_protect
@never_cache
def sign_in(request):
    """/admin/login/: the password step, then the code step for an account with an
    authenticator. Ahead of admin.site.urls, so "admin:login" still names this address."""
    if request.method == "GET" and admin.site.has_permission(request):
        return HttpResponseRedirect(login_context(request)[REDIRECT_FIELD_NAME])
    if "restart" in request.GET:
        request.session.pop(PENDING, None)
        return HttpResponseRedirect(request.path)
    # A password sent again starts over: the code step only ever answers its own form.
    found = None if "password" in request.POST else pending_sign_in(request)
    if found is None:
        request.session.pop(PENDING, None)
        request.current_app = admin.site.name
        return PasswordStepView.as_view(extra_context=login_context(request))(request)
    user, pending = found
    error = None
    if request.method == "POST":
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            # AxesMiddleware answers with its lock-out page.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            return HttpResponseRedirect(request.path)
        device = authenticator_of(user)
        error = check_code(device, request.POST.get("otp_token", "")) if device else WRONG_CODE
        if error is None:
            del request.session[PENDING]
            user.backend = pending["backend"]
            auth_login(request, user)
            otp_login(request, device)
            return HttpResponseRedirect(pending["next"])
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(
        request,
        "admin/two_factor_sign_in.html",
        {**login_context(request), "account": user.get_username(), "error": error},
    )


class SetupOwedMiddleware:
    """Keeps an account that must set up two-factor on the set-up page until it has.

    Reads only the session, and only under /admin/: public pages never touch the session."""

    ALWAYS_OPEN = ["admin:logout", "admin:jsi18n", "two_factor"]

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(reverse("admin:index"))
            and request.session.get(SETUP_OWED)
            and request.path not in {reverse(name) for name in self.ALWAYS_OPEN}
        ):
            messages.warning(
                request,
                "The desk requires two-factor sign-in: set up your authenticator app to go on.",
            )
            return HttpResponseRedirect(reverse("two_factor"))
        return self.get_response(request)


def qr_code(uri):
    """The otpauth address as a QR code, an SVG in a data: address (the CSP allows data:
    images, and the page needs no second request)."""
    svg = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def spaced(secret):
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def two_factor_view(request):
    """The account's own two-factor page: set up an authenticator, or remove it; for an
    editor, whether the desk requires two-factor of every account."""
    user = request.user
    device = authenticator_of(user)
    policy = SignInPolicy.current()
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        code = request.POST.get("otp_token", "")
        if action == "set-up" and device is None:
            key = request.session.get(NEW_KEY)
            step = time_step_of_new_key(key, code) if key else None
            if step is not None:
                # The code shown to set it up cannot sign in a second time.
                device = TOTPDevice.objects.create(
                    user=user, name="Authenticator app", key=key, confirmed=True, last_t=step
                )
                # This session has shown the code: it counts as signed in with two factors.
                otp_login(request, device)
                request.session.pop(NEW_KEY, None)
                request.session.pop(SETUP_OWED, None)
                messages.success(
                    request, "Two-factor sign-in is on: signing in now asks for a code."
                )
                return HttpResponseRedirect(reverse("two_factor"))
            error = WRONG_CODE
        elif action == "remove" and device is not None:
            error = check_code(device, code)
            if error is None:
                device.delete()
                if policy.two_factor_required:
                    request.session[SETUP_OWED] = True
                messages.success(request, "Two-factor sign-in is off for your account.")
                return HttpResponseRedirect(reverse("two_factor"))
        elif action in {"require", "stop-requiring"} and is_editor(user):
            if action == "require" and device is None:
                error = "Set up two-factor for your own account first."
            else:
                policy.two_factor_required = action == "require"
                policy.changed_by = user
                policy.changed_at = timezone.now()
                policy.save()
                messages.success(
                    request,
                    "The desk now requires two-factor sign-in: an account without it is asked "
                    "to set it up when it next signs in."
                    if policy.two_factor_required
                    else "The desk no longer requires two-factor sign-in.",
                )
                return HttpResponseRedirect(reverse("two_factor"))
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "device": device,
        "policy": policy,
        "is_editor": is_editor(user),
        "error": error,
    }
    if device is None:
        key = request.session.setdefault(NEW_KEY, random_hex(20))
        uri = TOTPDevice(user=user, key=key).config_url
        context.update(
            secret=spaced(base64.b32encode(bytes.fromhex(key)).decode()),
            otpauth_uri=uri,
            qr_code=qr_code(uri),
        )
    return render(
        request,
        "admin/two_factor.html",
        context,
        status=400 if error else 200,
    )
