"""What waits on the desk, for the admin's home page: for an editor, the articles in review,
the scheduled, the recently published and the latest corrections; for a writer, their drafts,
what they submitted and what came back to them.

Each list is one query of at most LIST_LENGTH rows, and the counts one query together, so the
page costs the same however large the archive grows.
"""

from django.contrib.auth import get_user_model
from django.db.models import F, Func, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Substr, Trim

from .models import Article, Correction, StatusChange, is_editor

LIST_LENGTH = 10
# Enough of a correction to recognise it; the article's page has the rest.
CORRECTION_EXCERPT = 200


def counts(**lists):
    """How many articles each of `lists` (name: QuerySet) holds, in one query."""
    tallies = {
        name: Coalesce(Subquery(articles.order_by().values(n=Func(F("pk"), function="COUNT"))), 0)
        for name, articles in lists.items()
    }
    # Read beside any one article: with none at all, every list is empty.
    row = Article.objects.order_by().values(**tallies)[:1]
    return next(iter(row), dict.fromkeys(lists, 0))


def bylines():
    """An article's bylines as one string ("Wendy Writer, Colm Colleague"), read in its row."""
    names = (
        Article.authors.through.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(names=StringAgg("author__name", Value(", ")))
        .values("names")
    )
    return Subquery(names)


def latest_change(**conditions):
    return StatusChange.objects.filter(article=OuterRef("pk"), **conditions).order_by(
        "-changed_at", "-pk"
    )


def in_review(articles):
    """Articles waiting for an editor, the longest waiting first: since they last went into
    review, or since they were written if no change was recorded (loaded, not submitted)."""
    submitted = latest_change(to_status=Article.Status.IN_REVIEW).values("changed_at")[:1]
    rows = (
        articles.in_review()
        .annotate(waiting_since=Coalesce(Subquery(submitted), "created_at"), bylines=bylines())
        .order_by("waiting_since", "pk")
        .values("pk", "headline", "waiting_since", "bylines")
    )
    return list(rows[:LIST_LENGTH])


def scheduled(articles):
    """Scheduled articles, the next to go out first."""
    rows = articles.scheduled().order_by("published_at", "pk")
    return list(rows.values("pk", "headline", "published_at")[:LIST_LENGTH])


def recently_published(articles):
    rows = articles.published().order_by("-published_at", "-pk")
    return list(rows.values("pk", "headline", "published_at")[:LIST_LENGTH])


def recent_corrections():
    rows = Correction.objects.order_by("-made_at", "-pk").values(
        "pk",
        "made_at",
        "article_id",
        headline=F("article__headline"),
        excerpt=Substr("text", 1, CORRECTION_EXCERPT),
    )
    return list(rows[:LIST_LENGTH])


def drafts(articles):
    """Drafts, the last changed first."""
    rows = articles.drafts().order_by("-updated_at", "-pk")
    return list(rows.values("pk", "headline", "updated_at")[:LIST_LENGTH])


def sent_back(articles):
    """Drafts sent back from review, the latest first, with who sent them back and when."""
    latest = latest_change()
    User = get_user_model()
    full_name = Trim(Concat("changed_by__first_name", Value(" "), "changed_by__last_name"))
    name = Coalesce(NullIf(full_name, Value("")), F(f"changed_by__{User.USERNAME_FIELD}"))
    rows = (
        articles.sent_back()
        .annotate(
            sent_back_at=Subquery(latest.values("changed_at")[:1]),
            sent_back_by=Subquery(latest.values(name=name)[:1]),
        )
        .order_by("-sent_back_at", "-pk")
        .values("pk", "headline", "sent_back_at", "sent_back_by")
    )
    return list(rows[:LIST_LENGTH])


def for_editor():
    articles = Article.objects.all()
    return {
        "counts": counts(
            in_review=articles.in_review(), scheduled=articles.scheduled(), draft=articles.drafts()
        ),
        "in_review": in_review(articles),
        "scheduled": scheduled(articles),
        "published": recently_published(articles),
        "corrections": recent_corrections(),
    }


def for_writer(user):
    """A writer's own articles only: those under their byline."""
    articles = Article.objects.visible_to(user)
    return {
        "counts": counts(
            draft=articles.drafts(),
            in_review=articles.in_review(),
            sent_back=articles.sent_back(),
        ),
        "drafts": drafts(articles),
        "in_review": in_review(articles),
        "sent_back": sent_back(articles),
    }


def for_user(user):
    """The desk as `user` sees it, or None for a login that writes no articles."""
    if is_editor(user):
        return for_editor()
    if user.has_perm("articles.change_article"):
        return for_writer(user)
    return None
