"""What the write-time values (articles/tallies.py, articles/cards.py,
articles/feed_entries.py) must equal, computed straight from the articles as readers see them
now, with no help from the stored tables."""

import datetime
import itertools

from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.template import engines
from django.urls import reverse
from django.utils import dateformat, timezone
from markupsafe import Markup, escape
from taggit.models import Tag

from articles import cards, feed_entries, tallies
from articles.models import (
    Article,
    ArticleTally,
    Author,
    FeedEntry,
    ListEntry,
    RelatedArticle,
    TaggedArticle,
)
from newsroom.dependencies import NEWS, articles_key
from newsroom.images import StoredImage
from people.models import Organisation, Person
from projects.models import Project
from tags.models import TagCarriers


def expected_counts():
    """{key: visible articles} for the news list, every month and year, and every subject."""
    published = Article.objects.published()
    counts = {NEWS: published.count()}
    for moment in published.values_list("published_at", flat=True):
        local = timezone.localtime(moment, timezone.get_default_timezone())
        for key in (tallies.month_key(local.year), tallies.month_key(local.year, local.month)):
            counts[key] = counts.get(key, 0) + 1
    subjects = {
        "tag": TaggedArticle.objects.values_list("tag_id", flat=True).distinct(),
        "person": Person.objects.values_list("pk", flat=True),
        "organisation": Organisation.objects.values_list("pk", flat=True),
        "project": Project.objects.values_list("pk", flat=True),
        "author": Author.objects.values_list("pk", flat=True),
    }
    for kind, pks in subjects.items():
        relation = tallies.SUBJECT_RELATIONS[kind]
        for pk in pks:
            counts[articles_key(kind, pk)] = published.filter(**{relation: pk}).count()
    return counts


def expected_months():
    months = {}
    for moment in Article.objects.published().values_list("published_at", flat=True):
        local = timezone.localtime(moment, timezone.get_default_timezone())
        first = datetime.date(local.year, local.month, 1)
        months[first] = months.get(first, 0) + 1
    return sorted(months.items())


def expected_last_modified():
    """The latest publication or correction of a visible article, or the latest moment of an
    expired one (its expiry, or its publication or correction if later): an article leaving
    the list at its expiry changes it too."""
    edited = Greatest("published_at", Coalesce("corrected_at", "published_at"))
    moments = [
        Article.objects.published().aggregate(latest=Max(edited))["latest"],
        Article.objects.expired().aggregate(latest=Max(Greatest(edited, "expires_at")))["latest"],
    ]
    return max(filter(None, moments), default=None)


def expected_sitemap_tallies():
    published = Article.objects.published()
    return tallies.SitemapTallies(
        articles=published.count(),
        authors=Author.objects.filter(articles__in=published).distinct().count(),
        last_changed=expected_last_modified(),
        last_published=published.aggregate(latest=Max("published_at"))["latest"],
    )


def expected_related(article):
    """The 4 published articles before `article` sharing the most tags with it, then the
    newest, ranked in Python from each article's tags."""
    tags = {}
    for pk, tag in TaggedArticle.objects.values_list("content_object_id", "tag_id"):
        tags.setdefault(pk, set()).add(tag)
    mine = tags.get(article.pk, set())
    place = (article.published_at, article.pk)
    candidates = [
        (len(mine & tags.get(pk, set())), published_at, pk)
        for pk, published_at in Article.objects.filter(status="published").values_list(
            "pk", "published_at"
        )
        if (published_at, pk) < place and mine & tags.get(pk, set())
    ]
    return [pk for _, _, pk in sorted(candidates, reverse=True)[: tallies.RELATED]]


