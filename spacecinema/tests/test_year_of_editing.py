"""A newsroom that has lived: a year of editing, generated, with readers checking after each step.

Hypothesis plays editors, writers and the calendar (the rules) against an empty newsroom, and
after every step a reader's crawl checks what the site promises (the invariants):

- every page reachable from the home page, the sitemaps and the feeds answers below 500, and
  every internal link on them (article bodies included) ends at a page, never at a 404;
- a former slug answers 301 to the current address;
- what readers get through the page cache is `Article.objects.published()` at that moment;
- every feed parses; search finds each subject by its name and by each alias;
- nothing hidden leaks: not through a page, a feed, or the admin's "view on site" shortcut.

Editors work through the admin, as they do, so its forms meet the hostile text
(newsroom/tests/hostile_text.py); a refusal must be a form error, never a 500. Exporting and
importing into an empty newsroom must give the same archive back.

`make test` runs a bounded number of examples. For a soak, run it far longer:

    HYPOTHESIS_PROFILE=soak .venv/bin/python -m pytest -p no:cacheprovider \
        newsroom/tests/test_year_of_editing.py

A failure Hypothesis finds is printed as a short program of steps: turn it into an explicit
regression test next to the code it concerns.
"""

import datetime
import html
import io
import json
import os
import re
from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import feedparser
import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, Verbosity, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from reversion.models import Version
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from articles.models import Article, Author
from articles.tests.factories import make_editor, make_writer
from people.models import Organisation, Person
from projects.models import Project
from spacecinema import cache as page_cache

from .hostile_text import IMAGE_FORMATS, IMAGE_SHAPES, hostile_text, image_bytes, names, slugs

pytestmark = pytest.mark.django_db(transaction=True)

settings.register_profile(
    "year-of-editing",
    max_examples=6,
    stateful_step_count=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "soak",
    max_examples=120,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    # Each step is printed (run with -s to watch): a soak's log tells what it went through.
    verbosity=Verbosity.debug,
)
PAGE_CACHE_SECONDS = 600
# A reader's crawl stops here: far more pages than a few dozen steps can make.
MAX_PAGES = 500
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")

# What each kind of thing is called in the admin, and its name field.
KINDS = {
    "person": (Person, "people_person", "name"),
    "organisation": (Organisation, "people_organisation", "name"),
    "production": (Project, "projects_project", "title"),
    "author": (Author, "articles_author", "name"),
    "tag": (Tag, "taggit_tag", "name"),
    "article": (Article, "articles_article", "headline"),
}
SUBJECT_KINDS = ("person", "organisation", "production")


# Subjects an article names (by index into the newsroom's), each spelt as an editor might.
MENTIONS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=99),
        st.sampled_from([str, str.upper, str.lower, str.title, str.casefold]),
    ),
    max_size=3,
)
ALIASES = st.none() | st.lists(names(), max_size=2)
PICKS = st.lists(st.integers(min_value=0, max_value=99), max_size=3)
# What an editor types into a new article.
ARTICLE_TEXT = st.fixed_dictionaries(
    {
        "headline": st.one_of(names(250), hostile_text(250)),
        "standfirst": hostile_text(300, min_size=0),
        "words": st.lists(hostile_text(200), max_size=3),
        "mentions": MENTIONS,
        "bylines": PICKS,
        "tag_names": st.lists(st.one_of(names(100), st.integers(0, 99)), max_size=3),
        "image": st.none()
        | st.tuples(st.sampled_from(IMAGE_SHAPES), st.sampled_from(IMAGE_FORMATS)),
        "add_mentions": st.booleans(),
    }
)


class Ref:
    """One thing the machine made: its kind and primary key (it may since have been deleted)."""

    def __init__(self, kind, pk):
        self.kind, self.pk = kind, pk

    def __repr__(self):
        return f"{self.kind}#{self.pk}"


def public_url(obj):
    if isinstance(obj, Tag):
        return reverse("tags:detail", kwargs={"slug": obj.slug})
    return obj.get_absolute_url()


def url_for_slug(kind, slug):
    if kind == "tag":
        return reverse("tags:detail", kwargs={"slug": slug})
    return KINDS[kind][0](slug=slug).get_absolute_url()


