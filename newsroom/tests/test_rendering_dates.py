"""Dates as pages write them (newsroom/rendering.py): what Django's own formatting writes, in
the site's time zone."""

import datetime

from django.test import override_settings
from django.utils import dateformat, timezone
from hypothesis import given
from hypothesis import strategies as st

from newsroom.rendering import day, iso, iso_and_day, short_day

# Offsets of whole hours, half and quarter hours, summer time, and (before 1972) Monrovia's
# offset of minutes and seconds.
ZONES = [
    "UTC",
    "Europe/London",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Africa/Monrovia",
]

moments = st.datetimes(
    min_value=datetime.datetime(1900, 1, 2),
    max_value=datetime.datetime(2100, 12, 30),
    timezones=st.just(datetime.UTC),
)


@given(moment=moments, zone=st.sampled_from(ZONES))
def test_dates_are_written_as_django_writes_them_in_the_site_s_time_zone(moment, zone):
    with override_settings(TIME_ZONE=zone):
        local = timezone.localtime(moment)
        assert iso(moment) == local.isoformat(timespec="seconds")
        assert day(moment) == dateformat.format(local, "j F Y")
        assert short_day(moment) == dateformat.format(local, "j M Y")
        assert iso_and_day(moment) == (iso(moment), day(moment))
        on = local.date()
        assert (iso(on), day(on), short_day(on)) == (
            on.isoformat(),
            dateformat.format(on, "j F Y"),
            dateformat.format(on, "j M Y"),
        )
        assert iso_and_day(on) == (iso(on), day(on))
    assert iso(None) == day(None) == short_day(None) == ""
    assert iso_and_day(None) == ("", "")


def test_a_time_zone_active_for_a_request_does_not_change_the_dates_pages_share():
    """Every reader gets the same page (and the page cache keeps one copy): its dates are the
    site's, whatever zone a request may have made current."""
    evening = datetime.datetime(2021, 5, 17, 20, 0, tzinfo=datetime.UTC)
    with override_settings(TIME_ZONE="Europe/London"), timezone.override("Asia/Tokyo"):
        assert iso(evening) == "2021-05-17T21:00:00+01:00"
        assert day(evening) == "17 May 2021"
        assert short_day(evening) == "17 May 2021"
