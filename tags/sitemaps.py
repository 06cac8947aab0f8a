from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import Article, TaggedArticle
from articles.sitemaps import ARTICLES
from newsroom.dependencies import NEWS
from newsroom.rendering import url_pattern

from .public import public_tags


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = 5000
    dependencies = ("tags", NEWS, ARTICLES)
    view_name = "tags:detail"

    def items(self):
        """Tags in use, by name; each dated by its newest article among the latest
        RECENT_ARTICLES.

        A tag only older news carries has no date: finding its newest article would mean a
        published check for every row the tag carries, and lastmod is optional.
        """
        newest = dict(
            TaggedArticle.objects.filter(
                content_object__in=Article.objects.published().newest_ids()
            )
            .order_by()
            .values("tag")
            .annotate(latest=Max("content_object__published_at"))
            .values_list("tag", "latest")
        )
        tags = list(public_tags().order_by("name").values("pk", "slug"))
        for tag in tags:
            tag["latest_article"] = newest.get(tag["pk"])
        return tags

    def size(self):
        """How many tags the section lists, for the sitemap index: one query."""
        return public_tags().count()

    def location(self, row):
        return url_pattern(self.view_name)(row["slug"])

    def lastmod(self, row):
        return row["latest_article"]
