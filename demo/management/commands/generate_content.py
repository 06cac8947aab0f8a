import random
import uuid
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.html import escape
from faker import Faker
from taggit.models import Tag
from tqdm import tqdm

from articles import tallies
from articles.models import Article, Author, Source, TaggedArticle
from demo.content import tag_names
from newsroom.changes import everything_changed
from newsroom.slugs import latin_slug
from people.models import Organisation, Person, TaggedPerson
from projects.models import Credit, Milestone, Project

# The newsroom's topics: tags readers follow and search for, as on the demo's articles.
# fmt: off
TOPICS = [
    "iss", "roscosmos", "nasa", "spacex", "casting", "training", "launch", "landing", "soyuz",
    "premiere", "delay", "funding", "visual-effects", "documentary", "streaming", "box-office",
    "crew-dragon", "spacewalk", "cosmonauts", "astronauts", "zero-gravity", "festival",
    "distribution", "script", "director", "actors", "space-tourism", "esa", "jaxa", "isro",
]
# fmt: on
# Each country's names and companies come from Faker's locale for it.
LOCALES = {"Russia": "ru_RU", "United States": "en_US", "France": "fr_FR", "Japan": "ja_JP"}
COUNTRIES = list(LOCALES)
DESCRIPTIONS = ["actor", "director", "cosmonaut", "producer"]
# Faker is asked once for pools of this size, and rows are drawn from them: 100,000 articles
# stay bulk inserts instead of 100,000 rounds of Faker.
POOL = 2000
ORGANISATION_KINDS = [kind for kind, _ in Organisation.Kind.choices]
PROJECT_STATUSES = [status for status, _ in Project.Status.choices]
ROLES = [role for role, _ in Credit.Role.choices]
BASE_DATE = datetime(2026, 1, 1, tzinfo=UTC)
BATCH = 2000


