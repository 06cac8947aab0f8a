"""What the article page reads, in five prepared queries (newsroom/prepared.py): the
article's row; everything it names (tags, bylines, productions, people, organisations, and its
related articles' bylines) as rows of one shape; its related articles' cards, straight from
the list kept at write time; its sources; its corrections.

The page is the site's most read: each of these queries is built and compiled once per
process, not on every request.
"""

from django.db import models
from django.db.models import F, Q, Value

from newsroom.prepared import PreparedQuery

from .cards import CARD_FIELDS
from .models import Article, Correction, RelatedArticle, Source, TaggedArticle

# What the article page shows of the article's own row.
ARTICLE_FIELDS = (
    "slug",
    "headline",
    "standfirst",
    "body_html",
    "status",
    "published_at",
    "corrected_at",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
)

published_article = PreparedQuery(
    lambda slug: Article.objects.published().filter(slug=slug).values("pk", *ARTICLE_FIELDS),
    slug=models.SlugField(),
)


def _named_rows(through, kind, of_articles, name, description=None, tagging_order=False):
    """One kind of what articles name, read from its link table (`of_articles` picks the
    articles' links), as rows of the shape every kind shares: kind, in_article, pk, name, slug,
    description (a person's), and the two columns the whole is ordered by: by name (then id),
    or in the order of tagging (`tagging_order`, the link's id)."""
    article = "content_object_id" if through is TaggedArticle else "article_id"
    return (
        through.objects.filter(of_articles)
        .order_by()
        .values(
            kind=Value(kind),
            in_article=F(article),
            pk=F(f"{kind}_id"),
            name=F(name),
            slug=F(f"{kind}__slug"),
            description=F(description) if description else Value(""),
            order_name=Value("") if tagging_order else F(name),
            order_id=F("id") if tagging_order else F(f"{kind}_id"),
        )
    )


def _names_of(article):
    # One compound statement cannot order its parts: each part gives the columns it is ordered
    # by, and the whole is ordered by kind, then those.
    own = Q(article_id=article)
    own_or_related = own | Q(
        article_id__in=RelatedArticle.objects.filter(article_id=article).values("related_id")
    )
    first, *others = [
        # In the order the article was tagged.
        _named_rows(
            TaggedArticle, "tag", Q(content_object_id=article), "tag__name", tagging_order=True
        ),
        # The related articles' cards show their bylines too.
        _named_rows(Article.authors.through, "author", own_or_related, "author__name"),
        _named_rows(Article.projects.through, "project", own, "project__title"),
        _named_rows(
            Article.people.through,
            "person",
            own,
            "person__name",
            description="person__description",
        ),
        _named_rows(Article.organisations.through, "organisation", own, "organisation__name"),
    ]
    return first.union(*others, all=True).order_by("kind", "order_name", "order_id")


names = PreparedQuery(_names_of, article=models.BigIntegerField())

related_cards = PreparedQuery(
    lambda article: (
        Article.objects.published()
        .filter(shown_in__article_id=article)
        .order_by("shown_in__rank")
        .values(*CARD_FIELDS)
    ),
    article=models.BigIntegerField(),
)

sources = PreparedQuery(
    lambda article: Source.objects.filter(article_id=article).values(
        "publisher", "title", "url", "as_of"
    ),
    article=models.BigIntegerField(),
)

corrections = PreparedQuery(
    lambda article: Correction.objects.filter(article_id=article).values("made_at", "text_html"),
    article=models.BigIntegerField(),
)
