from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import Article, TaggedArticle

from .public import tag_url, tags_in_use


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def items(self):
        """Tags in use; each dated by its newest article among the latest RECENT_ARTICLES.

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
        tags = tags_in_use()
        for tag in tags:
            tag.latest_article = newest.get(tag.pk)
        return tags

    def location(self, tag):
        return tag_url(tag)

    def lastmod(self, tag):
        return tag.latest_article

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]