def expected_list_entries():
    """{(kind, subject): sorted [(article id, published_at)]} of every subject's list: the
    articles with status "published" (scheduled ones too, expired ones until their expiry
    settles) its relation on Article finds."""
    published = Article.objects.filter(status="published", expiry_settled=False)
    subjects = {
        "tag": Tag.objects.values_list("pk", flat=True),
        "person": Person.objects.values_list("pk", flat=True),
        "organisation": Organisation.objects.values_list("pk", flat=True),
        "project": Project.objects.values_list("pk", flat=True),
        "author": Author.objects.values_list("pk", flat=True),
    }
    entries = {}
    for kind, pks in subjects.items():
        relation = tallies.SUBJECT_RELATIONS[kind]
        for pk in pks:
            rows = published.filter(**{relation: pk}).values_list("pk", "published_at")
            if rows:
                entries[(kind, pk)] = sorted(rows)
    return entries


def stored_list_entries():
    entries = {}
    for kind, subject, article, moment in ListEntry.objects.values_list(
        "kind", "subject", "article_id", "published_at"
    ):
        entries.setdefault((kind, subject), []).append((article, moment))
    return {key: sorted(rows) for key, rows in entries.items()}


def expected_carriers():
    """{tag id: (projects, people, organisations, sorted keys)} of every tag something besides
    articles carries: each kind's links by name, as the tag's page lists them."""
    kinds = [
        ("project", Project, "title", "projects:detail"),
        ("person", Person, "name", "people:detail"),
        ("organisation", Organisation, "name", "people:organisation-detail"),
    ]
    carriers = {}
    for tag in Tag.objects.all():
        lists, keys = [], []
        for kind, model, name, url_name in kinds:
            items = []
            for subject in model.objects.filter(tags=tag).order_by(name, "pk"):
                note = getattr(subject, "description", "") if kind == "person" else ""
                items.append(
                    f'<li><a href="{escape(reverse(url_name, args=[subject.slug]))}">'
                    f"{escape(getattr(subject, name))}</a>"
                    + (f' <span class="subject-note">{escape(note)}</span>' if note else "")
                    + "</li>"
                )
                keys.append(f"{kind}-{subject.pk}")
            lists.append(f'<ul class="subject-list">{"".join(items)}</ul>' if items else "")
        if keys:
            carriers[tag.pk] = (*lists, sorted(keys))
    return carriers


def expected_feed_entries():
    """{id: entry's fields} of every article, made now from its rows as feeds show them."""
    items = feed_entries.feed_items(Article.objects.values_list("pk", flat=True))
    values = {pk: feed_entries.entry_values(item) for pk, item in items.items()}
    return {pk: fields for pk, fields in values.items() if fields is not None}


