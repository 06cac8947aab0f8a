from django.urls import path

from . import corrections, feeds


def formats(route, feed_class, name):
    """`route.rss`, `route.atom` and `route.json`, named `name-rss`, `name-atom`, `name-json`."""
    return [
        path(f"{route}.{ext}", feed_class(feed_type), name=f"{name}-{ext}")
        for ext, (feed_type, _) in feeds.FORMATS.items()
    ]


urlpatterns = [
    *formats("news", feeds.NewsFeed, "news"),
    *formats("race", feeds.RaceFeed, "race"),
    *formats("corrections", corrections.CorrectionsFeed, "corrections"),
    *formats("people/<slug:slug>", feeds.PersonFeed, "person"),
    *formats("organisations/<slug:slug>", feeds.OrganisationFeed, "organisation"),
    *formats("projects/<slug:slug>", feeds.ProjectFeed, "project"),
    *formats("authors/<slug:slug>", feeds.AuthorFeed, "author"),
]
