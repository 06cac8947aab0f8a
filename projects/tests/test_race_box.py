import datetime

import pytest
import time_machine

from projects.models import Milestone, Project

pytestmark = pytest.mark.django_db


def milestone(project, title, status, planned=None, happened=None):
    return Milestone.objects.create(
        project=project,
        title=title,
        kind=Milestone.Kind.LAUNCH,
        status=status,
        planned_for=planned,
        happened_on=happened,
    )


def test_race_box_reads_the_first_rival_pair_only():
    first = Project.objects.create(title="First")
    Project.objects.create(title="Second", rival=first)
    Project.objects.create(title="Alone")
    later = Project.objects.create(title="Later")
    Project.objects.create(title="Later rival", rival=later)

    assert [project.title for project in Project.objects.for_race_box()] == ["First", "Second"]


def test_race_box_brings_the_last_happened_and_next_planned_milestone(
    django_assert_num_queries,
):
    first = Project.objects.create(title="First")
    Project.objects.create(title="Second", rival=first)
    day = datetime.date(2021, 1, 1)
    milestone(first, "Old news", Milestone.Status.HAPPENED, happened=day)
    milestone(first, "Latest news", Milestone.Status.HAPPENED, happened=day.replace(month=6))
    milestone(first, "Far plan", Milestone.Status.PLANNED, planned=day.replace(year=2030))
    milestone(first, "Slipped plan", Milestone.Status.SLIPPED, planned=day.replace(month=9))
    milestone(first, "Dropped", Milestone.Status.CANCELLED, planned=day.replace(month=2))

    with django_assert_num_queries(1):
        first_box, second_box = Project.objects.for_race_box()
        assert [m.title for m in first_box.last_happened] == ["Latest news"]
        assert [m.title for m in first_box.next_planned] == ["Far plan"]
        assert second_box.last_happened == [] and second_box.next_planned == []


def test_no_rivals_no_race_box():
    Project.objects.create(title="Alone")
    assert list(Project.objects.for_race_box()) == []


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_next_planned_is_never_a_slipped_or_passed_date():
    first = Project.objects.create(title="First")
    Project.objects.create(title="Second", rival=first)
    milestone(first, "Slipped", Milestone.Status.SLIPPED, planned=datetime.date(2025, 7, 1))
    milestone(first, "Date passed", Milestone.Status.PLANNED, planned=datetime.date(2025, 5, 31))
    assert Project.objects.for_race_box()[0].next_planned == []

    milestone(first, "Undated", Milestone.Status.PLANNED)
    milestone(first, "Today", Milestone.Status.PLANNED, planned=datetime.date(2025, 6, 1))
    assert [m.title for m in Project.objects.for_race_box()[0].next_planned] == ["Today"]
