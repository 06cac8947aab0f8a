from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.dateparse import parse_datetime

from articles import tallies
from articles.models import Article, Author, Correction, Source
from demo import artwork
from demo.content import (
    ARTICLES,
    AUTHORS,
    MILESTONES,
    ORGANISATIONS,
    PEOPLE,
    PROJECTS,
    RIVALS,
    tag_names,
)
from demo.models import DemoRecord
from people.models import Organisation, Person
from projects.models import Credit, Milestone, Project

# Every picture the demo has is drawn by demo/artwork.py: the site is its source.
SITE_GRAPHICS = "Space Cinema graphics"


def _initials(name):
    return "".join(part[0] for part in name.split()[:2]).upper()


def _attach(instance, field_name, filename, draw):
    """Give the instance its demo picture: a drawing is the same every run, so it is named
    as the file an earlier run stored, which is reused with its renditions."""
    if getattr(instance, field_name):
        return
    setattr(instance, field_name, ContentFile(draw(), name=filename))
    instance.save()


def newsroom_is_empty():
    """No articles, people, organisations or productions: nothing an editor could lose."""
    return not any(model.objects.exists() for model in (Article, Person, Organisation, Project))


class Command(BaseCommand):
    help = (
        "Load the demo newsroom. Only what the demo never made is added: rows it made once "
        "are left as editors have them, even renamed, re-slugged or deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing unless the newsroom has no articles, people, organisations "
            "or productions (what `make run` does on every start).",
        )

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and not newsroom_is_empty():
            self.stdout.write("The newsroom has content: the demo is not loaded again.")
            return
        # Saves one by one would rank related articles again for each: once at the end.
        with tallies.bulk():
            self.load()

    def load(self):
        self.made = []
        authors = {row["slug"]: self.author(row) for row in AUTHORS}
        organisations = {row["slug"]: self.organisation(row) for row in ORGANISATIONS}
        people = {row["slug"]: self.person(row) for row in PEOPLE}
        projects = {row["slug"]: self.project(row, organisations, people) for row in PROJECTS}
        first, second = (projects[slug] for slug in RIVALS)
        # Only a new production is paired: an editor's choice of rival stays.
        if first in self.made and second is not None and second.rival_id is None:
            first.rival = second
            first.save()
        articles = {}
        for row in ARTICLES:
            # A translation follows its original in ARTICLES.
            articles[row["slug"]] = self.article(
                row, authors, people, organisations, projects, articles
            )
        for row in MILESTONES:
            self.milestone(row, projects, people, articles)
        if self.made:
            self.stdout.write(self.style.SUCCESS(f"Demo newsroom loaded: {self.summary()}."))
        else:
            self.stdout.write("The demo newsroom is already loaded: nothing was changed.")

    def summary(self):
        counts = {}
        for instance in self.made:
            name = instance._meta.verbose_name_plural
            counts[name] = counts.get(name, 0) + 1
        return ", ".join(f"{count} {name}" for name, count in counts.items())

    def once(self, model, key, lookup, create):
        """The demo's row for `key`: made now if the demo never made it, else left untouched.

        Returns None when an editor deleted the row the demo made: it stays deleted.
        """
        key = f"{model._meta.label_lower}:{key}"
        record = DemoRecord.objects.filter(key=key).first()
        if record:
            return model.objects.filter(pk=record.object_id).first()
        # A newsroom loaded before the demo kept records: its rows are found where the demo
        # put them.
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = create()
            self.made.append(instance)
        DemoRecord.objects.create(key=key, object_id=instance.pk)
        return instance

    def author(self, row):
        return self.once(
            Author,
            row["slug"],
            {"slug": row["slug"]},
            lambda: Author.objects.create(slug=row["slug"], name=row["name"], bio=row["bio"]),
        )

    def organisation(self, row):
        organisation = self.once(
            Organisation,
            row["slug"],
            {"slug": row["slug"]},
            lambda: Organisation.objects.create(
                slug=row["slug"],
                name=row["name"],
                native_name=row.get("native_name", ""),
                aliases=row.get("aliases", ""),
                kind=row["kind"],
                country=row["country"],
                description=row["description"],
                logo_alt=f"{row['name']} monogram",
                logo_credit=SITE_GRAPHICS,
            ),
        )
        if organisation in self.made:
            _attach(
                organisation,
                "logo",
                f"{row['slug']}.jpg",
                lambda: artwork.logo(row["initials"], row["colour"]),
            )
            organisation.tags.set(tag_names(row["tags"]))
        return organisation

    def person(self, row):
        person = self.once(
            Person,
            row["slug"],
            {"slug": row["slug"]},
            lambda: Person.objects.create(
                slug=row["slug"],
                name=row["name"],
                native_name=row.get("native_name", ""),
                aliases=row.get("aliases", ""),
                description=row["description"],
                country=row["country"],
                bio=row["bio"],
                photo_alt=f"Illustrated portrait card for {row['name']}",
                photo_credit=SITE_GRAPHICS,
            ),
        )
        if person in self.made:
            _attach(
                person,
                "photo",
                f"{row['slug']}.jpg",
                lambda: artwork.portrait(row["slug"], _initials(row["name"]), row["colour"]),
            )
            person.tags.set(tag_names(row["tags"]))
        return person

    def project(self, row, organisations, people):
        project = self.once(
            Project,
            row["slug"],
            {"slug": row["slug"]},
            lambda: Project.objects.create(
                slug=row["slug"],
                title=row["title"],
                native_title=row.get("native_title", ""),
                aliases=row.get("aliases", ""),
                status=row["status"],
                country=row["country"],
                logline=row["logline"],
                synopsis=row["synopsis"],
                poster_alt=f"Poster artwork for {row['title']}: a rocket climbing to orbit",
                poster_credit=SITE_GRAPHICS,
            ),
        )
        if project in self.made:
            _attach(
                project,
                "poster",
                f"{row['slug']}.jpg",
                lambda: artwork.poster(row["slug"], row["title"], row["country"], row["colour"]),
            )
            project.backers.set(present(organisations, row["backers"]))
            project.tags.set(tag_names(row["tags"]))
            for person_slug, role, character, order in row["credits"]:
                if people[person_slug]:
                    Credit.objects.create(
                        project=project,
                        person=people[person_slug],
                        role=role,
                        character=character,
                        order=order,
                    )
        return project

    def article(self, row, authors, people, organisations, projects, articles):
        article = self.once(
            Article,
            row["slug"],
            {"slug": row["slug"]},
            lambda: Article.objects.create(
                slug=row["slug"],
                headline=row["headline"],
                standfirst=row["standfirst"],
                body=row["body"],
                status=row.get("status", Article.Status.PUBLISHED),
                language=row.get("language", Article.Language.ENGLISH),
                translation_of=articles.get(row.get("translation_of")),
                published_at=parse_datetime(row["published_at"]) if row["published_at"] else None,
                lead_image_credit=SITE_GRAPHICS if row["image"] else "",
                lead_image_caption=(row["image"] or {}).get("caption", ""),
                lead_image_alt=(
                    row["image"].get(
                        "alt", f"Illustration: {row['image']['label']}, over the curve of the Earth"
                    )
                    if row["image"]
                    else ""
                ),
            ),
        )
        if article not in self.made:
            return article
        if row["image"]:
            _attach(
                article,
                "lead_image",
                f"{row['slug']}.jpg",
                lambda: artwork.scene(row["slug"], row["image"]["label"]),
            )
        article.authors.set(present(authors, row["authors"]))
        article.people.set(present(people, row["people"]))
        article.organisations.set(present(organisations, row["organisations"]))
        article.projects.set(present(projects, row["projects"]))
        article.tags.set(tag_names(row["tags"]))
        article.refresh_mention_links()
        for order, (publisher, as_of) in enumerate(row["sources"]):
            Source.objects.create(article=article, publisher=publisher, as_of=as_of, order=order)
        for made_at, text in row.get("corrections", []):
            Correction.objects.create(article=article, text=text, made_at=parse_datetime(made_at))
            article.refresh_corrected_at()
        return article

    def milestone(self, row, projects, people, articles):
        project = projects[row["project"]]
        if project is None:
            return
        self.once(
            Milestone,
            f"{row['project']}:{row['title']}",
            {"project": project, "title": row["title"]},
            lambda: Milestone.objects.create(
                project=project,
                title=row["title"],
                kind=row["kind"],
                planned_for=row.get("planned_for"),
                happened_on=row.get("happened_on"),
                status=row["status"],
                claimed_by=people.get(row.get("claimed_by")),
                source=articles.get(row.get("source")),
                note=row.get("note", ""),
            ),
        )


def present(rows, slugs):
    """The demo's rows for `slugs`, leaving out those editors deleted."""
    return [rows[slug] for slug in slugs if rows[slug] is not None]
