"""What a reader may follow by email: every subject with a feed, as the feeds declare them
(articles/feeds.py, tags/feeds.py), and the race. A subject followed is matched against a
published article through the same relations its feed lists articles by."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.urls import reverse

from articles.feeds import AuthorFeed, OrganisationFeed, PersonFeed, ProjectFeed, RaceFeed
from articles.models import Article
from tags.feeds import TagFeed

from .models import Subscription

# A Subscription's field for each kind of subject, and the feed that says what it is.
FEEDS = {
    "person": PersonFeed,
    "organisation": OrganisationFeed,
    "project": ProjectFeed,
    "tag": TagFeed,
    "author": AuthorFeed,
}
RACE = "race"


@dataclass(frozen=True)
class Subject:
    kind: str
    pk: int | None
    name: str
    url: str

    @property
    def lookup(self):
        """The subscription's fields naming this subject."""
        return {"race": True} if self.kind == RACE else {f"{self.kind}_id": self.pk}


def the_race():
    return Subject(RACE, None, "the race to film in orbit", reverse("projects:race"))


def find(kind, slug=None):
    """The subject of `kind` with `slug` that has a feed, or 404 (a tag only drafts carry has
    none, and must not be revealed here either)."""
    if kind == RACE and slug is None:
        return the_race()
    feed = FEEDS.get(kind)
    if feed is None or slug is None:
        raise Http404("There is nothing of that kind to follow.")
    row = (
        feed()
        .subjects()
        .filter(slug=slug)
        .values("pk", "slug", subject_name=F(feed.name_field))
        .first()
    )
    if row is None:
        raise Http404("There is no such subject to follow.")
    return Subject(
        kind, row["pk"], row["subject_name"], reverse(feed.view_name, args=[row["slug"]])
    )


def followed(subscriptions):
    """(Subscription, Subject) for each of `subscriptions`, with one query."""
    rows = subscriptions.select_related(*FEEDS)
    found = []
    for subscription in rows:
        kind = subscription.kind
        if kind == RACE:
            found.append((subscription, the_race()))
            continue
        feed = FEEDS[kind]
        subject = getattr(subscription, kind)
        found.append(
            (
                subscription,
                Subject(
                    kind,
                    subject.pk,
                    getattr(subject, feed.name_field),
                    reverse(feed.view_name, args=[subject.slug]),
                ),
            )
        )
    return found


def about(article):
    """The subscriptions following any subject of `article`: the Q of its subjects' feeds."""
    this = Article.objects.filter(pk=article.pk)
    matches = Q()
    for kind, feed in FEEDS.items():
        matches |= Q(**{f"{kind}__in": this.values(feed.article_field)})
    # The race feed's own rule: an article about either rival.
    about_the_race = RaceFeed().articles(None).filter(pk=article.pk)
    matches |= Q(race=True) & Q(Exists(about_the_race))
    return Subscription.objects.filter(matches)


def followers(article):
    """The confirmed subscriptions of confirmed addresses following any subject of `article`."""
    return about(article).filter(confirmed=True, subscriber__confirmed_at__isnull=False)


def subscriber_is_following(article):
    """For a Subscriber queryset: whether each follows a subject of `article`."""
    return Exists(followers(article).filter(subscriber=OuterRef("pk")))