def differences():
    """Every stored value that differs from what a direct query computes, named; [] if none."""
    found = []
    counts = expected_counts()
    for key, count in counts.items():
        stored = tallies.published_count(key)
        if stored != count:
            found.append(f"published_count({key!r}) = {stored}, counted {count}")
    subject_keys = {}
    for key in counts:
        kind, _ = tallies.list_shape(key)
        if kind in tallies.SUBJECT_RELATIONS:
            subject_keys.setdefault(kind, []).append(key)
    for keys in subject_keys.values():
        for key, second_key in itertools.pairwise(keys):
            both = tallies.published_counts_of_both(key, second_key)
            if both != (counts[key], counts[second_key]):
                found.append(f"published_counts_of_both({key!r}, {second_key!r}) = {both}")
    if tallies.months_with_news() != expected_months():
        found.append(f"months_with_news() = {tallies.months_with_news()}, {expected_months()}")
    years = {}
    for month, count in expected_months():
        years[month.year] = years.get(month.year, 0) + count
    if tallies.years_with_news() != sorted(years.items()):
        found.append(f"years_with_news() = {tallies.years_with_news()}, counted {years}")
    if tallies.news_last_modified() != expected_last_modified():
        found.append(
            f"news_last_modified() = {tallies.news_last_modified()}, "
            f"counted {expected_last_modified()}"
        )
    if tallies.sitemap_tallies() != expected_sitemap_tallies():
        found.append(
            f"sitemap_tallies() = {tallies.sitemap_tallies()}, {expected_sitemap_tallies()}"
        )
    for article in Article.objects.filter(status="published"):
        stored, expected = tallies.related_ids(article), expected_related(article)
        if stored != expected:
            found.append(f"related_ids({article.pk}) = {stored}, ranked {expected}")
    stored_entries, expected_entries = stored_list_entries(), expected_list_entries()
    for kind, subject in stored_entries.keys() | expected_entries.keys():
        stored = stored_entries.get((kind, subject), [])
        expected = expected_entries.get((kind, subject), [])
        if stored != expected:
            found.append(f"list entries of {kind} {subject}: {stored}, expected {expected}")
    stored_carriers = {
        tag: (*lists, sorted(keys.split()))
        for tag, *lists, keys in TagCarriers.objects.values_list(
            "tag_id", "projects", "people", "organisations", "keys"
        )
    }
    if stored_carriers != expected_carriers():
        found.append(f"tag carriers {stored_carriers}, expected {expected_carriers()}")
    stray = RelatedArticle.objects.exclude(article__status="published").count()
    if stray:
        found.append(f"{stray} related entries of unpublished articles")
    negative = ArticleTally.objects.filter(count__lt=0).count()
    if negative:
        found.append(f"{negative} negative counts")
    stored = {
        fields.pop("article_id"): fields
        for fields in FeedEntry.objects.values(*feed_entries.FIELDS)
    }
    expected = expected_feed_entries()
    for pk in sorted(stored.keys() | expected.keys()):
        if stored.get(pk) != expected.get(pk):
            found.append(f"feed entry of article {pk} differs from one made now")
    return found + card_differences()


def expected_card(article, level):
    """The HTML of `article`'s card at heading `level` as the card macro writes it, from the
    model's own URLs, the site's time zone and the article's corrections, with its bylines."""
    macros = engines["jinja2"].env.get_template("articles/macros.html").module
    authors = list(article.authors.order_by("name", "pk"))
    bylines = [cards.Byline(a.pk, a.name, a.get_absolute_url()) for a in authors]
    published = article.published_at
    local = published and timezone.localtime(published, timezone.get_default_timezone())
    image = article.lead_image
    card = cards.Card(
        pk=article.pk,
        url=article.get_absolute_url(),
        headline=article.headline,
        standfirst=article.standfirst,
        published_iso=local.isoformat(timespec="seconds") if local else "",
        published_day=dateformat.format(local, "j F Y") if local else "",
        corrected=article.corrections.exists(),
        image=image
        and StoredImage(image.name, article.lead_image_width, article.lead_image_height),
        image_alt=article.lead_image_alt,
        image_credit=article.lead_image_credit,
        bylines_html=Markup(macros.byline(bylines)) if bylines else Markup(""),
        authors=[str(author.pk) for author in authors],
        topic=article.primary_topic.name if article.primary_topic else "",
        topic_url=reverse("tags:detail", args=[article.primary_topic.slug])
        if article.primary_topic
        else "",
        lang="" if article.language == Article.Language.ENGLISH else article.language,
    )
    return str(macros.card(card, level)), card


def card_differences():
    """Every article whose stored card, written out at either heading level, differs from a
    fresh rendering, or whose stored bylines differ from its bylines; [] if none."""
    found = []
    for article in Article.objects.order_by("pk"):
        stored = cards.StoredCard(article.pk, article.card_html, article.card_authors)
        for level in (2, 3):
            html, card = expected_card(article, level)
            if stored.html(level) != html:
                found.append(f"card of {article.pk} at h{level}: {stored.html(level)!r}, {html!r}")
        if (article.card_bylines_html, stored.keys) != (str(card.bylines_html), card.keys):
            found.append(f"bylines of {article.pk}: {article.card_bylines_html!r}, {card.keys}")
    return found
