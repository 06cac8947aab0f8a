"""The "Follow by email" form works on a subject's page as the page cache serves it: the stored
page is the same for every reader and carries nothing of theirs, and the follow page it leads to
is never stored."""

import re

import pytest
from django.test import Client

from alerts.models import Subscriber
from articles.tests.factories import ArticleFactory
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_cached_subject_page_leads_a_new_reader_to_a_working_follow_form(
    settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    person = PersonFactory(name="Anton Shkaplerov", slug="anton-shkaplerov")
    ArticleFactory(people=[person])
    first = Client().get(person.get_absolute_url())
    assert "csrftoken" not in first.cookies

    reader = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        served = reader.get(person.get_absolute_url())
    assert served.content == first.content
    action = re.search(
        r'<form class="follow-by-email" method="get" action="([^"]+)"', served.text
    ).group(1)

    page = reader.get(action)
    assert page.status_code == 200
    assert "private" in page["Cache-Control"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    # The follow page is made afresh for each reader: nobody is handed another's token.
    assert token not in Client().get(action).text
    followed = reader.post(action, {"address": "anton@example.org", "csrfmiddlewaretoken": token})
    assert followed.status_code == 302
    assert Subscriber.objects.get().address == "anton@example.org"
