"""A production's timeline (projects.timeline.Timeline) as inline SVG, its milestones
(projects.rows.MilestoneRow) as a table, its crew and backers, and each side of the race:
written as strings, each value escaped once.

A timeline has a shape per milestone and a table a row: drawn through template macros, each
value went through the template engine's attribute lookup and escaping call by call. The
macros in projects/jinja2/projects/macros.html call these, so templates use them as before.
"""

from markupsafe import Markup, escape

from newsroom.rendering import plural

DESCRIPTION = (
    "Planned dates are hollow circles, dates that happened are filled; a line joins a promise "
    "to what happened, dashed to today when it has not happened. The table below gives the "
    "same dates."
)
# A lane's name is cut to this many characters, an ellipsis last, to fit the gutter.
LANE_NAME_LENGTH = 22


def lane_name(name):
    if len(name) <= LANE_NAME_LENGTH:
        return name
    return f"{name[: LANE_NAME_LENGTH - 1]}…"


def timeline_svg(timeline, name, caption):
    """`timeline` drawn as SVG; `name` is a prefix for its ids, unique on the page, and
    `caption` its accessible title."""
    name = escape(name)
    caption = escape(caption)
    # On a narrow screen the frame scrolls sideways: a named stop in the tab order lets a
    # keyboard scroll it.
    parts = [
        f'<div class="timeline-frame" role="region" tabindex="0" aria-label="{caption}">\n'
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '
        f'{timeline.width} {timeline.height}" role="img" '
        f'aria-labelledby="{name}-title {name}-desc">\n'
        f'  <title id="{name}-title">{caption}</title>\n'
        f'  <desc id="{name}-desc">{DESCRIPTION}</desc>\n  '
    ]
    for lane in timeline.lanes:
        parts.append(
            f'\n  <g class="timeline-lane timeline-lane--{lane.index}">\n'
            f'    <rect class="timeline-lane-band" x="0" y="{lane.top}" '
            f'width="{timeline.width}" height="{lane.height}"/>\n'
            f'    <text class="timeline-lane-name" x="8" y="{lane.label_y}" '
            f'dominant-baseline="middle">{escape(lane_name(lane.name))}</text>\n'
            "  </g>\n  "
        )
    parts.append('\n  <g class="timeline-axis">\n    ')
    top = timeline.axis_y - 8
    bottom = timeline.lanes_bottom
    if timeline.first_year:
        parts.append(
            f'\n    <text class="timeline-tick-label" x="{timeline.first_year.x}" '
            f'y="{timeline.axis_y - 14}" text-anchor="end">{escape(timeline.first_year.label)}'
            "</text>\n    "
        )
    for tick in timeline.ticks:
        parts.append(
            f'\n    <line class="timeline-tick" x1="{tick.x}" y1="{top}" x2="{tick.x}" '
            f'y2="{bottom}"/>\n'
            f'    <text class="timeline-tick-label" x="{tick.x}" y="{timeline.axis_y - 14}" '
            f'text-anchor="middle">{escape(tick.label)}</text>\n    '
        )
    parts.append("\n    ")
    if timeline.today_x:
        parts.append(
            f'\n    <line class="timeline-today" x1="{timeline.today_x}" y1="{top}" '
            f'x2="{timeline.today_x}" y2="{bottom + 4}"/>\n'
            f'    <text class="timeline-today-label" x="{timeline.today_x}" '
            f'y="{timeline.today_label_y}" text-anchor="end">today</text>\n    '
        )
    parts.append("\n  </g>\n  ")
    for slip in timeline.slips:
        dashed = ' stroke-dasharray="6 4"' if slip.kind == "missed" else ""
        parts.append(
            f'\n  <line class="timeline-slip timeline-slip--{escape(slip.kind)} '
            f'timeline-lane--{slip.lane}" x1="{slip.x1}" y1="{slip.y}" x2="{slip.x2}" '
            f'y2="{slip.y}" stroke="currentColor"{dashed}>'
            f"<title>{escape(slip.label)}</title></line>\n  "
        )
    parts.append("\n  ")
    for marker in timeline.markers:
        fill = "currentColor" if marker.kind == "happened" else "none"
        parts.append(
            f'\n  <circle class="timeline-marker timeline-marker--{escape(marker.kind)} '
            f'timeline-lane--{marker.lane}" cx="{marker.x}" cy="{marker.y}" '
            f'r="{timeline.radius}" stroke="currentColor" fill="{fill}">'
            f"<title>{escape(marker.label)}</title></circle>\n  "
        )
    parts.append("\n</svg>\n</div>")
    return Markup("".join(parts))


