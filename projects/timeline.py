"""The race timeline's geometry: dates become x, productions become lanes, milestones shapes.

Pure Python on plain values, so it can be tested without a database or a browser; the
template only draws the shapes it is given, as inline SVG.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from newsroom import rendering

WIDTH = 960
GUTTER = 170  # room for the lane names on the left
RIGHT_MARGIN = 24
AXIS_HEIGHT = 36
ROW_HEIGHT = 24
LANE_PADDING = 12
RADIUS = 6
MARKER_GAP = 4  # markers closer than this on one row move to the next row
MAX_ROWS = 4  # a crowded lane overlaps its markers rather than growing without end
FOOT_HEIGHT = 22  # room under the lanes for the "today" label
YEAR_LABEL_WIDTH = 40  # room a year's label takes on the axis, with a little space


@dataclass(slots=True)
class Event:
    """One milestone as the timeline sees it."""

    title: str
    planned: date | None = None
    happened: date | None = None
    cancelled: bool = False


@dataclass(slots=True)
class Lane:
    name: str
    events: tuple[Event, ...]


@dataclass(slots=True)
class Marker:
    x: float
    y: float
    kind: str  # "planned" (hollow), "happened" (filled) or "cancelled"
    lane: int
    label: str


@dataclass(slots=True)
class Slip:
    x1: float
    x2: float
    y: float
    kind: str  # "late", "early", or "missed": promised, passed, never happened
    lane: int
    label: str


@dataclass(slots=True)
class Tick:
    x: float
    label: str


@dataclass(slots=True)
class DrawnLane:
    name: str
    index: int
    top: float
    height: float

    @property
    def label_y(self):
        return round(self.top + self.height / 2, 1)

    @property
    def bottom(self):
        return round(self.top + self.height, 1)


@dataclass(slots=True)
class Timeline:
    width: int
    height: float
    lanes: tuple[DrawnLane, ...]
    ticks: tuple[Tick, ...]
    slips: tuple[Slip, ...]
    markers: tuple[Marker, ...]
    today_x: float | None
    # The year the axis starts in, whose new year is off the left edge: no tick marks it.
    first_year: Tick | None = None
    radius: int = RADIUS
    axis_y: float = AXIS_HEIGHT
    lanes_bottom: float = AXIS_HEIGHT

    @property
    def is_empty(self):
        return not self.markers

    @property
    def today_label_y(self):
        return self.lanes_bottom + FOOT_HEIGHT - 6


def is_missed(event, today):
    return (
        event.happened is None
        and event.planned is not None
        and event.planned < today
        and not event.cancelled
    )


def outcome(event, today):
    """How the promise turned out, in words: "12 days late", "missed: has not happened", "as
    planned", "cancelled"; "" while it is still to come or when nothing was promised."""
    if event.cancelled:
        return "cancelled"
    if is_missed(event, today):
        return "missed: has not happened"
    if not (event.planned and event.happened):
        return ""
    days = (event.happened - event.planned).days
    if days == 0:
        return "as planned"
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {'late' if days > 0 else 'early'}"


def _span(lanes, today):
    days = []
    for lane in lanes:
        for event in lane.events:
            days += [day for day in (event.planned, event.happened) if day]
            if is_missed(event, today):
                days.append(today)
    if not days:
        return None
    first, last = min(days), max(days)
    padding = max(timedelta(days=20), (last - first) * 0.03)
    return first - padding, last + padding


