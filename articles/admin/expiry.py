"""The article's expiry on the desk: the time readers stop seeing it, checked against its
publication time as typed, and its state in the change page and the list."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Article
from .times import desk_time


def check_expiry(form, cleaned_data, target):
    """Refuse an expiry that would hide the article before readers ever saw it: one at or
    before its publication time, or, when publishing, one already past."""
    expires_at = cleaned_data.get("expires_at")
    if expires_at is None or target != Article.Status.PUBLISHED:
        return
    if "published_at" in cleaned_data:
        published_at = cleaned_data["published_at"]
    else:
        published_at = form.instance.published_at
    if published_at is not None and expires_at <= published_at:
        form.add_error(
            "expires_at",
            ValidationError(
                "The expiry (%(expires)s) must come after the publication time "
                "(%(published)s): readers would never see the article. Set a later expiry, or "
                "clear it.",
                code="expires_before_publication",
                params={"expires": desk_time(expires_at), "published": desk_time(published_at)},
            ),
        )
    elif form.instance.status != Article.Status.PUBLISHED and expires_at <= timezone.now():
        form.add_error(
            "expires_at",
            ValidationError(
                "Not published: this expiry (%(expires)s) has already passed, so readers would "
                "never see the article. Set a later expiry, or clear it.",
                code="expired_on_publishing",
                params={"expires": desk_time(expires_at)},
            ),
        )


def expiry_state(article):
    """What the desk says of an expiry, after the article's state: "" when it has none."""
    if article.expires_at is None or article.status != Article.Status.PUBLISHED:
        return ""
    if article.is_expired:
        return f"Expired {desk_time(article.expires_at)}"
    return f"Expires {desk_time(article.expires_at)}"
