"""What the article page reads, in five prepared queries (newsroom/prepared.py): the
article's row, with where its published versions in other languages are; everything it
names (tags, bylines, productions, people, organisations) as rows of one shape; its related
articles' stored cards (cards.py), straight from the list kept at write time; its sources;
its corrections.

The page is the site's most read: each of these queries is built and compiled once per
process, not on every request.
"""

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from newsroom.prepared import PreparedQuery

from .cards import STORED_FIELDS
from .models import Article, Correction, Source, TaggedArticle

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
    # What a shared link shows (sharing.py), on the same row.
    "seo_title",
    "meta_description",
    "social_image",
    "social_image_width",
    "social_image_height",
    "social_image_alt",
    # Its id: the tag is among the article's tags, read with them.
    "primary_topic",
    "language",
    "translation_of",
)


def version_column(language):
    """The column of the article's row (annotated by `versions()`) holding the slug of its
    published version in `language`."""
    return f"version_{language}"


def versions():
    """The slugs of the published versions of an article, as annotations of its row: in each
    language (`version_column`), itself included, and of the original ("version_original").
    An original and its translations are a set of one article per language (Article.clean),
    so each is at most one row; published() decides, in SQL, as it does for every page."""
    original = Coalesce(OuterRef("translation_of"), OuterRef("pk"))
    in_set = Article.objects.published().filter(Q(pk=original) | Q(translation_of=original))
    return {
        **{
            version_column(language): Subquery(in_set.filter(language=language).values("slug")[:1])
            for language in Article.Language.values
        },
        "version_original": Subquery(
            Article.objects.published().filter(pk=original).values("slug")[:1]
        ),
    }


published_article = PreparedQuery(
    lambda slug: (
        Article.objects.published().filter(slug=slug).values("pk", *ARTICLE_FIELDS, **versions())
    ),
    slug=models.SlugField(),
)


def _named_rows(through, kind, of_article, name, description=None, tagging_order=False):
    """One kind of what the article names, read from its link table (`of_article` picks the
    article's links), as rows of the shape every kind shares: kind, pk, name, slug,
    description (a person's), and the two columns the whole is ordered by: by name (then id),
    or in the order of tagging (`tagging_order`, the link's id)."""
    return (
        through.objects.filter(of_article)
        .order_by()
        .values(
            kind=Value(kind),
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
    first, *others = [
        # In the order the article was tagged.
        _named_rows(
            TaggedArticle, "tag", Q(content_object_id=article), "tag__name", tagging_order=True
        ),
        _named_rows(Article.authors.through, "author", own, "author__name"),
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
        .values(*STORED_FIELDS)
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
    lambda article: Correction.objects.filter(article_id=article).values(
        "pk", "made_at", "text_html"
    ),
    article=models.BigIntegerField(),
)
