from articles.feed_urls import formats

from .feeds import TagFeed

urlpatterns = [
    # Taggit keeps Unicode in tag slugs ("вызов"), which the slug converter would refuse.
    *formats("tags/<str:slug>", TagFeed, "tag"),
]
