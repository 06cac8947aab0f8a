"""Random newsroom work against the write-time values (articles/tallies.py, feed_entries.py,
tags/carriers.py).

Hypothesis creates, publishes, unpublishes, schedules and reschedules articles (across a
year's end, so months and years change too), re-tags them, retitles, re-slugs, rewrites and
illustrates them, sets and takes off subjects and bylines from either side, tags, untags,
renames and re-slugs people, organisations and productions, renames and re-slugs bylines,
renames tags, corrects and deletes them, deletes tags and subjects, writes under a reader's
time zone, sets and moves expiries, settles those passed, and lets time pass beyond scheduled
moments, with the site in one of several time zones. After every step each stored value must
equal what a direct query computes (tally_oracle.py): every list's count, every subject list's
entries, the months with news, the news list's latest modification, every published article's
related articles, every article's card and every article's feed entry, and what carries each
tag as its page lists it.

For a soak, run it far longer:

    HYPOTHESIS_PROFILE=tallies-soak .venv/bin/python -m pytest -p no:cacheprovider \
        articles/tests/test_tallies_stateful.py
"""

import datetime
import os

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from taggit.models import Tag

from articles import cards, feed_entries, tallies
from articles.models import Article, Correction
from newsroom.tests.test_images import jpeg
from people.tests.factories import OrganisationFactory, PersonFactory
from projects.tests.factories import ProjectFactory
from search import index as search_index
from spacecinema.tests.test_year_of_editing import DatabaseClock

from .factories import AuthorFactory
from .tally_oracle import differences

pytestmark = pytest.mark.django_db

