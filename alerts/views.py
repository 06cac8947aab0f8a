"""The reader's side of email alerts: asking to follow, confirming, managing, unsubscribing.

None of these pages is shared by a cache: they carry a form with the reader's CSRF token, or a
secret link's token. The subjects' pages, which are, link here with a plain form.
"""

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsroom.allowances import counted_within

from . import following, subjects
from .forms import FollowForm
from .models import Subscriber

ALLOWANCE_SECONDS = 3600


# The largest row id a database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def row_ids(values):
    """The row ids among posted `values`; anything else is no row of ours."""
    return [
        int(value)
        for value in values
        if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID
    ]


def within_allowance(request):
    """Counts a request to follow against its client's allowance for the hour: past it, a
    client cannot go on making the site mail one address after another."""
    client = import_string(settings.AXES_CLIENT_IP_CALLABLE)(request)
    return counted_within(
        f"alerts-follow:{client}", settings.ALERTS_FOLLOWS_PER_CLIENT_PER_HOUR, ALLOWANCE_SECONDS
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request, kind, slug=None):
    subject = subjects.find(kind, slug)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not within_allowance(request):
            return render(request, "alerts/too_many.html", {"subject": subject}, status=429)
        if form.is_valid():
            following.follow(form.cleaned_data["address"], subject)
            return redirect("alerts:sent")
    return render(request, "alerts/follow.html", {"subject": subject, "form": form})


@never_cache
def sent(request):
    return render(request, "alerts/sent.html")


def link_problem(request, status, heading, explanation):
    return render(
        request,
        "alerts/link_problem.html",
        {"heading": heading, "explanation": explanation},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, signed):
    """The link in the confirmation email. Opening it shows what it confirms; the button
    confirms (a mail scanner opening every link confirms nothing)."""
    try:
        subscriber = following.subscriber_of(signed)
    except signing.SignatureExpired:
        return link_problem(
            request,
            400,
            "This confirmation link has expired",
            "Confirmation links work for a few days only. Nothing is sent to your address; "
            "to get alerts, follow the subject again from its page and use the new link.",
        )
    except (signing.BadSignature, Subscriber.DoesNotExist):
        return link_problem(
            request,
            404,
            "This confirmation link is not one of ours",
            "It may have been copied incompletely, or the address it confirms has been "
            "deleted since. Follow the subject again from its page to get a new link.",
        )
    if request.method == "POST":
        following.confirm(subscriber, row_ids(request.POST.getlist("follow")))
        return redirect("alerts:manage", subscriber.token)
    pending = subjects.followed(subscriber.subscriptions.filter(confirmed=False))
    return render(request, "alerts/confirm.html", {"subscriber": subscriber, "pending": pending})


def gone(request):
    return link_problem(
        request,
        404,
        "This link no longer works",
        "The address it was for has been unsubscribed and deleted, or the link was copied "
        "incompletely. Nothing more is sent to an address we no longer have.",
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """What an address follows, each to unfollow, and the button deleting it all."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return gone(request)
    if request.method == "POST":
        if "delete" in request.POST:
            subscriber.delete()
            return render(request, "alerts/deleted.html", {"address": subscriber.address})
        subscriber.subscriptions.filter(pk__in=row_ids(request.POST.getlist("unfollow"))).delete()
        return redirect("alerts:manage", subscriber.token)
    return render(
        request,
        "alerts/manage.html",
        {
            "subscriber": subscriber,
            "followed": subjects.followed(subscriber.subscriptions.all()),
        },
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The List-Unsubscribe address. A mail client's one-click POST (RFC 8058) carries no CSRF
    token, and needs none: the secret in the address is the reader's authority. Opening it
    shows a button doing the same."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return gone(request)
    if request.method == "POST":
        subscriber.delete()
        return render(request, "alerts/deleted.html", {"address": subscriber.address})
    return render(request, "alerts/unsubscribe.html", {"subscriber": subscriber})
