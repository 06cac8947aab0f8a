from datetime import date

import pytest

from projects.timeline import (
    GUTTER,
    MARKER_GAP,
    MAX_ROWS,
    RIGHT_MARGIN,
    WIDTH,
    YEAR_LABEL_WIDTH,
    Event,
    Lane,
    draw,
    outcome,
)

TODAY = date(2026, 11, 25)
CHALLENGE = Lane(
    "Challenge",
    (
        Event("Launch on Soyuz MS-19", date(2021, 10, 5), date(2021, 10, 5)),
        Event("Landing on Soyuz MS-18", date(2021, 10, 17), date(2021, 10, 17)),
        Event("Premiere in Russia", happened=date(2023, 4, 20)),
    ),
)
CRUISE = Lane(
    "Tom Cruise space film",
    (
        Event("Film with NASA announced", happened=date(2020, 5, 5)),
        Event("Launch to the ISS", planned=date(2021, 10, 1)),
    ),
)


def markers_of(timeline, lane):
    return [marker for marker in timeline.markers if marker.lane == lane]


def test_one_lane_per_production_stacked_top_to_bottom():
    timeline = draw([CHALLENGE, CRUISE], TODAY)

    assert [lane.name for lane in timeline.lanes] == ["Challenge", "Tom Cruise space film"]
    first, second = timeline.lanes
    assert second.top == first.bottom
    assert timeline.height > second.bottom
    for marker in markers_of(timeline, 1):
        assert second.top < marker.y < second.bottom


def test_dates_scale_left_to_right_inside_the_plot():
    timeline = draw([CHALLENGE, CRUISE], TODAY)

    xs = [marker.x for marker in timeline.markers]
    assert all(GUTTER < x < WIDTH - RIGHT_MARGIN for x in xs)
    launch, landing, premiere = markers_of(timeline, 0)
    assert launch.x < landing.x < premiere.x
    assert [tick.label for tick in timeline.ticks][:3] == ["2021", "2022", "2023"]
    assert timeline.ticks[0].x < launch.x


def test_the_year_the_axis_starts_in_is_labelled_clear_of_the_next_year():
    timeline = draw([CHALLENGE, CRUISE], TODAY)

    # The first milestone (May 2020) comes before the first new year the axis marks.
    assert timeline.first_year.label == "2020"
    first_tick = timeline.ticks[0]
    assert first_tick.label == "2021"
    # Both labels are drawn: "2020" ends where it is placed, "2021" is centred on its tick.
    assert timeline.first_year.x < first_tick.x - YEAR_LABEL_WIDTH / 2
    assert timeline.first_year.x - YEAR_LABEL_WIDTH >= 0


def test_a_timeline_within_one_year_still_names_it():
    one_year = Lane("Quick film", (Event("Launch", happened=date(2021, 5, 1)),))

    timeline = draw([one_year], TODAY)

    assert timeline.ticks == ()
    assert timeline.first_year.label == "2021"


def test_dates_that_happened_are_filled_and_promises_hollow():
    timeline = draw([CHALLENGE, CRUISE], TODAY)

    assert {marker.kind for marker in markers_of(timeline, 0)} == {"happened"}
    announced, launch = markers_of(timeline, 1)
    assert announced.kind == "happened"
    assert launch.kind == "planned"
    assert "1 October 2021" in launch.label


def test_a_promise_that_never_happened_is_drawn_to_today_as_missed():
    timeline = draw([CHALLENGE, CRUISE], TODAY)

    (slip,) = timeline.slips
    launch = markers_of(timeline, 1)[1]
    assert slip.kind == "missed"
    assert slip.lane == 1
    assert (slip.x1, slip.y) == (launch.x, launch.y)
    assert slip.x2 == timeline.today_x
    assert "has not happened" in slip.label


def test_a_late_milestone_joins_the_promise_to_what_happened():
    late = Lane("Late film", (Event("Launch", date(2021, 10, 1), date(2021, 12, 20)),))

    timeline = draw([late], TODAY)

    planned, happened = timeline.markers
    (slip,) = timeline.slips
    assert (planned.kind, happened.kind) == ("planned", "happened")
    assert (slip.kind, slip.x1, slip.x2) == ("late", planned.x, happened.x)
    assert "80 days late" in slip.label


def test_a_future_promise_is_hollow_with_no_slip():
    timeline = draw([Lane("Next film", (Event("Launch", planned=date(2027, 3, 1)),))], TODAY)

    (marker,) = timeline.markers
    assert marker.kind == "planned"
    assert timeline.slips == ()


def test_a_cancelled_promise_is_marked_but_not_drawn_to_today():
    cancelled = Lane("Shelved", (Event("Launch", planned=date(2022, 3, 1), cancelled=True),))

    timeline = draw([cancelled], TODAY)

    assert [marker.kind for marker in timeline.markers] == ["cancelled"]
    assert timeline.slips == ()


def test_markers_too_close_to_tell_apart_move_to_another_row():
    timeline = draw([CHALLENGE], TODAY)

    launch, landing, premiere = timeline.markers
    assert landing.x - launch.x < 2 * timeline.radius + MARKER_GAP
    assert launch.y != landing.y
    assert premiere.y == launch.y


def test_nothing_to_draw_without_dates():
    timeline = draw([Lane("Rumour", ())], TODAY)

    assert timeline.is_empty
    assert timeline.lanes == ()
    assert timeline.first_year is None


def test_a_crowded_lane_stops_growing():
    crowded = Lane(
        "Busy film", tuple(Event(f"Take {n}", happened=date(2021, 10, 5)) for n in range(20))
    )

    timeline = draw([crowded], TODAY)

    assert len({marker.y for marker in timeline.markers}) == MAX_ROWS
    assert timeline.lanes[0].height == draw([crowded, crowded], TODAY).lanes[1].height


@pytest.mark.parametrize(
    ("event", "summary"),
    [
        (Event("Launch", date(2021, 10, 5), date(2021, 10, 5)), "as planned"),
        (Event("Launch", date(2021, 10, 1), date(2021, 10, 13)), "12 days late"),
        (Event("Launch", date(2021, 10, 2), date(2021, 10, 1)), "1 day early"),
        (Event("Launch", date(2021, 10, 1)), "missed: has not happened"),
        (Event("Launch", date(2021, 10, 1), cancelled=True), "cancelled"),
        (Event("Launch", date(2999, 1, 1)), ""),
        (Event("Launch", happened=date(2020, 5, 5)), ""),
    ],
)
def test_outcome_says_how_the_promise_turned_out(event, summary):
    assert outcome(event, TODAY) == summary


def test_a_promise_is_missed_from_the_day_after_its_date():
    launch = Event("Launch", date(2026, 11, 25))

    assert outcome(launch, date(2026, 11, 25)) == ""
    assert outcome(launch, date(2026, 11, 26)) == "missed: has not happened"
