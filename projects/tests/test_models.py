from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from projects.models import Milestone, Project, TaggedProject

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def reload(*projects):
    return [Project.objects.get(pk=project.pk) for project in projects]


def test_cyrillic_title_gets_a_latin_slug():
    assert Project.objects.create(title="Вызов").slug == "vyzov"


def test_setting_a_rival_sets_it_both_ways():
    challenge = Project.objects.create(title="Challenge")
    cruise = Project.objects.create(title="Cruise film")
    challenge.rival = cruise
    challenge.save()
    challenge, cruise = reload(challenge, cruise)
    assert challenge.rival == cruise
    assert cruise.rival == challenge


def test_clearing_a_rival_clears_both():
    challenge = Project.objects.create(title="Challenge")
    cruise = Project.objects.create(title="Cruise film", rival=challenge)
    cruise.rival = None
    cruise.save()
    challenge, cruise = reload(challenge, cruise)
    assert challenge.rival is None
    assert cruise.rival is None


def test_changing_rival_releases_the_old_pair():
    a = Project.objects.create(title="A")
    b = Project.objects.create(title="B", rival=a)
    c = Project.objects.create(title="C")
    d = Project.objects.create(title="D", rival=c)
    a.rival = c
    a.save()
    a, b, c, d = reload(a, b, c, d)
    assert (a.rival, c.rival) == (c, a)
    assert b.rival is None
    assert d.rival is None


def test_a_project_cannot_be_its_own_rival():
    project = Project.objects.create(title="Solo")
    project.rival = project
    with pytest.raises(ValidationError, match="A production cannot be its own rival."):
        project.full_clean()
    with pytest.raises(IntegrityError):
        project.save()


def test_the_database_refuses_a_self_rival_too():
    project = Project.objects.create(title="Solo")
    with pytest.raises(IntegrityError):
        Project.objects.filter(pk=project.pk).update(rival=project)


def test_tags_go_through_the_project_table():
    project = Project.objects.create(title="Challenge")
    project.tags.add("iss")
    assert TaggedProject.objects.filter(content_object=project).count() == 1


def test_milestones_in_timeline_order_go_by_the_date_they_happened_or_were_planned_for():
    project = Project.objects.create(title="Cruise film")
    launch = Milestone.objects.create(
        project=project,
        title="Launch",
        kind="launch",
        planned_for=date(2021, 10, 1),
        happened_on=date(2021, 10, 9),
        status="happened",
    )
    announced = Milestone.objects.create(
        project=project,
        title="Announced",
        kind="announcement",
        happened_on=date(2020, 5, 5),
        status="happened",
    )
    assert list(project.milestones.in_timeline_order()) == [announced, launch]


def test_milestone_needs_a_date_and_happened_needs_the_real_date():
    project = Project.objects.create(title="P")
    with pytest.raises(ValidationError):
        Milestone(project=project, title="No date", kind="launch").full_clean()
    with pytest.raises(ValidationError) as error:
        Milestone(
            project=project,
            title="Launch",
            kind="launch",
            planned_for=date(2021, 1, 1),
            status="happened",
        ).full_clean()
    assert "happened_on" in error.value.message_dict


def test_the_race_is_the_oldest_pair_of_rivals():
    ProjectFactory(title="Loner")
    first, second = ProjectFactory(), ProjectFactory()
    first.rival = second
    first.save()
    later, its_rival = ProjectFactory(), ProjectFactory()
    later.rival = its_rival
    later.save()

    assert list(Project.objects.race()) == [first, second]


def test_no_race_without_rivals():
    Project.objects.create(title="Loner")

    assert not Project.objects.race().exists()