def _written(date):
    if not date:
        return "–"
    return f'<time datetime="{escape(date.iso)}">{escape(date.short)}</time>'


def milestone_table(milestones, caption, show_project=False):
    """The `milestones` as a table, with a column naming each one's production if
    `show_project`."""
    caption = escape(caption)
    parts = [
        f'<div class="table-frame" role="region" tabindex="0" aria-label="{caption}">\n'
        '<table class="milestone-table">\n'
        f"  <caption>{caption}</caption>\n"
        "  <thead>\n"
        f"    <tr>{'<th scope="col">Production</th>' if show_project else ''}"
        '<th scope="col">Milestone</th><th scope="col">Planned for</th>'
        '<th scope="col">Happened on</th><th scope="col">Outcome</th></tr>\n'
        "  </thead>\n  <tbody>\n    "
    ]
    for milestone in milestones:
        production = (
            f'<td><a href="{escape(milestone.project_url)}">'
            f"{escape(milestone.project_title)}</a></td>"
            if show_project
            else ""
        )
        claimed = (
            ' <span class="claimed-by">(announced by '
            f'<a href="{escape(milestone.claimed_by_url)}">'
            f"{escape(milestone.claimed_by_name)}</a>)</span>"
            if milestone.claimed_by_id
            else ""
        )
        parts.append(
            f"\n    <tr>\n      {production}\n"
            f'      <th scope="row">{escape(milestone.title)}{claimed}</th>\n'
            f"      <td>{_written(milestone.planned)}</td>\n"
            f"      <td>{_written(milestone.happened)}</td>\n"
            f"      <td>{escape(milestone.outcome)}</td>\n"
            "    </tr>\n    "
        )
    parts.append("\n  </tbody>\n</table>\n</div>")
    return Markup("".join(parts))


def _race_facts(rows, written, none="<dd>None announced</dd>"):
    return "".join(written(row) for row in rows) or none


def race_side(side, index):
    """One side of the race (a row of RaceView's `rivals`): the production, its status, crew,
    backers and coverage; `index` tells the sides apart."""
    project = side["project"]
    url = escape(side["url"])
    native = (
        f'<p class="native-name">{escape(project.native_title)}</p>' if project.native_title else ""
    )
    crew = _race_facts(
        side["credits"],
        lambda credit: (
            f'<dd><a href="{escape(credit["url"])}">{escape(credit["name"])}</a> '
            f"({escape(credit['role_label'].lower())})</dd>"
        ),
    )
    backers = _race_facts(
        side["backers"],
        lambda backer: f'<dd><a href="{escape(backer["url"])}">{escape(backer["name"])}</a></dd>',
    )
    count = side["coverage_count"]
    return Markup(
        f'<section class="race-side race-side--{index}" aria-labelledby="side-{index}">\n'
        f'    <h2 id="side-{index}"><a href="{url}">{escape(project.title)}</a></h2>\n'
        f"    {native}\n"
        '    <dl class="race-facts">\n'
        f'      <div><dt>Status</dt><dd><span class="status status--{escape(project.status)}">'
        f"{escape(side['status_label'])}</span></dd></div>\n"
        f"      <div><dt>Crew</dt>{crew}</div>\n"
        f"      <div><dt>Backers</dt>{backers}</div>\n"
        f'      <div><dt>Coverage</dt><dd><a href="{url}#coverage-heading">{count} '
        f"article{plural(count)}</a></dd></div>\n"
        "    </dl>\n"
        "  </section>"
    )


def crew(roles):
    """A production's crew: (role label, credit rows) in the roles' order, each credit a link to
    its person, with the character played."""
    parts = ['<dl class="crew">\n      ']
    for role, credits in roles:
        people = "".join(
            f'<dd><a href="{escape(credit["url"])}">{escape(credit["name"])}</a>'
            + (f", as {escape(credit['character'])}" if credit["character"] else "")
            + "</dd>"
            for credit in credits
        )
        parts.append(f"\n      <div>\n        <dt>{escape(role)}</dt>\n        {people}")
        parts.append("\n      </div>\n      ")
    parts.append("\n    </dl>")
    return Markup("".join(parts))


def backer_list(backers):
    """A production's backers: links to them, each with its kind."""
    items = "".join(
        f'<li><a href="{escape(backer["url"])}">{escape(backer["name"])}</a> '
        f"({escape(str(backer['kind_label']).lower())})</li>"
        for backer in backers
    )
    return Markup(f'<ul class="backer-list">{items}</ul>')
