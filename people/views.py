import functools

from django.db import models, router
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.views.generic import ListView
from django.views.generic.detail import SingleObjectMixin

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.dependencies import TODAY, articles_key, depends_on, row_key
from newsroom.images import StoredImage, share_image_url
from newsroom.models import spellings
from newsroom.prepared import PreparedQuery
from newsroom.redirects import FollowsFormerSlugsMixin
from newsroom.rendering import url, url_pattern

from . import schema
from .models import Organisation, Person, far_side


def instance(model, row):
    """The `model` instance of a values() row of its fields' own names, the others deferred:
    what only() reads, from a row a prepared query read."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in row]
    return model.from_db(router.db_for_read(model), names, [row[name] for name in names])


class Subject:
    """A person, organisation or production as its page shows it, from the row its page read:
    the row's fields as attributes, its picture as a StoredImage in its image field's place, the
    picture it shares (`share_image`) and every name it goes by (`names`), as the model's own
    properties would give them, without building the model instance."""

    def __init__(self, model, row):
        self.__dict__.update(row)
        self.pk = row["id"]
        self.name_of = str(row[model.name_fields[0]])
        field = model.rendition_fields[0]
        image = StoredImage.of_row(row, field)
        setattr(self, field, image)
        self.share_image = share_image_url(image)
        self.names = spellings([row[name] for name in model.name_fields], row["aliases"])

    def __str__(self):
        return self.name_of


TAG_FIELDS = ("tag_pk", "tag_name", "tag_slug")


def with_tags(subjects):
    """`subjects` (values() rows) each with its tags, by name whatever its case ("ISS" after
    "casting"): a row for each tag (TAG_FIELDS), or one with None in them for a subject
    without tags."""
    return subjects.annotate(
        tag_pk=F("tags__pk"), tag_name=F("tags__name"), tag_slug=F("tags__slug")
    ).order_by(Lower("tags__name"), "tags__pk")


class DirectoryView(BreadcrumbsMixin, ListView):
    """An index of subjects, fifty to a page, read as rows whose URLs are made once.

    `get_queryset()` gives values() rows; `rows(page_rows)` completes them and returns
    them with the dependency keys of everything they show.
    """

    paginate_by = 50
    directory = ""  # the dependency key of the whole list: "people", "projects"...
    title = ""

    def get_breadcrumbs(self):
        return [Crumb(self.title, url(self.request.resolver_match.view_name))]

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list, keys = self.rows(list(rows))
        depends_on(self.request, self.directory, *keys)
        return paginator, page, page.object_list, is_paginated

    def rows(self, page_rows):
        raise NotImplementedError


class CoverageDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, SingleObjectMixin, ListView):
    """A subject's page: the subject, then the published articles about it, a page at a time.

    The subject is the view's `object`; the list (`page_obj`) is its coverage as cards, so the
    page stays the same size however much has been written.
    """

    paginate_by = 20
    section = ("", "")  # the name and URL name of the index the subject belongs to
    kind = ""  # the subject's name in dependency keys: "person", "organisation", "project"
    model = None
    # The subject's rows by its slug, one for each of its tags (a PreparedQuery of its model's
    # for_page(), through with_tags()).
    subject = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_subject(kwargs["slug"])
        depends_on(request, row_key(self.kind, self.object.pk), self.coverage_key)
        return super().get(request, *args, **kwargs)

    def get_subject(self, slug):
        rows = self.subject(slug=slug)
        if not rows:
            raise Http404(f"No {self.model._meta.verbose_name} found matching the query")
        tag_url = url_pattern("tags:detail")
        self.tags = [
            {"pk": row["tag_pk"], "name": row["tag_name"], "url": tag_url(row["tag_slug"])}
            for row in rows
            if row["tag_pk"] is not None
        ]
        subject = {name: value for name, value in rows[0].items() if name not in TAG_FIELDS}
        return self.subject_from_row(subject)

    def subject_from_row(self, row):
        return Subject(self.model, row)

    def get_renamed_queryset(self):
        return self.model.objects.all()

    @functools.cached_property
    def subject_url(self):
        """The subject's page: this page's own address, without a reverse() per request."""
        return url_pattern(self.request.resolver_match.view_name)(self.object.slug)

    @property
    def coverage_key(self):
        return articles_key(self.kind, self.object.pk)

    def get_queryset(self):
        # Through the relation articles declare on their subjects, whose manager is Article's
        # own: people need not import articles, and what readers may see is ruled in one place.
        # The list's count is kept at write time, and a page of it is one prepared query.
        return far_side(self.model, "articles").objects.published_list(self.coverage_key)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, cards, is_paginated = super().paginate_queryset(queryset, page_size)
        depends_on(self.request, *(key for card in cards for key in card.keys))
        return paginator, page, page.object_list, is_paginated

    def get_breadcrumbs(self):
        name, url_name = self.section
        return [Crumb(name, url(url_name)), Crumb(str(self.object), self.subject_url)]

    def get_context_data(self, **kwargs):
        depends_on(self.request, *(row_key("tag", tag["pk"]) for tag in self.tags))
        return super().get_context_data(feed_title=str(self.object), tags=self.tags, **kwargs)


class PersonListView(DirectoryView):
    template_name = "people/person_list.html"
    directory = "people"
    title = "People"

    def get_queryset(self):
        return Person.objects.for_index()

    def rows(self, people):
        Credit = far_side(Person, "credits")
        person_url, project_url = url_pattern("people:detail"), url_pattern("projects:detail")
        by_pk = {}
        for person in people:
            person.update(
                url=person_url(person["slug"]),
                image=StoredImage.of_row(person, "photo"),
                summary=capfirst(person["description"]),
                credits=[],
            )
            by_pk[person["pk"]] = person
        credits = Credit.objects.filter(person__in=list(by_pk)).values_list(
            "person_id", "role", "project_id", "project__title", "project__slug"
        )
        keys = [row_key("person", pk) for pk in by_pk]
        for person_id, role, project_id, title, slug in credits:
            by_pk[person_id]["credits"].append(
                {"role": Credit.Role(role).label, "title": title, "url": project_url(slug)}
            )
            keys.append(row_key("project", project_id))
        return people, keys


@functools.cache
def labels(model, relation, choices):
    """{value: label} of the `choices` (an enumeration's name, "Role") of the model at the far
    side of `relation`, in their order: read once per process."""
    return dict(getattr(far_side(model, relation), choices).choices)


def _credits_of_person(person):
    Credit = far_side(Person, "credits")
    return Credit.objects.filter(person=person).values(
        "role", "character", "project_id", "project__title", "project__slug"
    )


def _milestones_claimed_by(person):
    return far_side(Person, "claimed_milestones").objects.filter(claimed_by=person).for_rows()


class PersonDetailView(CoverageDetailView):
    template_name = "people/person_detail.html"
    section = ("People", "people:list")
    kind = "person"
    model = Person
    subject = PreparedQuery(
        lambda slug: with_tags(Person.objects.for_page().filter(slug=slug)), slug=models.SlugField()
    )
    credits = PreparedQuery(_credits_of_person, person=models.BigIntegerField())
    milestones = PreparedQuery(_milestones_claimed_by, person=models.BigIntegerField())

    def get_context_data(self, **kwargs):
        person = self.object
        Milestone = far_side(Person, "claimed_milestones")
        project_url = url_pattern("projects:detail")
        roles = labels(Person, "credits", "Role")
        credits, keys = [], []
        for row in self.credits(person=person.pk):
            credits.append(
                {
                    "role": roles[row["role"]].lower(),
                    "character": row["character"],
                    "title": row["project__title"],
                    "url": project_url(row["project__slug"]),
                }
            )
            keys.append(row_key("project", row["project_id"]))
        # Whether a promised date has been missed turns with the date.
        milestones = Milestone.objects.rows_from(
            self.milestones(person=person.pk), timezone.localdate()
        )
        keys += [row_key("project", row.project_id) for row in milestones]
        depends_on(self.request, *keys, TODAY)
        return super().get_context_data(
            person=person,
            summary=capfirst(person.description),
            credits=credits,
            milestones=milestones,
            structured_data=schema.person(person, self.subject_url),
            **kwargs,
        )


class OrganisationListView(DirectoryView):
    template_name = "people/organisation_list.html"
    directory = "organisations"
    title = "Organisations"

    def get_queryset(self):
        return Organisation.objects.for_index()

    def rows(self, organisations):
        backing = far_side(Organisation, "backed_projects").backers.through
        organisation_url = url_pattern("people:organisation-detail")
        project_url = url_pattern("projects:detail")
        kinds = dict(Organisation.Kind.choices)
        by_pk = {}
        for organisation in organisations:
            organisation.update(
                url=organisation_url(organisation["slug"]),
                image=StoredImage.of_row(organisation, "logo"),
                kind_label=kinds[organisation["kind"]],
                backs=[],
            )
            by_pk[organisation["pk"]] = organisation
        backed = (
            backing.objects.filter(organisation_id__in=list(by_pk))
            # By an expression of the title, not the column: offered the title's index, SQLite
            # would walk every production in title order and look each up for fifty backers.
            .order_by(Coalesce("project__title", Value("")), "project_id")
            .values_list("organisation_id", "project_id", "project__title", "project__slug")
        )
        keys = [row_key("organisation", pk) for pk in by_pk]
        for organisation_id, project_id, title, slug in backed:
            by_pk[organisation_id]["backs"].append({"title": title, "url": project_url(slug)})
            keys.append(row_key("project", project_id))
        return organisations, keys


def _projects_backed_by(organisation):
    """The productions `organisation` backs by title, each with its credits in their order: a
    row for each credit (credits__ fields), or one without when it has none."""
    Project = far_side(Organisation, "backed_projects")
    return (
        Project.objects.filter(backers=organisation)
        .order_by("title", "pk", "credits__order", "credits__pk")
        .values(
            "pk",
            "title",
            "slug",
            "status",
            "logline",
            "credits__person_id",
            "credits__person__name",
            "credits__person__slug",
            "credits__role",
        )
    )


class OrganisationDetailView(CoverageDetailView):
    template_name = "people/organisation_detail.html"
    section = ("Organisations", "people:organisation-list")
    kind = "organisation"
    model = Organisation
    subject = PreparedQuery(
        lambda slug: with_tags(Organisation.objects.for_page().filter(slug=slug)),
        slug=models.SlugField(),
    )
    backed_projects = PreparedQuery(_projects_backed_by, organisation=models.BigIntegerField())

    def get_context_data(self, **kwargs):
        organisation = self.object
        Project = far_side(Organisation, "backed_projects")
        project_url, person_url = url_pattern("projects:detail"), url_pattern("people:detail")
        statuses = labels(Organisation, "backed_projects", "Status")
        roles = labels(Project, "credits", "Role")
        backed, by_pk, keys = [], {}, []
        for row in self.backed_projects(organisation=organisation.pk):
            if row["pk"] not in by_pk:
                by_pk[row["pk"]] = {
                    "title": row["title"],
                    "url": project_url(row["slug"]),
                    "status": statuses[row["status"]],
                    "logline": row["logline"],
                    "credits": [],
                }
                backed.append(by_pk[row["pk"]])
                keys.append(row_key("project", row["pk"]))
            if row["credits__person_id"] is not None:
                by_pk[row["pk"]]["credits"].append(
                    {
                        "name": row["credits__person__name"],
                        "url": person_url(row["credits__person__slug"]),
                        "role": roles[row["credits__role"]].lower(),
                    }
                )
                keys.append(row_key("person", row["credits__person_id"]))
        depends_on(self.request, *keys)
        return super().get_context_data(
            organisation=organisation,
            kind_label=Organisation.Kind(organisation.kind).label,
            backed=backed,
            structured_data=schema.organisation(organisation, self.subject_url),
            **kwargs,
        )
