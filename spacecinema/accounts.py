"""Password reset for staff by email: Django's own views, in the admin's look and address."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect
from django.urls import path

from newsroom.allowances import counted_within

from . import two_factor
from .security import client_address

RESET_WINDOW_SECONDS = 3600


class StaffPasswordResetForm(PasswordResetForm):
    """Only active staff with a usable password get a link: readers have no admin to enter."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)


def within_reset_allowance(request, email):
    """Counts a reset request against the hour's allowance of its address and of its client.

    Past either, no more mail goes out: a stranger cannot flood an editor's inbox, nor use the
    form to mail every address they can think of. The page stays the same, so it still says
    nothing of which addresses have an account."""
    address = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    within_address = counted_within(
        f"password-reset:address:{address}",
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        RESET_WINDOW_SECONDS,
    )
    within_client = counted_within(
        f"password-reset:client:{client_address(request)}",
        settings.PASSWORD_RESET_LIMIT_PER_CLIENT,
        RESET_WINDOW_SECONDS,
    )
    return within_address and within_client


class AdminLook:
    """The admin's header, title and links, so the pages look like the rest of the admin."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class StaffPasswordResetView(AdminLook, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm

    def form_valid(self, form):
        if not within_reset_allowance(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        # The link goes to the public address, never to whatever Host the request named: a
        # forged Host would otherwise send an editor's reset token to someone else's server.
        public = urlsplit(settings.SITE_URL)
        self.extra_email_context = {
            "protocol": public.scheme,
            "domain": public.netloc,
            "site_name": settings.SITE_NAME,
        }
        return super().form_valid(form)


class StaffPasswordResetDoneView(AdminLook, auth_views.PasswordResetDoneView):
    pass


class StaffPasswordResetConfirmView(AdminLook, auth_views.PasswordResetConfirmView):
    pass


class StaffPasswordResetCompleteView(AdminLook, auth_views.PasswordResetCompleteView):
    pass


# Ahead of admin.site.urls, whose catch-all would answer these addresses with its login page.
urlpatterns = [
    path("admin/login/", two_factor.sign_in),
    path(
        "admin/two-factor/",
        admin.site.admin_view(two_factor.two_factor_view),
        name="two_factor",
    ),
    path(
        "admin/password_reset/",
        StaffPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        StaffPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        StaffPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        StaffPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
