"""The newsroom's roles: the groups made by migration 0005_roles, and logins that hold them."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .models import Author
from .roles import create_roles

WRITER = "Writer"
EDITOR = "Editor"
PASSWORD_VARIABLE = "NEWSROOM_PASSWORD"


def enrol(username, role, *, email="", name="", password=None):
    """Make (or update) a staff login in `role`, with a byline to write under."""
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        first, _, last = name.partition(" ")
        if name:
            user.first_name, user.last_name = first, last
        if email:
            user.email = email
        user.is_staff = True
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        group = Group.objects.filter(name=role).first()
        if group is None:
            create_roles()
            group = Group.objects.get(name=role)
        user.groups.add(group)
        Author.byline_for(user)
    return user, created


class EnrolCommand(BaseCommand):
    """Shared by createwriter and createeditor."""

    role = None

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="Full name, used for the byline.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Take the password from ${PASSWORD_VARIABLE} instead of asking for it.",
        )

    def handle(self, *args, username, email, name, interactive, **options):
        password = self.read_password(interactive)
        if not password and not get_user_model().objects.filter(username=username).exists():
            # A new login without a password would be one nobody can sign in with.
            raise CommandError(
                f"A new login needs a password: type one, or set {PASSWORD_VARIABLE} "
                "with --noinput."
            )
        if password:
            candidate = get_user_model()(username=username, email=email)
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        try:
            user, created = enrol(username, self.role, email=email, name=name, password=password)
        except Group.DoesNotExist:
            raise CommandError(f"No {self.role} group: run `manage.py migrate` first.") from None
        verb = "Created" if created else "Updated"
        message = f"{verb} {self.role.lower()} “{user.get_username()}”."
        self.stdout.write(self.style.SUCCESS(message))

    def read_password(self, interactive):
        if not interactive:
            return os.environ.get(PASSWORD_VARIABLE, "")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        return password
