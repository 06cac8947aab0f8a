"""Password reset for staff by email: Django's own views, in the admin's look and address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import path


class StaffPasswordResetForm(PasswordResetForm):
    """Only active staff with a usable password get a link: readers have no admin to enter."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)


class AdminLook:
    """The admin's header, title and links, so the pages look like the rest of the admin."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class StaffPasswordResetView(AdminLook, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm

    def form_valid(self, form):
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
