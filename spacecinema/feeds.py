"""The page listing every feed a reader can follow, whichever app follows what."""

from dataclasses import dataclass

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
from newsroom.dependencies import NEWS, depends_on
from newsroom.rendering import url, url_pattern
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
    the news) and gives the pattern for the rest. One query per kind of subject, read as
    (name, slug) rows.
    """

    template_name = "feeds/index.html"

    def get_context_data(self, **kwargs):
        # Which subjects are in the news follows the news; their names, each directory.
        depends_on(self.request, NEWS, "projects", "people", "organisations", "tags", "authors")
        # Feeds answer in the host the reader asked for (see absolute_url): one prefix a page.
        self.origin = self.request.build_absolute_uri("/").removesuffix("/")
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
        subjects = (
            feed.model.objects.filter(pk__in=in_the_news).order_by(label).values_list(label, "slug")
        )
        feed_urls = [
            (format_label, url_pattern(f"feeds:{feed_name}-{ext}"))
            for ext, (_, format_label) in FORMATS.items()
        ]
        pattern = url(f"feeds:{feed_name}-rss", "SLUG")
        return {
            "heading": heading,
            "pattern": f"{self.origin}{pattern}".replace("SLUG", "<slug>"),
            "listings": [
                FeedListing(
                    name,
                    f"Every article {relation} {name}.",
                    [
                        (format_label, f"{self.origin}{feed_url(slug)}")
                        for format_label, feed_url in feed_urls
                    ],
                )
                for name, slug in subjects
            ],
        }

    def urls(self, name):
        return [
            (label, f"{self.origin}{url(f'feeds:{name}-{ext}')}")
            for ext, (_, label) in FORMATS.items()
        ]
