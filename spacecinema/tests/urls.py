"""A front page and a feed that show what the page cache must keep fresh, independent of
how the public site's templates look: headline, tags and corrections of published articles.

The pages under /keys/ record dependency keys as the site's views do (newsroom/dependencies.py),
so tests can tell which pages a change evicts; the front page and the feed record none, and
depend on everything.
"""

from django.contrib import admin
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from articles.models import Article
from newsroom.dependencies import NEWS, articles_key, depends_on, row_key, tagged_key
from people.models import Person

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


def lines(request, *rows):
    return HttpResponse(
        "<!doctype html><title>Keys</title>" + "".join(f"<p>{row}</p>" for row in rows)
    )


def latest(request):
    """The two newest articles, as the home page lists them."""
    articles = list(Article.objects.published().values("pk", "headline")[:2])
    depends_on(request, NEWS, *(row_key("article", article["pk"]) for article in articles))
    return lines(request, *(article["headline"] for article in articles))


def article_page(request, pk):
    """An article with its subjects and tags."""
    article = Article.objects.published().filter(pk=pk).first()
    if article is None:
        # Not Http404: the site's 404 page links pages this URLconf does not have.
        return HttpResponse("Not found", status=404)
    people = list(article.people.all())
    tags = list(article.tags.all())
    depends_on(
        request,
        row_key("article", pk),
        *(row_key("person", person.pk) for person in people),
        *(row_key("tag", tag.pk) for tag in tags),
    )
    corrections = [f"Correction: {correction.text}" for correction in article.corrections.all()]
    return lines(
        request, article.headline, *(person.name for person in people), *tags, *corrections
    )


def subject_page(request, kind, pk, name, articles):
    headlines = list(articles.values("pk", "headline"))
    depends_on(
        request,
        row_key(kind, pk),
        articles_key(kind, pk),
        *(row_key("article", article["pk"]) for article in headlines),
    )
    return lines(request, name, *(article["headline"] for article in headlines))


def person_page(request, pk):
    person = Person.objects.get(pk=pk)
    articles = Article.objects.published().filter(people=person)
    return subject_page(request, "person", pk, person.name, articles)


def tag_page(request, pk):
    from taggit.models import Tag

    tag = Tag.objects.get(pk=pk)
    depends_on(request, tagged_key(pk))
    people = Person.objects.filter(tags=tag).values_list("name", flat=True)
    articles = Article.objects.published().filter(tags=tag)
    response = subject_page(request, "tag", pk, tag.name, articles)
    response.write("".join(f"<p>{name}</p>" for name in people))
    return response


def project_page(request, pk):
    """A production with its crew (person pages list their credits, and record the same keys)."""
    from projects.models import Project

    project = Project.objects.get(pk=pk)
    depends_on(request, row_key("project", pk))
    return lines(request, project.title, *(str(credit.person) for credit in project.credits.all()))


def race_page(request):
    from projects.models import Project

    depends_on(request, "race")
    race = Project.objects.race().prefetch_related("milestones")
    return lines(request, *(m.title for project in race for m in project.milestones.all()))


def month_page(request, year, month):
    from articles.tallies import month_key

    depends_on(request, month_key(year, month))
    articles = Article.objects.published().filter(
        published_at__year=year, published_at__month=month
    )
    return lines(request, *articles.values_list("headline", flat=True))


def changed_while_made(request):
    """A page during whose making another app server commits a change to what it shows."""
    from newsroom.changes import record

    depends_on(request, row_key("article", 1))
    record({row_key("article", 1)})
    return lines(request, "Made before the change")


def people_page(request):
    depends_on(request, "people")
    return lines(request, *Person.objects.values_list("name", flat=True))


urlpatterns = [
    path("keys/latest/", latest),
    path("keys/article/<int:pk>/", article_page),
    path("keys/person/<int:pk>/", person_page),
    path("keys/tag/<int:pk>/", tag_page),
    path("keys/people/", people_page),
    path("keys/changed-while-made/", changed_while_made),
    path("keys/project/<int:pk>/", project_page),
    path("keys/race/", race_page),
    path("keys/month/<int:year>/<int:month>/", month_page),
    path("", front_page),
    path("cookie/", sets_a_cookie),
    path("feed/", LatestFeed()),
    path("admin/", admin.site.urls),
    # What a save renders (an article's card links its page, bylines and tags) is addressed
    # with the site's own patterns, whatever test ran before.
    path("", include("articles.urls")),
    path("", include("tags.urls")),
    path("", include("people.urls")),
    path("", include("projects.urls")),
]
