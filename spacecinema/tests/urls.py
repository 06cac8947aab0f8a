"""A front page and a feed that show what the page cache must keep fresh, independent of
how the public site's templates look: headline, tags and corrections of published articles."""

from django.contrib import admin
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from articles.models import Article

FRONT_PAGE = engines["django"].from_string(
    "<!doctype html><title>Front</title><ul>{% for article in articles %}"
    "<li>{{ article.headline }} [{{ article.tags.all|join:', ' }}]"
    "{% for correction in article.corrections.all %} Correction: {{ correction.text }}{% endfor %}"
    "</li>{% endfor %}</ul>"
)


def front_page(request):
    articles = Article.objects.published().prefetch_related("tags", "corrections")
    return HttpResponse(FRONT_PAGE.render({"articles": articles}, request))


def sets_a_cookie(request):
    response = HttpResponse(Article.objects.published().count())
    response.set_cookie("seen", "1")
    return response


class LatestFeed(Feed):
    title = "Space Cinema"
    link = "/"
    description = "Latest"

    def items(self):
        return Article.objects.published()[:20]

    def item_link(self, item):
        return f"/news/{item.slug}/"

    def item_pubdate(self, item):
        return item.published_at


urlpatterns = [
    path("", front_page),
    path("cookie/", sets_a_cookie),
    path("feed/", LatestFeed()),
    path("admin/", admin.site.urls),
]
