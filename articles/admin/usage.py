"""The articles using a person, an organisation, a production, a tag or a library image, for
their admin pages
(newsroom/usage.py): published and not, as this login may see them in the article admin (an
editor every article, a writer their own bylines), in two queries however many there are."""

from django.contrib import admin
from django.db.models import Count, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from newsroom import usage
from newsroom.models import Image
from people.models import Organisation, Person
from projects.models import Project

from ..models import Article
from .times import desk_time

# The newest listed; the counts cover them all.
SHOWN = 50

LIVE = Q(status=Article.Status.PUBLISHED, published_at__lte=Now())


def _state(row, now):
    if row["status"] != Article.Status.PUBLISHED:
        return Article.Status(row["status"]).label
    if row["published_at"] > now:
        return f"Scheduled for {desk_time(row['published_at'])}"
    return f"Published {desk_time(row['published_at'])}"


def articles_using(lookup):
    """`lookup`: the relation from an article to the object, or a function choosing, from a
    queryset of articles, those using it."""
    choose = lookup if callable(lookup) else lambda articles, obj: articles.filter(**{lookup: obj})

    def finder(request, obj):
        article_admin = admin.site.get_model_admin(Article)
        articles = choose(Article.objects.visible_to(request.user), obj)
        counts = articles.order_by().aggregate(
            total=Count("pk"), published=Count("pk", filter=LIVE)
        )
        rows = articles.values("pk", "headline", "status", "published_at").order_by(
            "-updated_at", "-pk"
        )[:SHOWN]
        now = timezone.now()
        may_open = article_admin.has_view_or_change_permission(request)
        return usage.Usage(
            kind="article",
            total=counts["total"],
            published=counts["published"],
            uses=[
                usage.Use(
                    label=row["headline"],
                    state=_state(row, now),
                    url=reverse("admin:articles_article_change", args=[row["pk"]])
                    if may_open
                    else None,
                )
                for row in rows
            ],
        )

    return finder


usage.register(Person, articles_using("people"))
usage.register(Organisation, articles_using("organisations"))
usage.register(Project, articles_using("projects"))
usage.register(Tag, articles_using("tags"))


def showing(articles, image):
    """As lead image, or in the body by reference (read once: see showing_image)."""
    in_bodies = Article.objects.showing_image(image.pk).values("pk")
    return articles.filter(Q(lead_library_image=image) | Q(pk__in=in_bodies))


usage.register(Image, articles_using(showing))