def _event_shapes(event, lane_name, x, today):
    """([(kind, x, label)], [(kind, x1, x2, label)]): one milestone's markers and slips."""
    name = f"{lane_name}: {event.title}"
    markers, slips = [], []
    if event.happened:
        if event.planned and event.planned != event.happened:
            lateness = (event.happened - event.planned).days
            direction = "late" if lateness > 0 else "early"
            slips.append(
                (
                    direction,
                    x(event.planned),
                    x(event.happened),
                    f"{name}: planned for {rendering.day(event.planned)}, "
                    f"happened {abs(lateness)} days {direction}",
                )
            )
            markers.append(
                ("planned", x(event.planned), f"{name}, planned for {rendering.day(event.planned)}")
            )
        markers.append(("happened", x(event.happened), f"{name}, {rendering.day(event.happened)}"))
    elif event.cancelled:
        markers.append(
            (
                "cancelled",
                x(event.planned),
                f"{name}, planned for {rendering.day(event.planned)}, cancelled",
            )
        )
    elif is_missed(event, today):
        label = f"{name}, planned for {rendering.day(event.planned)}"
        slips.append(("missed", x(event.planned), x(today), f"{label}: has not happened"))
        markers.append(("planned", x(event.planned), f"{label}, missed"))
    else:
        markers.append(
            ("planned", x(event.planned), f"{name}, planned for {rendering.day(event.planned)}")
        )
    return markers, slips


def _rows(extents):
    """Give each (left, right) extent the first row where it does not overlap the one before."""
    edges, rows = [], {}
    for position, (left, right) in sorted(enumerate(extents), key=lambda item: item[1][0]):
        free = (n for n, edge in enumerate(edges) if edge + MARKER_GAP <= left)
        row = next(free, len(edges) if len(edges) < MAX_ROWS else len(rows) % MAX_ROWS)
        if row == len(edges):
            edges.append(right)
        else:
            edges[row] = max(edges[row], right)
        rows[position] = row
    return [rows[position] for position in range(len(extents))], max(1, len(edges))


def draw(lanes, today):
    """Lay out `lanes` (one per production) on one shared date axis, as of `today`."""
    span = _span(lanes, today)
    if span is None:
        return Timeline(WIDTH, AXIS_HEIGHT, (), (), (), (), None)
    start, end = span
    plot_width = WIDTH - GUTTER - RIGHT_MARGIN
    total_days = (end - start).days

    def x(day):
        return round(GUTTER + (day - start).days / total_days * plot_width, 1)

    drawn_lanes, markers, slips = [], [], []
    top = AXIS_HEIGHT
    for index, lane in enumerate(lanes):
        shapes = [
            _event_shapes(event, lane.name, x, today)
            for event in lane.events
            if event.planned or event.happened
        ]
        extents = []
        for event_markers, event_slips in shapes:
            xs = [mark[1] for mark in event_markers]
            xs += [end_x for _, x1, x2, _ in event_slips for end_x in (x1, x2)]
            extents.append((min(xs) - RADIUS, max(xs) + RADIUS))
        rows, row_count = _rows(extents)
        for (event_markers, event_slips), row in zip(shapes, rows, strict=True):
            y = round(top + LANE_PADDING + ROW_HEIGHT * (row + 0.5), 1)
            slips += [Slip(x1, x2, y, kind, index, label) for kind, x1, x2, label in event_slips]
            markers += [Marker(mx, y, kind, index, label) for kind, mx, label in event_markers]
        height = row_count * ROW_HEIGHT + 2 * LANE_PADDING
        drawn_lanes.append(DrawnLane(lane.name, index, top, height))
        top += height

    ticks = tuple(
        Tick(x(date(year, 1, 1)), str(year))
        for year in range(start.year + 1, end.year + 1)
        if start < date(year, 1, 1) < end
    )
    today_x = x(today) if start <= today <= end else None
    # Its label ends at the plot's start, moved left (into the gutter, empty at the axis's
    # height) when the next new year is too close to leave it room.
    room = ticks[0].x - YEAR_LABEL_WIDTH / 2 - MARKER_GAP if ticks else WIDTH
    first_year = Tick(round(min(GUTTER + YEAR_LABEL_WIDTH, room), 1), str(start.year))
    return Timeline(
        WIDTH,
        top + FOOT_HEIGHT,
        tuple(drawn_lanes),
        ticks,
        tuple(slips),
        tuple(markers),
        today_x,
        first_year,
        lanes_bottom=top,
    )
