"""Tags as readers see them: only what carries a tag in public counts."""

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from markupsafe import Markup
from taggit.models import Tag

from articles.models import RECENT_ARTICLES, Article, TaggedArticle
from newsroom.prepared import PreparedQuery
from newsroom.rendering import plural, text, url_pattern
from people.models import TaggedOrganisation, TaggedPerson
from projects.models import TaggedProject

# Each count tags_in_use() gives, and the tagged rows it comes from.
COUNTED = [
    ("article_count", TaggedArticle),
    ("person_count", TaggedPerson),
    ("organisation_count", TaggedOrganisation),
    ("project_count", TaggedProject),
]


def public_tags():
    """The tags readers may see: those a published article, a person, an organisation or a
    production carries. A tag only on drafts, articles in review or scheduled ones would
    reveal them, so its page and its feeds answer 404."""
    # Each test is correlated on the tag, so it stops at the first row it finds; an IN list
    # of every published article would be built in full for each tag asked about.
    in_use = [
        Exists(Article.objects.published().filter(tags=OuterRef("pk"))),
        Exists(TaggedPerson.objects.filter(tag=OuterRef("pk"))),
        Exists(TaggedOrganisation.objects.filter(tag=OuterRef("pk"))),
        Exists(TaggedProject.objects.filter(tag=OuterRef("pk"))),
    ]
    return Tag.objects.filter(in_use[0] | in_use[1] | in_use[2] | in_use[3])


def tag_url(tag):
    """A tag's page (taggit's Tag has no get_absolute_url)."""
    return reverse("tags:detail", kwargs={"slug": tag.slug})


@dataclass
class TagInUse:
    """A tag as the tag index and the sitemap read it, with its URL and a count per kind."""

    pk: int
    name: str
    slug: str
    url: str
    article_count: int = 0
    person_count: int = 0
    organisation_count: int = 0
    project_count: int = 0

    @property
    def summary(self):
        """What carries the tag, by kind: "3 articles, 1 person, 2 productions"."""
        counts = [
            (self.article_count, "article", "articles"),
            (self.person_count, "person", "people"),
            (self.organisation_count, "organisation", "organisations"),
            (self.project_count, "production", "productions"),
        ]
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)


def tags_in_use():
    """Every tag something public carries, by name (TagInUse rows), with a count per kind.

    Counting the published articles of each tag one tagged row at a time costs a published
    check per row, which grows with every article ever tagged. Instead every tagged article is
    counted per tag from the tag index, less the few that readers cannot see (drafts, articles
    in review, scheduled ones): a fixed number of grouped queries over compact indexes.
    """
    counts = defaultdict(Counter)
    for kind, through in COUNTED:
        for tag, total in _per_tag(through.objects.all()):
            counts[tag][kind] += total
    # One query per kind of hidden article, each one range of an index: asked as one "either"
    # condition, the database read every article.
    for hidden_part in Article.objects.hidden_parts():
        hidden = TaggedArticle.objects.filter(content_object__in=hidden_part.values("pk"))
        for tag, total in _per_tag(hidden):
            counts[tag]["article_count"] -= total
    in_use = [pk for pk, count in counts.items() if +count]
    detail_url = url_pattern("tags:detail")
    # Alphabetical as readers read it: "ISS" after "casting", not before "announcement".
    rows = (
        Tag.objects.filter(pk__in=in_use)
        .order_by(Lower("name"), "name")
        .values_list("pk", "name", "slug")
    )
    return [TagInUse(pk, name, slug, detail_url(slug), **counts[pk]) for pk, name, slug in rows]


def _per_tag(rows):
    """(tag id, rows) for each tag the rows carry."""
    return rows.order_by().values("tag").annotate(total=Count("pk")).values_list("tag", "total")


@dataclass(slots=True)
class BusyTag:
    name: str
    url: str
    article_count: int


def busiest_tags(count, recent=RECENT_ARTICLES):
    """The `count` tags on the most of the latest `recent` published articles, busiest first.

    Busy means busy now; counting only recent news also keeps the query's cost the same
    however large the archive grows.
    """
    detail_url = url_pattern("tags:detail")
    return [
        BusyTag(row["name"], detail_url(row["slug"]), row["article_count"])
        for row in _busiest_query(count, recent)()
    ]


def busy_tags_html(tags, before, after):
    """The busiest tags as the home page lists them, each a link with its count of articles,
    between the template's own whitespace: one string, each value escaped once."""
    return Markup(
        "".join(
            f'{before}<li><a href="{text(tag.url)}" rel="tag">{text(tag.name)} '
            f'<span class="count">{tag.article_count}<span class="visually-hidden"> '
            f"article{plural(tag.article_count)}</span></span></a></li>{after}"
            for tag in tags
        )
    )


class GroupValue(Subquery):
    """A subquery on a grouped query's grouping column, read once for each group: not a column
    to group by itself (Subquery would group by it, running it for every row of every group)."""

    def get_group_by_cols(self):
        return []


@functools.cache
def _busiest_query(count, recent):
    # The home page asks on every request, always for the same numbers: compiled once each.
    def busiest():
        latest = Article.objects.published().newest_ids(recent)
        tag = Tag.objects.filter(pk=OuterRef("tag"))
        # Counted by tag id from the tagged rows alone; each counted tag's name and slug are
        # then read once, rather than joined to every tagged row before counting.
        return (
            TaggedArticle.objects.filter(content_object__in=latest)
            .values("tag")
            .annotate(article_count=Count("pk"))
            .annotate(name=GroupValue(tag.values("name")), slug=GroupValue(tag.values("slug")))
            .values("name", "slug", "article_count")
            .order_by("-article_count", Lower("name"), "name")[:count]
        )

    return PreparedQuery(busiest)
