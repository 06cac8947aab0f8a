from django.urls import reverse
from django.views.generic import ListView
from django.views.generic.detail import SingleObjectMixin

from newsroom.breadcrumbs import BreadcrumbsMixin, Crumb
from newsroom.pagination import ArticlePaginator
from newsroom.redirects import FollowsFormerSlugsMixin

from . import schema
from .models import Organisation, Person


class CoverageDetailView(FollowsFormerSlugsMixin, BreadcrumbsMixin, SingleObjectMixin, ListView):
    """A subject's page: the subject, then the published articles about it, a page at a time.

    The subject is the view's `object`; the list (`object_list`, `page_obj`) is its coverage,
    so the page stays the same size however much has been written.
    """

    paginate_by = 20
    paginator_class = ArticlePaginator
    section = ("", "")  # the name and URL name of the index the subject belongs to

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=self.get_subject_queryset())
        return super().get(request, *args, **kwargs)

    def get_subject_queryset(self):
        raise NotImplementedError

    def get_renamed_queryset(self):
        return self.get_subject_queryset().model.objects.all()

    def get_queryset(self):
        # Through the relation articles declare on their subjects, whose manager is Article's
        # own: people need not import articles, and what readers may see is ruled in one place.
        return self.object.articles.published().for_list()

    def get_breadcrumbs(self):
        name, url_name = self.section
        return [
            Crumb(name, reverse(url_name)),
            Crumb(str(self.object), self.object.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coverage"] = context["page_obj"]
        return context


class PersonListView(BreadcrumbsMixin, ListView):
    paginate_by = 50

    def get_breadcrumbs(self):
        return [Crumb("People", reverse("people:list"))]

    def get_queryset(self):
        return Person.objects.for_list()


class PersonDetailView(CoverageDetailView):
    template_name = "people/person_detail.html"
    section = ("People", "people:list")

    def get_subject_queryset(self):
        return Person.objects.for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=schema.person(self.object),
            **kwargs,
        )


class OrganisationListView(BreadcrumbsMixin, ListView):
    paginate_by = 50

    def get_breadcrumbs(self):
        return [Crumb("Organisations", reverse("people:organisation-list"))]

    def get_queryset(self):
        return Organisation.objects.for_list()


class OrganisationDetailView(CoverageDetailView):
    template_name = "people/organisation_detail.html"
    section = ("Organisations", "people:organisation-list")

    def get_subject_queryset(self):
        return Organisation.objects.for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=schema.organisation(self.object),
            **kwargs,
        )
