"""Values every public list needs, named by the dependency keys of the lists they describe:
how many published articles a list holds (for its paginator), the months with news (for the
archive), each article's related articles, and the sizes and latest changes of the sitemap's
article sections.

These are the read side: callers ask here and never count or rank for themselves.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from newsroom.dependencies import NEWS

# The relation on Article that holds each kind of subject, as in articles_key(kind, pk).
SUBJECT_RELATIONS = {
    "tag": "tags",
    "person": "people",
    "organisation": "organisations",
    "project": "projects",
    "author": "authors",
}


def month_key(year, month=None):
    """The key of the news of one year ("news-2021") or one month ("news-2021-05")."""
    return f"{NEWS}-{year:04d}" if month is None else f"{NEWS}-{year:04d}-{month:02d}"


def _list(key):
    from .models import Article

    published = Article.objects.published()
    if key == NEWS:
        return published
    if key.startswith(f"{NEWS}-"):
        year, month = [*(int(part) for part in key.split("-")[1:]), None][:2]
        if month is None:
            start, end = datetime.datetime(year, 1, 1), datetime.datetime(year + 1, 1, 1)
        else:
            start = datetime.datetime(year, month, 1)
            end = (start + datetime.timedelta(days=32)).replace(day=1)
        return published.filter(
            published_at__gte=timezone.make_aware(start), published_at__lt=timezone.make_aware(end)
        )
    kind, pk, _ = key.split("-")
    return published.filter(**{SUBJECT_RELATIONS[kind]: int(pk)})


def published_count(key):
    """How many published articles the list `key` names holds (NEWS, month_key(...),
    articles_key("tag", 7)...)."""
    return _list(key).count()


def months_with_news():
    """[(first day of the month, number of articles)] for every month with published news,
    oldest first."""
    from .models import Article

    counts = {}
    for published_at in Article.objects.published().values_list("published_at", flat=True):
        moment = timezone.localtime(published_at)
        first = datetime.date(moment.year, moment.month, 1)
        counts[first] = counts.get(first, 0) + 1
    return sorted(counts.items())


def related_ids(article):
    """The ids of the articles shown as related to `article`, best first."""
    from .models import Article

    return list(Article.objects.published().related_to(article).values_list("pk", flat=True)[:4])


@dataclass(frozen=True)
class SitemapTallies:
    """What the sitemap index says of its article sections: their sizes and latest changes."""

    articles: int  # published articles: the news section's size
    authors: int  # bylines with a published article: the authors section's size
    last_changed: datetime.datetime | None  # the latest publication or correction
    last_published: datetime.datetime | None  # the latest publication


def sitemap_tallies():
    """The sizes and latest changes of the sitemap's news and authors sections (the tags
    section is dated by `last_published` too)."""
    from .models import Article, Author

    published = Article.objects.published()
    news = published.aggregate(
        articles=Count("pk"),
        last_changed=Max(Greatest("published_at", Coalesce("corrected_at", "published_at"))),
        last_published=Max("published_at"),
    )
    authors = Author.objects.filter(Exists(published.filter(authors=OuterRef("pk")))).count()
    return SitemapTallies(authors=authors, **news)
