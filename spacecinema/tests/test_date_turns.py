"""Pages that show what the date decides (a promise missed once its day has passed, "next
planned", where today falls on a timeline) are cached until midnight and no longer: the first
request of a new day records the TODAY key as changed, and only pages that recorded it are
made again."""

import datetime

import pytest
import time_machine

from people.tests.factories import OrganisationFactory, PersonFactory
from projects.models import Milestone
from projects.tests.factories import MilestoneFactory, ProjectFactory
from spacecinema import cache as page_cache

from .wsgi_client import call, requests_reaching_django

pytestmark = pytest.mark.django_db(transaction=True)
LAST_MINUTE = datetime.datetime(2025, 6, 1, 23, 59, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.worker = page_cache.Worker()


def test_a_missed_promise_reaches_cached_pages_at_midnight_and_nothing_else_is_made_again():
    first, second = ProjectFactory(), ProjectFactory()
    first.rival = second
    first.save()
    announcer = PersonFactory()
    MilestoneFactory(
        project=first,
        claimed_by=announcer,
        planned_for=datetime.date(2025, 6, 1),
        happened_on=None,
        status=Milestone.Status.PLANNED,
    )
    turning = [first.get_absolute_url(), "/race/", announcer.get_absolute_url()]
    unrelated = OrganisationFactory().get_absolute_url()

    with time_machine.travel(LAST_MINUTE, tick=False):
        for path in [*turning, unrelated]:
            assert "issed: has not happened" not in call(path)["body"]
        with requests_reaching_django() as made_again:
            for path in [*turning, unrelated]:
                call(path)
        assert made_again == [], "the pages were stored on the day"

    next_day = LAST_MINUTE + datetime.timedelta(minutes=1)
    with time_machine.travel(next_day, tick=False), requests_reaching_django() as made_again:
        answers = [call(path)["body"] for path in turning]
        call(unrelated)
        for path in [*turning, unrelated]:
            call(path)

    assert all("issed: has not happened" in body for body in answers)
    # The first request of the day goes to Django to record the date's change.
    assert made_again == turning
