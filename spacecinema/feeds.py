"""The page listing every feed a reader can follow, whichever app follows what."""

from dataclasses import dataclass

from django.urls import reverse
from django.views.generic import TemplateView

from articles.feeds import (
    FORMATS,
    ArticleFeed,
    AuthorFeed,
    NewsFeed,
    OrganisationFeed,
    PersonFeed,
    ProjectFeed,
    RaceFeed,
)
from articles.models import Article
from newsroom.links import absolute_url
from tags.feeds import TagFeed


@dataclass
class FeedListing:
    name: str
    sentence: str
    urls: list  # [(format label, absolute URL)]


class FeedIndexView(TemplateView):
    """Every feed, with a sentence each and addresses to copy into a feed reader.

    Every subject with coverage has a feed, but listing them all made a 1 MB page at 100,000
    articles: the page lists those of the articles the all-news feed carries now (what is in
    the news) and gives the pattern for the rest. One query per kind of subject.
    """

    template_name = "feeds/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            general=[
                FeedListing("All news", NewsFeed().description(), self.urls("news")),
                FeedListing("The race", RaceFeed().description(), self.urls("race")),
            ],
            sections=[
                self.section("Productions", "project", ProjectFeed, "about"),
                self.section("People", "person", PersonFeed, "about"),
                self.section("Organisations", "organisation", OrganisationFeed, "about"),
                self.section("Tags", "tag", TagFeed, "tagged"),
                self.section("Authors", "author", AuthorFeed, "by"),
            ],
            formats=[label for _, label in FORMATS.values()],
            recent_articles=ArticleFeed.item_limit,
            **kwargs,
        )

    def section(self, heading, feed_name, feed, relation):
        newest = Article.objects.published().newest_ids(ArticleFeed.item_limit)
        in_the_news = Article.objects.filter(pk__in=newest).values(feed.article_field)
        label = feed.name_field
        subjects = feed.model.objects.filter(pk__in=in_the_news).only(label, "slug").order_by(label)
        pattern = reverse(f"feeds:{feed_name}-rss", kwargs={"slug": "SLUG"})
        return {
            "heading": heading,
            "pattern": absolute_url(pattern, self.request).replace("SLUG", "<slug>"),
            "listings": [
                FeedListing(
                    getattr(subject, label),
                    f"Every article {relation} {getattr(subject, label)}.",
                    self.urls(feed_name, slug=subject.slug),
                )
                for subject in subjects
            ],
        }

    def urls(self, name, **kwargs):
        return [
            (label, absolute_url(reverse(f"feeds:{name}-{ext}", kwargs=kwargs), self.request))
            for ext, (_, label) in FORMATS.items()
        ]