class FormReader(HTMLParser):
    """What a browser would post from the admin's main form, as it was rendered."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = defaultdict(list)
        self.in_form = False
        self.select = self.textarea = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        name = attributes.get("name")
        if name and "__prefix__" in name:
            return
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields[name].append(
                attributes.get("value") or ("on" if kind == "checkbox" else "")
            )
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select = name
            self.fields[name]
        elif tag == "option" and self.select and "selected" in attributes:
            self.fields[self.select].append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea:
            self.fields[self.textarea].append("".join(self.text).removeprefix("\n"))
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


def form_data(response):
    reader = FormReader()
    reader.feed(response.content.decode())
    return {
        name: values if len(values) != 1 else values[0] for name, values in reader.fields.items()
    }


def local_date_and_time(moment):
    moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")


LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']|<(?:loc|link|id)>([^<]+)</""")


def links_in(response):
    """Every address a page, sitemap or feed points at, as written."""
    text = response.content.decode()
    found = []
    if response["Content-Type"].startswith("application/feed+json"):
        document = json.loads(text)
        for item in document.get("items", []):
            found += [item.get("url"), item.get("external_url")]
            found += LINK.findall(html.unescape(item.get("content_html", "")))
        found += [document.get("home_page_url"), document.get("feed_url")]
    else:
        found += LINK.findall(text)
        if response["Content-Type"].startswith(FEED_TYPES):
            # Feeds carry article bodies as escaped HTML.
            found += LINK.findall(html.unescape(text))
    flat = []
    for link in found:
        if isinstance(link, tuple):
            flat += [part for part in link if part]
        elif link:
            flat.append(link)
    return [html.unescape(link).strip() for link in flat]


