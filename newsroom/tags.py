"""Tags as readers see them: only what carries a tag in public counts."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from taggit.models import Tag

from articles.models import Article, TaggedArticle
from people.models import TaggedOrganisation, TaggedPerson
from projects.models import TaggedProject

RECENT_ARTICLES = 200


def _carrying(through, **filters):
    """How many rows of one tagged model carry the outer tag, as a correlated subquery."""
    rows = (
        through.objects.filter(tag=OuterRef("pk"), **filters)
        .order_by()
        .values("tag")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def tags_in_use():
    """Every tag something public carries, with a count per kind; drafts count for nothing."""
    return (
        Tag.objects.annotate(
            article_count=_carrying(
                TaggedArticle, content_object__in=Article.objects.published().values("pk")
            ),
            person_count=_carrying(TaggedPerson),
            organisation_count=_carrying(TaggedOrganisation),
            project_count=_carrying(TaggedProject),
        )
        .filter(
            Q(article_count__gt=0)
            | Q(person_count__gt=0)
            | Q(organisation_count__gt=0)
            | Q(project_count__gt=0)
        )
        .order_by("name")
    )


def busiest_tags(recent=RECENT_ARTICLES):
    """Tags on the most of the latest `recent` published articles first.

    Busy means busy now; counting only recent news also keeps the query's cost the same
    however large the archive grows.
    """
    latest = Article.objects.published().order_by("-published_at").values("pk")[:recent]
    return (
        Tag.objects.filter(articles_taggedarticle_items__content_object__in=latest)
        .annotate(article_count=Count("articles_taggedarticle_items"))
        .order_by("-article_count", "name")
    )