class Command(BaseCommand):
    help = (
        "Generate bulk content for benchmarks: articles with authors, tags, subjects and "
        "sources, with names and text from Faker. Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same content.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, articles, seed, no_progress, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        marker = f"g{seed}"
        if Author.objects.filter(slug__startswith=f"{marker}-").exists():
            raise CommandError(
                f"Content for seed {seed} is already in the database; use another --seed."
            )
        self.rng = random.Random(seed)
        self.make_pools(seed)
        self.marker = marker
        self.progress = not no_progress
        with transaction.atomic():
            tags = self.make_tags()
            authors = self.make_authors(max(10, articles // 2500))
            organisations = self.make_organisations(max(10, articles // 500))
            people = self.make_people(max(30, articles // 50), tags)
            projects = self.make_projects(max(6, articles // 300), people, organisations)
            self.make_articles(articles, tags, authors, people, organisations, projects)
            # The rows went in without signals: the write-time values catch up once, and no
            # page cached before them may be served.
            tallies.rebuild()
            everything_changed()
        # Fresh statistics let the planner pick the partial and covering indexes for this size.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Generated {articles} articles (seed {seed})."))

    def make_pools(self, seed):
        """Names, companies, titles and sentences from Faker, the same ones for the same seed."""
        fake = Faker(list(LOCALES.values()))
        fake.seed_instance(seed)
        english = fake["en_US"]
        self.names = {
            country: [fake[locale].name() for _ in range(POOL // 10)]
            for country, locale in LOCALES.items()
        }
        self.companies = {
            country: [fake[locale].company() for _ in range(POOL // 10)]
            for country, locale in LOCALES.items()
        }
        self.titles = [" ".join(english.words(2)).title() for _ in range(POOL // 10)]
        self.publishers = [english.company() for _ in range(20)]
        self.headlines = [english.sentence(nb_words=7).rstrip(".") for _ in range(POOL)]
        self.sentences = [english.sentence(nb_words=14) for _ in range(POOL)]

    def name(self, country="United States"):
        return self.rng.choice(self.names[country])

    def make_tags(self):
        # By slug: the demo's tags are named as written ("ISS" is the topic "iss").
        existing = set(Tag.objects.filter(slug__in=TOPICS).values_list("slug", flat=True))
        names = dict(zip(TOPICS, tag_names(TOPICS), strict=True))
        missing = [Tag(name=names[topic], slug=topic) for topic in TOPICS if topic not in existing]
        Tag.objects.bulk_create(missing)
        return list(Tag.objects.filter(slug__in=TOPICS).order_by("slug"))

    def make_authors(self, count):
        authors = [Author(name=self.name(), slug=f"{self.marker}-author-{i}") for i in range(count)]
        return Author.objects.bulk_create(authors)

    def make_organisations(self, count):
        organisations = []
        for i in range(count):
            country = self.rng.choice(COUNTRIES)
            name = self.rng.choice(self.companies[country])
            organisations.append(
                Organisation(
                    name=name,
                    slug=f"{self.marker}-org-{i}",
                    kind=self.rng.choice(ORGANISATION_KINDS),
                    country=country,
                    description=f"{name} works on films and flights to orbit.",
                    description_html=(
                        f"<p>{escape(name)} works on films and flights to orbit.</p>\n"
                    ),
                )
            )
        return Organisation.objects.bulk_create(organisations, batch_size=BATCH)

    def make_people(self, count, tags):
        people = []
        for i in range(count):
            country = self.rng.choice(COUNTRIES)
            name = self.name(country)
            people.append(
                Person(
                    name=name,
                    slug=f"{self.marker}-person-{i}",
                    description=self.rng.choice(DESCRIPTIONS),
                    country=country,
                    bio=f"{name} works in film and spaceflight.",
                    bio_html=f"<p>{escape(name)} works in film and spaceflight.</p>\n",
                )
            )
        people = Person.objects.bulk_create(people, batch_size=BATCH)
        TaggedPerson.objects.bulk_create(
            [TaggedPerson(content_object=person, tag=self.rng.choice(tags)) for person in people],
            batch_size=BATCH,
        )
        return people

    def make_projects(self, count, people, organisations):
        projects = []
        for i in range(count):
            title = self.rng.choice(self.titles)
            projects.append(
                Project(
                    title=title,
                    slug=f"{self.marker}-project-{i}",
                    status=self.rng.choice(PROJECT_STATUSES),
                    country=self.rng.choice(COUNTRIES),
                    logline=f"A crew races to shoot {title} in orbit.",
                )
            )
        projects = Project.objects.bulk_create(projects, batch_size=BATCH)
        Backer = Project.backers.through
        Backer.objects.bulk_create(
            [
                Backer(project=project, organisation=organisation)
                for project in projects
                for organisation in self.rng.sample(organisations, 2)
            ],
            batch_size=BATCH,
        )
        credits, milestones = [], []
        for project in projects:
            for order, person in enumerate(self.rng.sample(people, 5)):
                credits.append(
                    Credit(project=project, person=person, role=self.rng.choice(ROLES), order=order)
                )
            planned = BASE_DATE.date() - timedelta(days=self.rng.randrange(0, 2000))
            slip = self.rng.choice([0, 0, 3, 30, None])
            milestones.append(
                Milestone(
                    project=project,
                    title="Launch to orbit",
                    kind=Milestone.Kind.LAUNCH,
                    planned_for=planned,
                    happened_on=planned + timedelta(days=slip) if slip is not None else None,
                    status=Milestone.Status.HAPPENED
                    if slip is not None
                    else Milestone.Status.SLIPPED,
                    claimed_by=self.rng.choice(people),
                )
            )
        Credit.objects.bulk_create(credits, batch_size=BATCH)
        Milestone.objects.bulk_create(milestones, batch_size=BATCH)
        return projects

    def make_articles(self, count, tags, authors, people, organisations, projects):
        ArticleAuthor = Article.authors.through
        ArticlePerson = Article.people.through
        ArticleOrganisation = Article.organisations.through
        ArticleProject = Article.projects.through
        bar = tqdm(total=count, unit="article", disable=not self.progress)
        for start in range(0, count, BATCH):
            batch = [self.article(start + i) for i in range(min(BATCH, count - start))]
            batch = Article.objects.bulk_create(batch)
            links = {"authors": [], "people": [], "organisations": [], "projects": []}
            tagged, sources = [], []
            for article in batch:
                rng = self.rng
                for author in rng.sample(authors, rng.choice([1, 1, 1, 2])):
                    links["authors"].append(ArticleAuthor(article=article, author=author))
                for person in rng.sample(people, rng.randrange(1, 4)):
                    links["people"].append(ArticlePerson(article=article, person=person))
                links["organisations"].append(
                    ArticleOrganisation(article=article, organisation=rng.choice(organisations))
                )
                links["projects"].append(
                    ArticleProject(article=article, project=rng.choice(projects))
                )
                for tag in rng.sample(tags, rng.randrange(2, 5)):
                    tagged.append(TaggedArticle(content_object=article, tag=tag))
                sources.append(
                    Source(
                        article=article,
                        publisher=rng.choice(self.publishers),
                        title=article.headline,
                    )
                )
            ArticleAuthor.objects.bulk_create(links["authors"])
            ArticlePerson.objects.bulk_create(links["people"])
            ArticleOrganisation.objects.bulk_create(links["organisations"])
            ArticleProject.objects.bulk_create(links["projects"])
            TaggedArticle.objects.bulk_create(tagged)
            Source.objects.bulk_create(sources)
            bar.update(len(batch))
        bar.close()

    def article(self, number):
        rng = self.rng
        headline = rng.choice(self.headlines)
        paragraphs = [
            " ".join(rng.sample(self.sentences, rng.randrange(2, 4)))
            for _ in range(rng.randrange(3, 7))
        ]
        body = "\n\n".join(paragraphs)
        published = rng.random() > 0.03
        return Article(
            headline=headline,
            slug=f"{latin_slug(headline, 180)}-{self.marker}-{number}",
            guid=uuid.UUID(int=rng.getrandbits(128), version=4),
            standfirst=f"{headline}: what it means for the race to film in orbit.",
            body=body,
            # The generated Markdown is plain sentences, whose rendering is exactly one <p>
            # per paragraph; writing it directly keeps 100,000 articles within the time budget.
            body_html="".join(f"<p>{escape(paragraph)}</p>\n" for paragraph in paragraphs),
            status=Article.Status.PUBLISHED if published else Article.Status.DRAFT,
            published_at=BASE_DATE - timedelta(minutes=rng.randrange(0, 6 * 365 * 24 * 60)),
        )