def internal_path(base, link):
    """The path and query of `link` on this site, or None for another site, admin or assets."""
    if link.startswith(("mailto:", "javascript:", "data:", "urn:", "tag:")):
        return None
    parts = urlsplit(urljoin(f"http://testserver{base}", link))
    if parts.scheme not in ("http", "https") or parts.hostname != "testserver":
        return None
    if parts.path.startswith(("/admin/", "/static/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class DatabaseClock:
    """The database's clock set to the test's: `published()` compares with the database's
    NOW, which time-machine cannot move. SQLite takes it from STRFTIME(…, 'NOW'), answered
    here from Python's clock; PostgreSQL from STATEMENT_TIMESTAMP(), shadowed by a function
    in a schema searched before pg_catalog that adds how far the test has travelled.
    """

    def start(self):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            # Statements SQLite has already prepared keep the built-in function until a
            # second definition expires them. The function stays: off the machine it reads
            # the real clock, as the built-in does.
            for _ in range(2):
                connection.connection.create_function("STRFTIME", 2, self._sqlite_strftime)
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("CREATE SCHEMA IF NOT EXISTS test_clock")
                cursor.execute(
                    "CREATE OR REPLACE FUNCTION test_clock.statement_timestamp() "
                    "RETURNS timestamptz AS $$ SELECT pg_catalog.statement_timestamp() + "
                    "current_setting('test_clock.offset')::interval $$ LANGUAGE sql STABLE"
                )
                cursor.execute("SET search_path = test_clock, public, pg_catalog")
            self.moved()

    def moved(self):
        if connection.vendor == "postgresql":
            real_now = time_machine.escape_hatch.datetime.datetime.now(datetime.UTC)
            offset = (timezone.now() - real_now).total_seconds()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('test_clock.offset', %s, false)", [f"{offset} seconds"]
                )

    def stop(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET search_path")
                cursor.execute("DROP SCHEMA IF EXISTS test_clock CASCADE")

    @staticmethod
    def _sqlite_strftime(pattern, value):
        if pattern != "%Y-%m-%d %H:%M:%f" or str(value).lower() != "now":
            raise ValueError(f"the test clock only answers Now(), not STRFTIME({pattern!r}, …)")
        now = datetime.datetime.now(datetime.UTC)
        return now.strftime("%Y-%m-%d %H:%M:%S.") + f"{now.microsecond // 1000:03d}"


class YearOfEditing(RuleBasedStateMachine):
    workdir = None  # set by the test: a folder for export files and a second media root

    people = Bundle("people")
    organisations = Bundle("organisations")
    productions = Bundle("productions")
    authors = Bundle("authors")
    tags = Bundle("tags")
    articles = Bundle("articles")

    def __init__(self):
        super().__init__()
        self.clock = time_machine.travel(datetime.datetime.now(datetime.UTC))
        self.traveller = self.clock.start()
        self.database_clock = DatabaseClock()
        self.database_clock.start()
        self.staff = {
            "anna": make_editor("anna", "Anna Editor"),
            "boris": make_editor("boris", "Boris Editor"),
            "wendy": make_writer("wendy", "Wendy Writer"),
            "walter": make_writer("walter", "Walter Writer"),
        }
        self.clients = {name: Client() for name in self.staff}
        self.reader = Client()
        # Every slug each thing has had, so its old addresses can be checked, and which thing
        # left each slug last: an address two things have had leads to the last to leave it.
        self.slug_history = defaultdict(list)
        self.left_last_by = {}
        self.renamed = set()
        self.exports = 0

    def teardown(self):
        self.database_clock.stop()
        self.clock.stop()
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        from django.core.cache import cache

        cache.clear()
        page_cache.worker = page_cache.Worker()

    # Helpers -------------------------------------------------------------------------------

    def client_for(self, who):
        client = self.clients[who]
        # A session ends after a few weeks of moved clock: log in again, as staff would.
        client.force_login(self.staff[who])
        return client

    def load(self, ref):
        model = KINDS[ref.kind][0]
        return model.objects.filter(pk=ref.pk).first()

    def remember_slug(self, ref):
        obj = self.load(ref)
        if obj is not None and (
            not self.slug_history[ref.kind, ref.pk]
            or self.slug_history[ref.kind, ref.pk][-1] != obj.slug
        ):
            history = self.slug_history[ref.kind, ref.pk]
            if history:
                self.left_last_by[ref.kind, history[-1]] = ref.pk
            history.append(obj.slug)

    def admin_url(self, kind, action, pk=None):
        name = f"admin:{KINDS[kind][1]}_{action}"
        return reverse(name, args=[pk] if pk is not None else [])

    def submit(self, who, url, changes, files=None, expect_allowed=True):
        """Open an admin form as `who`, type `changes` over it, save; True if it was saved."""
        client = self.client_for(who)
        page = client.get(url)
        if not expect_allowed and page.status_code in (302, 403, 404):
            return False
        assert page.status_code == 200, (url, page.status_code)
        data = {**form_data(page), **changes, **(files or {})}
        if "slug" in changes:
            # Editors confirm that a public page moves: the admin asks before it does.
            data["confirm_slug_change"] = "on"
        # Editors read the checklist before publishing and confirm taking a live article
        # down (articles/admin/checklist.py); errors in the checklist still refuse the save.
        data["publish_despite_warnings"] = data["confirm_unpublish"] = "on"
        response = client.post(url, data)
        return self.saved(response, url)

    def saved(self, response, url):
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" not in response["Location"], url
            return True
        if response.status_code == 200:
            text = response.content.decode()
            assert "errornote" in text or "errorlist" in text, (
                f"{url} answered 200 to a save without saying what was wrong"
            )
        return False

    def newest(self, kind):
        return KINDS[kind][0].objects.order_by("-pk").first()

    def create(self, kind, changes, who="anna", files=None):
        before = self.newest(kind)
        if not self.submit(who, self.admin_url(kind, "add"), changes, files):
            return multiple()
        created = self.newest(kind)
        assert created is not None and created != before, f"the new {kind} was not saved"
        ref = Ref(kind, created.pk)
        self.remember_slug(ref)
        self.renamed.add((kind, created.pk))
        return ref

    def change(self, ref, changes, who="anna", **options):
        if self.load(ref) is None:
            return False
        saved = self.submit(who, self.admin_url(ref.kind, "change", ref.pk), changes, **options)
        self.remember_slug(ref)
        if saved:
            self.renamed.add((ref.kind, ref.pk))
        return saved

    def delete(self, ref, who="anna"):
        if self.load(ref) is None:
            return
        client = self.client_for(who)
        response = client.post(self.admin_url(ref.kind, "delete", ref.pk), {"post": "yes"})
        assert response.status_code == 302, response.status_code
        assert self.load(ref) is None, f"{ref} survived its deletion"

    # Rules: people, organisations, productions, authors, tags -------------------------------

    @rule(target=people, name=names(), aliases=st.lists(names(), max_size=2))
    def create_person(self, name, aliases):
        return self.create("person", {"name": name, "aliases": "\n".join(aliases)})

    @rule(target=organisations, name=names(), aliases=st.lists(names(), max_size=2))
    def create_organisation(self, name, aliases):
        return self.create(
            "organisation", {"name": name, "aliases": "\n".join(aliases), "kind": "studio"}
        )

    @rule(target=productions, title=names(), aliases=st.lists(names(), max_size=2))
    def create_production(self, title, aliases):
        return self.create("production", {"title": title, "aliases": "\n".join(aliases)})

    @rule(target=authors, name=names())
    def create_author(self, name):
        return self.create("author", {"name": name})

    @rule(target=tags, name=names(100), slug=slugs(100))
    def create_tag(self, name, slug):
        return self.create("tag", {"name": name, "slug": slug})

    def rename(self, thing, name_field, name, slug, aliases=None):
        changes = {name_field: name, "slug": slug}
        if aliases is not None:
            changes["aliases"] = "\n".join(aliases)
        self.change(thing, {field: value for field, value in changes.items() if value is not None})

    # Each: a new name, a new slug, or both, as an editor types them into the change form.
    @rule(person=people, name=st.none() | names(), slug=st.none() | slugs(), aliases=ALIASES)
    def rename_or_reslug_person(self, person, name, slug, aliases):
        self.rename(person, "name", name, slug, aliases)

    @rule(
        organisation=organisations,
        name=st.none() | names(),
        slug=st.none() | slugs(),
        aliases=ALIASES,
    )
    def rename_or_reslug_organisation(self, organisation, name, slug, aliases):
        self.rename(organisation, "name", name, slug, aliases)

    @rule(
        production=productions,
        title=st.none() | names(),
        slug=st.none() | slugs(),
        aliases=ALIASES,
    )
    def rename_or_reslug_production(self, production, title, slug, aliases):
        self.rename(production, "title", title, slug, aliases)

    @rule(author=authors, name=st.none() | names(), slug=st.none() | slugs())
    def rename_or_reslug_author(self, author, name, slug):
        self.rename(author, "name", name, slug)

    @rule(tag=tags, name=st.none() | names(100), slug=st.none() | slugs(100))
    def rename_or_reslug_tag(self, tag, name, slug):
        self.rename(tag, "name", name, slug)

    @rule(person=consumes(people))
    def delete_person(self, person):
        self.delete(person)

    @rule(organisation=consumes(organisations))
    def delete_organisation(self, organisation):
        self.delete(organisation)

    @rule(production=consumes(productions))
    def delete_production(self, production):
        self.delete(production)

    @rule(author=consumes(authors))
    def delete_author(self, author):
        self.delete(author)

    @rule(tag=consumes(tags))
    def delete_tag(self, tag):
        self.delete(tag)

    # Rules: articles ------------------------------------------------------------------------

    @staticmethod
    def pick(rows, picks):
        """The rows at `picks` (indices, wrapping round): what an editor picks from a list.

        Drawn by index, not from the bundles: a rule whose arguments draw from several
        bundles only runs once every one of them has something in it.
        """
        rows = list(rows)
        return [rows[index % len(rows)] for index in picks] if rows else []

    def subjects(self):
        return [
            *Person.objects.order_by("pk"),
            *Organisation.objects.order_by("pk"),
            *Project.objects.order_by("pk"),
        ]

    def body_with_mentions(self, words, mentions):
        """Markdown that names some subjects, in the case an editor happened to type."""
        parts = list(words)
        subjects = self.subjects()
        for index, spell in mentions:
            if subjects:
                names_of = subjects[index % len(subjects)].names
                parts.insert(len(parts) // 2, spell(names_of[index % len(names_of)]))
        return "\n\n".join(parts)

    @initialize(target=people, name=names(), aliases=st.lists(names(), max_size=2))
    def a_first_person(self, name, aliases):
        return self.create_person(name, aliases)

    @initialize(target=articles, text=ARTICLE_TEXT)
    def a_first_story(self, text):
        return self.write("anna", "_publish", **text)

    @initialize(target=articles, text=ARTICLE_TEXT)
    def a_writers_first_draft(self, text):
        return self.write("wendy", "_save", **text)

    @rule(
        target=articles,
        who=st.sampled_from(["anna", "anna", "wendy", "walter"]),
        button=st.sampled_from(["_save", "_submit_for_review", "_publish", "_publish"]),
        text=ARTICLE_TEXT,
    )
    def write_article(self, who, button, text):
        return self.write(who, button, **text)

    def write(
        self,
        who,
        button,
        headline,
        standfirst,
        words,
        mentions,
        bylines,
        tag_names,
        image,
        add_mentions,
    ):
        existing = list(Tag.objects.order_by("pk").values_list("name", flat=True))
        tag_list = [
            existing[tag % len(existing)] if isinstance(tag, int) else tag
            for tag in tag_names
            if not isinstance(tag, int) or existing
        ]
        changes = {
            "headline": headline,
            "standfirst": standfirst,
            "body": self.body_with_mentions(words, mentions),
            "authors": [
                str(author.pk) for author in self.pick(Author.objects.order_by("pk"), bylines)
            ],
            "tags": edit_string_for_tags([Tag(name=name) for name in tag_list]),
        }
        files = {}
        if image:
            shape, image_format = image
            files["lead_image"] = SimpleUploadedFile(
                f"lead.{image_format.lower()}", image_bytes(shape, image_format)
            )
            changes["lead_image_alt"] = f"A picture {shape[0]}×{shape[1]} pixels"
        if add_mentions:
            changes["_add_mentions"] = "1"
        changes[button] = "1"
        ref = self.create("article", changes, who=who, files=files)
        if isinstance(ref, Ref) and who != "anna":
            self.check_writer_bylines(ref, who, before=set())
        return ref

    def check_writer_bylines(self, ref, who, before):
        """A writer files under their own byline; they cannot put others' names on a story."""
        article = self.load(ref)
        own = Author.objects.filter(user=self.staff[who]).values_list("pk", flat=True)
        added = set(article.authors.values_list("pk", flat=True)) - before - set(own)
        assert not added, f"{who} put bylines {sorted(added)} on {ref} that are not theirs"

    @rule(
        article=articles,
        who=st.sampled_from(["anna", "boris", "wendy", "walter"]),
        headline=st.none() | hostile_text(250),
        words=st.lists(hostile_text(200), max_size=3),
        mentions=MENTIONS,
        bylines=st.none() | PICKS,
        add_mentions=st.booleans(),
    )
    def edit_article(self, article, who, headline, words, mentions, bylines, add_mentions):
        current = self.load(article)
        if current is None:
            return
        before = set(current.authors.values_list("pk", flat=True))
        snapshot = (current.headline, current.body, current.version)
        changes = {"body": self.body_with_mentions(words, mentions)}
        if headline is not None:
            changes["headline"] = headline
        if bylines is not None:
            authors = self.pick(Author.objects.order_by("pk"), bylines)
            changes["authors"] = [str(author.pk) for author in authors]
        if add_mentions:
            changes["_add_mentions"] = "1"
        allowed = current.can_be_edited_by(self.staff[who])
        saved = self.change(article, changes, who=who, expect_allowed=allowed)
        after = self.load(article)
        if not allowed:
            assert not saved and (after.headline, after.body, after.version) == snapshot, (
                f"{who} changed {article}, which they may not edit"
            )
        elif saved and who in ("wendy", "walter"):
            self.check_writer_bylines(article, who, before)

    @rule(article=articles, slug=slugs(250))
    def reslug_article(self, article, slug):
        self.change(article, {"slug": slug})

    @rule(
        article=articles,
        when=st.sampled_from(["as set", "now", "earlier", "later"]),
        minutes=st.integers(min_value=1, max_value=3 * 24 * 60),
    )
    def publish(self, article, when, minutes):
        changes = {"_publish": "Publish"}
        moment = {
            "now": timezone.now(),
            "earlier": timezone.now() - datetime.timedelta(minutes=minutes),
            "later": timezone.now() + datetime.timedelta(minutes=minutes),
        }.get(when)
        if moment is not None:
            changes["published_at_0"], changes["published_at_1"] = local_date_and_time(moment)
        self.change(article, changes)

    @rule(article=articles, who=st.sampled_from(["anna", "wendy", "walter"]))
    def submit_for_review(self, article, who):
        current = self.load(article)
        if current is None or current.status != Article.Status.DRAFT:
            return
        allowed = current.can_be_edited_by(self.staff[who])
        self.change(article, {"_submit_for_review": "1"}, who=who, expect_allowed=allowed)

    @rule(article=articles)
    def unpublish(self, article):
        current = self.load(article)
        if current is not None and current.status == Article.Status.PUBLISHED:
            assert self.change(article, {"_unpublish": "1"})

    @rule(article=articles, text=hostile_text(500))
    def correct(self, article, text):
        current = self.load(article)
        if current is None:
            return
        url = self.admin_url("article", "change", article.pk)
        data = form_data(self.client_for("anna").get(url))
        row = int(data["corrections-TOTAL_FORMS"])
        day, time = local_date_and_time(timezone.now())
        changes = {
            "corrections-TOTAL_FORMS": str(row + 1),
            f"corrections-{row}-id": "",
            f"corrections-{row}-article": str(article.pk),
            f"corrections-{row}-text": text,
            f"corrections-{row}-made_at_0": day,
            f"corrections-{row}-made_at_1": time,
        }
        self.change(article, changes)

    @rule(article=articles, pick=st.integers(min_value=0, max_value=50))
    def restore(self, article, pick):
        current = self.load(article)
        if current is None:
            return
        versions = list(Version.objects.get_for_object(current).order_by("pk"))
        if not versions:
            return
        version = versions[pick % len(versions)]
        url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
        response = self.client_for("anna").post(url)
        assert response.status_code == 302, response.status_code
        self.remember_slug(article)

    @rule(article=consumes(articles))
    def delete_article(self, article):
        self.delete(article)

    @rule(article=articles, first=hostile_text(200), second=hostile_text(200))
    def two_editors_save_the_same_article(self, article, first, second):
        """Both open the article; Anna saves; Boris's save is refused and keeps his words."""
        if self.load(article) is None:
            return
        url = self.admin_url("article", "change", article.pk)
        anna, boris = self.client_for("anna"), self.client_for("boris")
        annas_form, boriss_form = form_data(anna.get(url)), form_data(boris.get(url))
        if not self.saved(anna.post(url, {**annas_form, "body": first}), url):
            return
        kept = self.load(article)
        response = boris.post(url, {**boriss_form, "body": f"Boris: {second}"})
        assert response.status_code == 200, "the stale save was not refused"
        text = response.content.decode()
        assert "changed this article at" in text, "the refusal does not say why"
        assert html.escape(f"Boris: {second}".strip()) in text, "Boris's words were lost"
        now = self.load(article)
        assert (now.body, now.version) == (kept.body, kept.version), "Anna's save was overwritten"

    # Rules: export, import, time ------------------------------------------------------------

    @rule()
    def export_and_import_into_an_empty_newsroom(self):
        self.exports += 1
        first = self.workdir / f"export-{self.exports}-first"
        again = self.workdir / f"export-{self.exports}-again"
        quiet = io.StringIO()
        # One instant for both exports: an archive may record when it was made.
        with time_machine.travel(timezone.now(), tick=False), transaction.atomic():
            call_command("export_content", str(first), stdout=quiet)
            with override_settings(MEDIA_ROOT=self.workdir / f"media-{self.exports}"):
                empty_the_database()
                call_command("import_content", str(first), stdout=quiet)
                call_command("export_content", str(again), stdout=quiet)
            transaction.set_rollback(True)
        ContentType.objects.clear_cache()
        assert first.read_bytes() == again.read_bytes(), (
            "export, import into an empty newsroom, export gave a different archive"
        )

    @rule(
        how_far=st.sampled_from(["a second", "past the page cache", "past the next schedule"])
        | st.integers(min_value=1, max_value=3 * 24 * 3600)
    )
    def time_passes(self, how_far):
        seconds = {"a second": 1, "past the page cache": PAGE_CACHE_SECONDS + 1}.get(how_far)
        if how_far == "past the next schedule":
            upcoming = Article.objects.scheduled().order_by("published_at").first()
            if upcoming is None:
                return
            seconds = (upcoming.published_at - timezone.now()).total_seconds() + 1
        elif seconds is None:
            seconds = how_far
        self.traveller.shift(datetime.timedelta(seconds=seconds))
        self.database_clock.moved()

    # Invariants -----------------------------------------------------------------------------

    @invariant()
    def readers_see_what_is_published_and_every_link_works(self):
        # The clock stands still while the reader looks: a schedule falling due half-way
        # through the crawl would make the pages disagree with each other, not with the rule.
        with time_machine.travel(timezone.now(), tick=False):
            self.check_what_readers_see()

    def check_what_readers_see(self):
        crawl = self.crawl()
        published = {article.get_absolute_url(): article for article in Article.objects.published()}
        hidden = {article.get_absolute_url(): article for article in Article.objects.hidden()}

        on_news = set().union(
            *(
                crawl.articles_on[p]
                for p in crawl.articles_on
                if p.startswith("/news/?") or p == "/news/"
            )
        )
        assert on_news == set(published), (
            f"/news/ through the page cache lists {sorted(on_news)}, "
            f"but published() is {sorted(published)}"
        )
        newest = [
            a.get_absolute_url()
            for a in Article.objects.published().order_by("-published_at", "-pk")[:30]
        ]
        for feed in ("/feeds/news.rss", "/feeds/news.atom", "/feeds/news.json"):
            assert crawl.articles_on[feed] == set(newest), (
                f"{feed} carries {sorted(crawl.articles_on[feed])}, but published() is {newest}"
            )
        for page, linked in crawl.articles_on.items():
            leaked = linked & set(hidden)
            assert not leaked, f"{page} shows unpublished articles {sorted(leaked)}"
        for url, article in published.items():
            assert resolve(url).view_name == "articles:detail", (
                f"{article!r} lives at {url}, another page's address"
            )
            assert crawl.status.get(url) == 200, f"published {url} answers {crawl.status.get(url)}"
        for url in hidden:
            response = self.reader.get(url)
            assert response.status_code == 404, f"unpublished {url} answers {response.status_code}"

    @invariant()
    def former_slugs_lead_to_the_current_address(self):
        for (kind, pk), history in self.slug_history.items():
            obj = KINDS[kind][0].objects.filter(pk=pk).first()
            if obj is None or len(history) < 2:
                continue
            current = public_url(obj)
            current_status = self.reader.get(current).status_code
            for slug in history[:-1]:
                if slug == obj.slug or KINDS[kind][0].objects.filter(slug=slug).exists():
                    continue
                if self.left_last_by.get((kind, slug)) != pk:
                    continue
                old = url_for_slug(kind, slug)
                try:
                    if kind == "article" and resolve(old).view_name != "articles:detail":
                        continue
                except Resolver404:
                    continue
                response = self.reader.get(old)
                if current_status == 404:
                    assert response.status_code == 404, (
                        f"{old}, a former address of unpublished {kind} {obj.slug!r}, "
                        f"answers {response.status_code}"
                    )
                else:
                    assert response.status_code == 301, (
                        f"{old}, former address of {current}, answers {response.status_code}"
                    )
                    assert response["Location"].endswith(current), response["Location"]

    @invariant()
    def search_finds_each_subject_by_every_name(self):
        for kind, pk in sorted(self.renamed):
            if kind not in SUBJECT_KINDS:
                continue
            subject = KINDS[kind][0].objects.filter(pk=pk).first()
            if subject is None:
                continue
            for name in subject.names:
                if not any(character.isalnum() for character in name):
                    continue
                response = self.reader.get("/search/", {"q": name})
                assert response.status_code == 200, (name, response.status_code)
                assert public_url(subject) in response.content.decode(), (
                    f"searching for {name!r} does not find {kind} {subject.slug!r}"
                )
        self.renamed.clear()

    @invariant()
    def view_on_site_reveals_no_hidden_article(self):
        """The admin's "view on site" shortcut must not lead a writer to another's draft."""
        content_type = ContentType.objects.get_for_model(Article)
        wendy = self.staff["wendy"]
        for article in Article.objects.hidden().exclude(
            pk__in=Article.objects.visible_to(wendy).values("pk")
        ):
            for client in (self.client_for("wendy"), self.reader):
                response = client.get(f"/admin/r/{content_type.pk}/{article.pk}/")
                assert response.status_code < 500
                location = response.get("Location", "")
                assert article.get_absolute_url() not in location, (
                    f"/admin/r/ sends to unpublished {article.get_absolute_url()}"
                )

    # The crawl ------------------------------------------------------------------------------

    def crawl(self):
        """Read the site as an anonymous reader, from the home page, sitemaps and feeds."""
        crawl = Crawl()
        seeds = [
            "/",
            "/news/",
            "/sitemap.xml",
            "/feeds/",
            "/feeds/news.rss",
            "/feeds/news.atom",
            "/feeds/news.json",
            "/tags/",
            "/people/",
            "/organisations/",
            "/projects/",
            "/race/",
        ]
        # The feed of every tag, linked from a page or not: none may show a draft. Nothing
        # links to the feed of a tag that only drafts carry, so its links are not followed.
        probes = [f"/feeds/tags/{quote(tag.slug)}.rss" for tag in Tag.objects.all()]
        queue = deque((seed, None) for seed in seeds + probes)
        seen = set(seeds + probes)
        while queue:
            path, linked_from = queue.popleft()
            assert len(crawl.status) < MAX_PAGES, "the crawl did not end"
            response = self.follow(path, crawl, linked_from)
            if response.status_code != 200:
                continue
            content_type = response["Content-Type"]
            if not content_type.startswith(("text/html", "application/")):
                continue
            if content_type.startswith(FEED_TYPES):
                check_feed(path, response)
            for link in links_in(response):
                target = internal_path(path, link)
                if target is None:
                    continue
                if self.is_article(target):
                    crawl.articles_on[path].add(urlsplit(target).path)
                if target not in seen and (path not in probes or crawl.reached(path)):
                    seen.add(target)
                    queue.append((target, path))
        return crawl

    def follow(self, path, crawl, linked_from):
        response = self.reader.get(path)
        hops = 0
        while response.status_code in (301, 302, 307, 308) and hops < 5:
            location = internal_path(path, response["Location"])
            assert location is not None, f"{path} redirects off the site: {response['Location']}"
            response, hops = self.reader.get(location), hops + 1
        crawl.status[path] = response.status_code
        if linked_from is not None:
            crawl.linked.add(path)
        assert response.status_code < 500, f"{path} answers {response.status_code}"
        if linked_from is not None:
            assert response.status_code == 200, (
                f"{linked_from} links to {path}, which answers {response.status_code}"
            )
        return response

    @staticmethod
    def is_article(path):
        try:
            return resolve(urlsplit(path).path).view_name == "articles:detail"
        except Resolver404:
            return False


def check_feed(path, response):
    """RSS and Atom parse with feedparser, which reads no JSON Feed: that must be JSON with
    the spec's version and an id and address for each item."""
    if response["Content-Type"].startswith("application/feed+json"):
        document = json.loads(response.content)
        assert document["version"].startswith("https://jsonfeed.org/version/1"), path
        for item in document["items"]:
            assert item["id"] and item["url"], (path, item)
        return
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, f"{path} does not parse: {parsed.bozo_exception!r}"
    assert parsed.version, f"{path} is neither RSS nor Atom"


class Crawl:
    def __init__(self):
        self.status = {}
        self.linked = set()
        self.articles_on = defaultdict(set)

    def reached(self, path):
        return path in self.linked


def empty_the_database():
    """Every table as a freshly migrated database has it: the roles and permissions only."""
    kept = {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
    }
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True)
        if table not in kept
    ]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    )


def test_a_year_of_editing(settings_fixture_for_machine, tmp_path):
    YearOfEditing.workdir = tmp_path
    profile = os.environ.get("HYPOTHESIS_PROFILE", "year-of-editing")
    run_state_machine_as_test(YearOfEditing, settings=settings.get_profile(profile))


@pytest.fixture
def settings_fixture_for_machine(settings):
    settings.PAGE_CACHE_SECONDS = PAGE_CACHE_SECONDS
    return settings
