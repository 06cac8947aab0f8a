"""The page listing every feed a reader can follow, whichever app follows what."""

from dataclasses import dataclass

from django.urls import reverse
from django.views.generic import TemplateView
from taggit.models import Tag

from articles.feeds import FORMATS, ArticleFeed, NewsFeed, RaceFeed
from articles.models import Article, Author
from people.models import Organisation, Person
from projects.models import Project


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
                self.section("Productions", "project", Project, "title", "projects", "about"),
                self.section("People", "person", Person, "name", "people", "about"),
                self.section(
                    "Organisations", "organisation", Organisation, "name", "organisations", "about"
                ),
                self.section("Tags", "tag", Tag, "name", "tags", "tagged"),
                self.section("Authors", "author", Author, "name", "authors", "by"),
            ],
            formats=[label for _, label in FORMATS.values()],
            recent_articles=ArticleFeed.item_limit,
            **kwargs,
        )

    def section(self, heading, feed_name, model, label, article_field, relation):
        newest = Article.objects.published().newest_ids(ArticleFeed.item_limit)
        in_the_news = Article.objects.filter(pk__in=newest).values(article_field)
        subjects = model.objects.filter(pk__in=in_the_news).only(label, "slug").order_by(label)
        pattern = reverse(f"feeds:{feed_name}-rss", kwargs={"slug": "SLUG"})
        return {
            "heading": heading,
            "pattern": self.request.build_absolute_uri(pattern).replace("SLUG", "<slug>"),
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
            (label, self.request.build_absolute_uri(reverse(f"feeds:{name}-{ext}", kwargs=kwargs)))
            for ext, (_, label) in FORMATS.items()
        ]
