"""The page listing every feed a reader can follow, whichever app follows what."""

from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import F, Value
from django.views.generic import TemplateView
from markupsafe import Markup, escape

from articles import corrections
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
from newsroom.prepared import PreparedQuery
from newsroom.rendering import url
from tags.feeds import TagFeed


@dataclass
class FeedListing:
    name: str
    sentence: str
    urls: list  # [(format label, absolute URL, the URL as shown: see wrappable())]


def wrappable(address, origin):
    """`address` (starting with `origin`) escaped, with a chance to break the line after each
    slash of its path: a whole address is wider than a phone, and a break inside a word of it
    reads as a typo. The address copied stays as it is."""
    path = escape(address.removeprefix(origin)).replace("/", Markup("/<wbr>"))
    return escape(origin) + path


# Where a slug goes in a feed's address.
SLOT = "0slot0"

# The sections of subjects with feeds, in the order the page lists them: (heading, feed name,
# feed, relation to the subject).
SECTIONS = [
    ("Productions", "project", ProjectFeed, "about"),
    ("People", "person", PersonFeed, "about"),
    ("Organisations", "organisation", OrganisationFeed, "about"),
    ("Tags", "tag", TagFeed, "tagged"),
    ("Authors", "author", AuthorFeed, "by"),
]


def _in_the_news(position, feed):
    """The subjects of one section in the articles the all-news feed carries now."""
    newest = Article.objects.published().newest_ids(ArticleFeed.item_limit)
    in_the_news = Article.objects.filter(pk__in=newest).values(feed.article_field)
    return (
        feed.model.objects.filter(pk__in=in_the_news)
        .order_by()
        .values(position=Value(position), subject=F(feed.name_field), subject_slug=F("slug"))
    )


# Every section's subjects in the news, as (position, name, slug) rows, in one statement.
subjects_in_the_news = PreparedQuery(
    lambda: (
        _in_the_news(0, SECTIONS[0][2])
        .union(
            *(
                _in_the_news(position, feed)
                for position, (_, _, feed, _) in enumerate(SECTIONS)
                if position
            ),
            all=True,
        )
        .order_by("position", "subject", "subject_slug")
    )
)


class FeedIndexView(TemplateView):
    """Every feed, with a sentence each and addresses to copy into a feed reader.

    Every subject with coverage has a feed, but listing them all made a 1 MB page at 100,000
    articles: the page lists those of the articles the all-news feed carries now (what is in
    the news) and gives the pattern for the rest. One query for every kind of subject, read as
    rows; each listing is written as one string.
    """

    template_name = "feeds/index.html"

    def get_context_data(self, **kwargs):
        # Which subjects are in the news follows the news; their names, each directory.
        depends_on(self.request, NEWS, "projects", "people", "organisations", "tags", "authors")
        # Feeds answer in the host the reader asked for (see absolute_url): one prefix a page.
        self.origin = self.request.build_absolute_uri("/").removesuffix("/")
        subjects = [[] for _ in SECTIONS]
        for row in subjects_in_the_news():
            subjects[row["position"]].append((row["subject"], row["subject_slug"]))
        return super().get_context_data(
            general=[
                FeedListing("All news", NewsFeed().description(), self.urls("news")),
                FeedListing("The race", RaceFeed().description(), self.urls("race")),
                FeedListing("Corrections", corrections.DESCRIPTION, self.urls("corrections")),
            ],
            sections=[
                self.section(heading, feed_name, relation, rows)
                for (heading, feed_name, _, relation), rows in zip(SECTIONS, subjects, strict=True)
            ],
            formats=[label for _, label in FORMATS.values()],
            recent_articles=ArticleFeed.item_limit,
            **kwargs,
        )

    def section(self, heading, feed_name, relation, subjects):
        pattern = url(f"feeds:{feed_name}-rss", "SLUG")
        # Each format's address, escaped, around its slug, which is quoted once a row as
        # url_pattern quotes it (what quote() leaves has nothing to escape).
        around = [
            (
                escape(format_label),
                *escape(self.origin + url(f"feeds:{feed_name}-{ext}", SLOT)).split(SLOT),
            )
            for ext, (_, format_label) in FORMATS.items()
        ]
        sentence = escape(f"Every article {relation} ")
        return {
            "heading": heading,
            "pattern": wrappable(f"{self.origin}{pattern}".replace("SLUG", "<slug>"), self.origin),
            "listings": [
                self.listing(escape(name), sentence, slug, around) for name, slug in subjects
            ],
        }

    @staticmethod
    def listing(name, sentence, slug, around):
        """One subject's <li>: its sentence, then a link to each format of its feed."""
        quoted = quote(str(slug), safe="-_.~")
        links = " · ".join(
            f'<a href="{before}{quoted}{after}" aria-label="{label} feed: {name}">{label}</a>'
            for label, before, after in around
        )
        return Markup(f"<li>{sentence}{name}. {links}</li>")

    def urls(self, name):
        addresses = [
            (label, f"{self.origin}{url(f'feeds:{name}-{ext}')}")
            for ext, (_, label) in FORMATS.items()
        ]
        return [(label, address, wrappable(address, self.origin)) for label, address in addresses]