settings.register_profile(
    "tallies",
    max_examples=25,
    stateful_step_count=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "tallies-soak",
    max_examples=300,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

# Two hours before a new year: a few hours either way change the day, month and year.
START = datetime.datetime(2025, 12, 31, 22, 0, tzinfo=datetime.UTC)
TAGS = ["moon", "mars", "venus", "iss", "launch"]
# Hours from now: the same few values, so articles often share a publication moment.
MOMENTS = st.sampled_from([-800, -30, -3, -1, 0, 1, 3, 30, 800])
STATUSES = st.sampled_from(list(Article.Status))
SUBJECT_KINDS = st.sampled_from(["people", "organisations", "projects", "authors"])
# The subjects a tag's page lists as carrying it, and names that sort either way and need
# escaping.
CARRIER_KINDS = st.sampled_from(["people", "organisations", "projects"])
CARRIER_NAMES = st.sampled_from(["Ada & Co", "Zed <Zenith>", "Mia Orbit", "Mia orbit"])
# Zones either side of UTC, a few hours off START's new year, and one off by a half hour.
ZONES = st.sampled_from(["UTC", "Pacific/Auckland", "America/St_Johns", "Asia/Kolkata"])
# Names that sort before and after each other, so a rename reorders a card's bylines.
BYLINE_NAMES = st.sampled_from(["Ada Apogee", "Zed Zenith", "Mia Orbit", "Mia orbit"])
# Bodies whose feed content has addresses to make absolute: from the root, relative to the
# article's own, starting "//", and one naming the stand-in origin the entries are written for.
BODIES = [
    "Plain words.",
    "[The launch](/news/) and [the archive](../2021/).",
    "![The ISS](//cdn.example/iss.jpg) [NASA](https://www.nasa.gov/)",
    "[Stand-in](http://a0.feed.invalid/x/) [here](x/)",
]


class NewsroomAtWork(RuleBasedStateMachine):
    articles = Bundle("articles")

    def __init__(self):
        super().__init__()
        # Each example starts from the same empty newsroom and leaves nothing behind.
        self.transaction = transaction.atomic()
        self.transaction.__enter__()
        # Articles of 4 or 5 tags count as wide here, so both ways of ranking meet.
        self.wide, tallies.WIDE = tallies.WIDE, 3
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        self.database_clock = DatabaseClock()
        self.database_clock.start()
        self.subjects = {
            "people": PersonFactory.create_batch(2),
            "organisations": [OrganisationFactory()],
            "projects": [ProjectFactory()],
            "authors": AuthorFactory.create_batch(2),
        }
        self.made = 0

    @initialize(target=articles, zone=ZONES, hours=MOMENTS, tags=st.sets(st.sampled_from(TAGS)))
    def signed_article(self, zone, hours, tags):
        # The site's zone dates its cards and its months: set before any article is written.
        self.site = override_settings(TIME_ZONE=zone)
        self.site.enable()
        # Every example starts with an article both bylines sign, whose card a rename changes.
        pk = self.create(Article.Status.PUBLISHED, hours, tags)
        Article.objects.get(pk=pk).authors.set(self.subjects["authors"])
        return pk

    def teardown(self):
        timezone.deactivate()
        if hasattr(self, "site"):
            self.site.disable()
        tallies.WIDE = self.wide
        self.database_clock.stop()
        self.traveller.stop()
        transaction.set_rollback(True)
        self.transaction.__exit__(None, None, None)

    def at(self, hours):
        return timezone.now() + datetime.timedelta(hours=hours)

    @rule(target=articles, status=STATUSES, hours=MOMENTS, tags=st.sets(st.sampled_from(TAGS)))
    def create(self, status, hours, tags):
        self.made += 1
        article = Article.objects.create(
            headline=f"Dispatch {self.made}",
            status=status,
            published_at=self.at(hours) if status == Article.Status.PUBLISHED else None,
        )
        article.tags.set(sorted(tags))
        return article.pk

    @rule(pk=articles, hours=MOMENTS)
    def publish(self, pk, hours):
        article = Article.objects.get(pk=pk)
        article.status, article.published_at = Article.Status.PUBLISHED, self.at(hours)
        article.save()

    @rule(pk=articles, status=st.sampled_from(Article.WRITABLE_STATUSES))
    def unpublish(self, pk, status):
        article = Article.objects.get(pk=pk)
        article.status = status
        article.save()

    @rule(pk=articles, hours=MOMENTS)
    def reschedule(self, pk, hours):
        article = Article.objects.get(pk=pk)
        article.published_at = self.at(hours)
        article.save()

    @rule(pk=articles, hours=st.sampled_from([None, -30, -1, 1, 3, 30]))
    def set_expiry(self, pk, hours):
        # Taken down now or later, or put back: nothing is written when the time comes.
        article = Article.objects.get(pk=pk)
        article.expires_at = None if hours is None else self.at(hours)
        article.save()

    @rule()
    def settle_expiries(self):
        # Whenever it runs (the page cache, a cron), reads answer as before it.
        tallies.settle_expiries()

    @rule(pk=articles)
    def edit(self, pk):
        article = Article.objects.get(pk=pk)
        article.standfirst += " More."
        article.save()

    @rule(pk=articles, reslug=st.booleans())
    def retitle(self, pk, reslug):
        self.made += 1
        article = Article.objects.get(pk=pk)
        article.headline = f"Dispatch {self.made} <revised> & retitled"
        if reslug:
            article.slug = f"dispatch-{self.made}"
        article.save()

    @rule(pk=articles, width=st.sampled_from([40, 90]))
    def illustrate(self, pk, width):
        article = Article.objects.get(pk=pk)
        article.lead_image = ContentFile(jpeg(width, 30), name="still.jpg")
        article.lead_image_alt = f"A still {width} wide"
        article.save()

    @rule(index=st.integers(0, 1), name=BYLINE_NAMES, reslug=st.booleans())
    def rename_byline(self, index, name, reslug):
        self.made += 1
        author = self.subjects["authors"][index]
        author.name = name
        if reslug:
            author.slug = f"byline-{self.made}"
        author.save()

    @rule(zone=ZONES)
    def reader_zone(self, zone):
        # What a request may make current: writes go on in it, and must not date by it.
        timezone.activate(zone)

    @rule(pk=articles, words=st.sampled_from(BODIES), headline=st.booleans())
    def rewrite(self, pk, words, headline):
        article = Article.objects.get(pk=pk)
        article.body = words
        if headline:
            # A new headline with an emptied slug: the article moves to a new address.
            article.headline, article.slug = f"{article.headline} again", ""
        article.save()

    @rule(kind=st.sampled_from(["authors", "tags"]), index=st.integers(0, 1))
    def rename(self, kind, index):
        if kind == "tags":
            tag = Tag.objects.order_by("pk")[index : index + 1].first()
            if tag is not None:
                tag.name = f"{tag.name}!"
                tag.save()
            return
        author = self.subjects["authors"][index % 2]
        author.name, author.slug = f"{author.name} Jr", f"{author.slug}-jr"
        author.save()

    @rule(pk=articles, tags=st.sets(st.sampled_from(TAGS)))
    def retag(self, pk, tags):
        Article.objects.get(pk=pk).tags.set(sorted(tags))

    @rule(pk=articles, tag=st.sampled_from(TAGS), add=st.booleans())
    def tag_or_untag(self, pk, tag, add):
        tags = Article.objects.get(pk=pk).tags
        tags.add(tag) if add else tags.remove(tag)

    @rule(pk=articles)
    def clear_tags(self, pk):
        Article.objects.get(pk=pk).tags.clear()

    @rule(pk=articles, tag=st.sampled_from(TAGS))
    def choose_topic(self, pk, tag):
        # As the admin's form allows: one of the article's own tags.
        article = Article.objects.get(pk=pk)
        article.primary_topic = article.tags.filter(name=tag).first()
        article.save()

    @rule(pk=articles, kind=SUBJECT_KINDS, index=st.integers(0, 1), add=st.booleans())
    def link_from_the_article(self, pk, kind, index, add):
        subjects = self.subjects[kind]
        subject = subjects[index % len(subjects)]
        links = getattr(Article.objects.get(pk=pk), kind)
        links.add(subject) if add else links.remove(subject)

    @rule(pks=st.lists(articles, max_size=3), kind=SUBJECT_KINDS, index=st.integers(0, 1))
    def link_from_the_subject(self, pks, kind, index):
        subjects = self.subjects[kind]
        subjects[index % len(subjects)].articles.set(pks)

    @rule(pk=articles, kind=SUBJECT_KINDS)
    def clear_subjects(self, pk, kind):
        getattr(Article.objects.get(pk=pk), kind).clear()

    @rule(kind=SUBJECT_KINDS, index=st.integers(0, 1))
    def delete_subject(self, kind, index):
        subjects = self.subjects[kind]
        subjects.pop(index % len(subjects)).delete()
        factory = {
            "people": PersonFactory,
            "organisations": OrganisationFactory,
            "projects": ProjectFactory,
            "authors": AuthorFactory,
        }[kind]
        subjects.append(factory())

    @rule(kind=CARRIER_KINDS, index=st.integers(0, 1), tag=st.sampled_from(TAGS), add=st.booleans())
    def tag_or_untag_a_subject(self, kind, index, tag, add):
        subjects = self.subjects[kind]
        tags = subjects[index % len(subjects)].tags
        tags.add(tag) if add else tags.remove(tag)

    @rule(kind=CARRIER_KINDS, index=st.integers(0, 1))
    def clear_a_subject_s_tags(self, kind, index):
        subjects = self.subjects[kind]
        subjects[index % len(subjects)].tags.clear()

    @rule(kind=CARRIER_KINDS, index=st.integers(0, 1), name=CARRIER_NAMES, reslug=st.booleans())
    def rename_a_subject(self, kind, index, name, reslug):
        self.made += 1
        subjects = self.subjects[kind]
        subject = subjects[index % len(subjects)]
        setattr(subject, "title" if kind == "projects" else "name", name)
        if kind == "people":
            subject.description = "" if name.startswith("Mia") else f"{name}'s <role>"
        if reslug:
            subject.slug = f"subject-{self.made}"
        subject.save()

    @rule(tag=st.sampled_from(TAGS))
    def delete_tag(self, tag):
        Tag.objects.filter(name=tag).delete()

    @rule(pk=articles)
    def correct(self, pk):
        Correction.objects.create(article=Article.objects.get(pk=pk), text="A date was wrong.")

    @rule(pk=articles)
    def withdraw_correction(self, pk):
        correction = Correction.objects.filter(article_id=pk).last()
        if correction is not None:
            correction.delete()

    @rule(pk=consumes(articles))
    def delete(self, pk):
        Article.objects.get(pk=pk).delete()

    @rule(hours=st.sampled_from([1, 4, 31, 801]))
    def time_passes(self, hours):
        self.clock.shift(datetime.timedelta(hours=hours))
        self.database_clock.moved()

    @rule()
    def rebuild(self):
        # The rebuild's ranking in memory agrees with the upkeep's, change by change.
        assert tallies.drift() == ([], [])
        assert tallies.drifted_entries() == []
        assert [found for _, found in tallies.drift_alongside() if found] == []
        assert cards.drift() == []
        assert feed_entries.drift() == []
        tallies.rebuild()

    @invariant()
    def every_primary_topic_is_one_of_the_articles_tags(self):
        topics = Article.objects.filter(primary_topic__isnull=False)
        assert topics.exclude(tags=models.F("primary_topic")).count() == 0

    @invariant()
    def stored_values_equal_direct_queries(self):
        assert differences() == []
        assert search_index.drift() == []


def test_stored_values_stay_equal_to_direct_queries_through_random_work():
    profile = os.environ.get("HYPOTHESIS_PROFILE", "tallies")
    run_state_machine_as_test(NewsroomAtWork, settings=settings.get_profile(profile))
