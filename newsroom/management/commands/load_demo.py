from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.dateparse import parse_datetime

from articles.models import Article, Author, Correction, Source
from newsroom.demo import artwork
from newsroom.demo.content import (
    ARTICLES,
    AUTHORS,
    MILESTONES,
    ORGANISATIONS,
    PEOPLE,
    PROJECTS,
    RIVALS,
)
from people.models import Organisation, Person
from projects.models import Credit, Milestone, Project


def _initials(name):
    return "".join(part[0] for part in name.split()[:2]).upper()


def _attach(instance, field_name, filename, draw):
    """Give the instance its demo picture, reusing the file if an earlier run stored it."""
    fieldfile = getattr(instance, field_name)
    if fieldfile:
        return
    name = fieldfile.field.generate_filename(instance, filename)
    if fieldfile.storage.exists(name):
        setattr(instance, field_name, name)
        instance.save()
    else:
        fieldfile.save(filename, ContentFile(draw(), name=filename), save=True)


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent: running it again changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        authors = {row["slug"]: self.author(row) for row in AUTHORS}
        organisations = {row["slug"]: self.organisation(row) for row in ORGANISATIONS}
        people = {row["slug"]: self.person(row) for row in PEOPLE}
        projects = {row["slug"]: self.project(row, organisations, people) for row in PROJECTS}
        first, second = (projects[slug] for slug in RIVALS)
        if first.rival_id != second.pk:
            first.rival = second
            first.save()
        articles = {
            row["slug"]: self.article(row, authors, people, organisations, projects)
            for row in ARTICLES
        }
        for row in MILESTONES:
            self.milestone(row, projects, people, articles)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {len(articles)} articles, {len(people)} people, "
                f"{len(organisations)} organisations, {len(projects)} productions, "
                f"{len(MILESTONES)} milestones."
            )
        )

    def author(self, row):
        author, _ = Author.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "bio": row["bio"]}
        )
        return author

    def organisation(self, row):
        organisation, _ = Organisation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "native_name": row.get("native_name", ""),
                "aliases": row.get("aliases", ""),
                "kind": row["kind"],
                "country": row["country"],
                "description": row["description"],
                "logo_alt": f"{row['name']} monogram",
                "logo_credit": "Space Cinema graphics",
            },
        )
        _attach(
            organisation,
            "logo",
            f"{row['slug']}.jpg",
            lambda: artwork.logo(row["initials"], row["colour"]),
        )
        organisation.tags.set(row["tags"])
        return organisation

    def person(self, row):
        person, _ = Person.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "native_name": row.get("native_name", ""),
                "aliases": row.get("aliases", ""),
                "description": row["description"],
                "country": row["country"],
                "bio": row["bio"],
                "photo_alt": f"Illustrated portrait card for {row['name']}",
                "photo_credit": "Space Cinema graphics",
            },
        )
        _attach(
            person,
            "photo",
            f"{row['slug']}.jpg",
            lambda: artwork.portrait(row["slug"], _initials(row["name"]), row["colour"]),
        )
        person.tags.set(row["tags"])
        return person

    def project(self, row, organisations, people):
        project, _ = Project.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "native_title": row.get("native_title", ""),
                "aliases": row.get("aliases", ""),
                "status": row["status"],
                "country": row["country"],
                "logline": row["logline"],
                "synopsis": row["synopsis"],
                "poster_alt": f"Poster artwork for {row['title']}: a rocket climbing to orbit",
                "poster_credit": "Space Cinema graphics",
            },
        )
        _attach(
            project,
            "poster",
            f"{row['slug']}.jpg",
            lambda: artwork.poster(row["slug"], row["title"], row["country"], row["colour"]),
        )
        project.backers.set([organisations[slug] for slug in row["backers"]])
        project.tags.set(row["tags"])
        for person_slug, role, character, order in row["credits"]:
            Credit.objects.update_or_create(
                project=project,
                person=people[person_slug],
                role=role,
                defaults={"character": character, "order": order},
            )
        return project

    def article(self, row, authors, people, organisations, projects):
        published_at = parse_datetime(row["published_at"]) if row["published_at"] else None
        article, _ = Article.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "headline": row["headline"],
                "standfirst": row["standfirst"],
                "body": row["body"],
                "status": row.get("status", Article.Status.PUBLISHED),
                "published_at": published_at,
                "lead_image_credit": (row["image"] or {}).get("credit", ""),
                "lead_image_caption": (row["image"] or {}).get("caption", ""),
                "lead_image_alt": (
                    f"Illustration: {row['image']['label']}, over the curve of the Earth"
                    if row["image"]
                    else ""
                ),
            },
        )
        if row["image"]:
            _attach(
                article,
                "lead_image",
                f"{row['slug']}.jpg",
                lambda: artwork.scene(row["slug"], row["image"]["label"]),
            )
        article.authors.set([authors[slug] for slug in row["authors"]])
        article.people.set([people[slug] for slug in row["people"]])
        article.organisations.set([organisations[slug] for slug in row["organisations"]])
        article.projects.set([projects[slug] for slug in row["projects"]])
        article.tags.set(row["tags"])
        for order, (publisher, title, url) in enumerate(row["sources"]):
            Source.objects.update_or_create(
                article=article,
                publisher=publisher,
                defaults={"title": title, "url": url, "order": order},
            )
        for made_at, text in row.get("corrections", []):
            Correction.objects.get_or_create(
                article=article, text=text, defaults={"made_at": parse_datetime(made_at)}
            )
            article.refresh_corrected_at()
        return article

    def milestone(self, row, projects, people, articles):
        Milestone.objects.update_or_create(
            project=projects[row["project"]],
            title=row["title"],
            defaults={
                "kind": row["kind"],
                "planned_for": row.get("planned_for"),
                "happened_on": row.get("happened_on"),
                "status": row["status"],
                "claimed_by": people.get(row.get("claimed_by")),
                "source": articles.get(row.get("source")),
                "note": row.get("note", ""),
            },
        )
