"""Preview links: a draft's preview for someone without a login, at an address carrying a
random token signed with the site's key. Anything that does not unsign, or names no working
link (revoked, expired, its article deleted), is the same 404: the address says nothing about
why."""

import secrets

from django.core import signing
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from .models import PreviewLink

# Keeps these signatures apart from every other use of the site's key.
SALT = "articles.preview-link"


def signer():
    return signing.Signer(salt=SALT)


def signed(token):
    return signer().sign(token)


def share(article, by, shared_with, lifetime):
    """A new link to `article`'s preview for `shared_with`, lasting `lifetime` (a timedelta no
    longer than PreviewLink.LONGEST)."""
    now = timezone.now()
    return PreviewLink.objects.create(
        article=article,
        token=secrets.token_urlsafe(32),
        shared_with=shared_with,
        created_by=by,
        created_at=now,
        expires_at=now + min(lifetime, PreviewLink.LONGEST),
    )


def working_link(value):
    """The working link the signed `value` of an address names, with its article; None if
    there is none."""
    try:
        token = signer().unsign(value)
    except signing.BadSignature:
        return None
    return PreviewLink.objects.working().select_related("article").filter(token=token).first()


def revoke(link, by):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link.save(update_fields=["revoked_at", "revoked_by"])


def address_prefix():
    """The path every shared preview's address starts with: never stored by any cache."""
    return reverse("articles:shared-preview", args=["-"]).removesuffix("-/")


def note_opened(link):
    PreviewLink.objects.filter(pk=link.pk).update(
        open_count=F("open_count") + 1, last_opened_at=timezone.now()
    )
