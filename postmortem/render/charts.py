"""Render stage helper: the timeline drawn as an SVG chart: milestones, ticks at round times, a text alternative."""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from postmortem.inert import xml_text
from postmortem.model.incident import Placed
from postmortem.model.zones import zone
from postmortem.render.i18n import Formatter, hours_minutes
from postmortem.render.svg import (
    ACCENT,
    FONT,
    MUTED,
    PAPER,
    WIDTH,
    centred,
    close_svg,
    esc,
    label,
    line,
    open_svg,
    text_width,
)

LEFT, RIGHT = 24, 24
AXIS_Y, HEIGHT = 100, 160
MAX_TICKS = 6
MAX_IMAGE = 1024 * 1024  # characters of a printed chart's data: URL; the PDF renderer refuses those over 2 MiB
STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080)  # minutes between round ticks
_MARKS = {
    "event exact": f'fill="{MUTED}"',
    "event approximate": f'fill="{PAPER}" stroke="{MUTED}" stroke-width="2"',
    "milestone exact": f'fill="{ACCENT}"',
    "milestone approximate": f'fill="{PAPER}" stroke="{ACCENT}" stroke-width="2" stroke-dasharray="2 2"',
    "span exact": f'stroke="{ACCENT}" stroke-width="8" stroke-opacity="0.35" stroke-linecap="round"',
    "span approximate": f'stroke="{ACCENT}" stroke-width="8" stroke-opacity="0.35" stroke-dasharray="6 3"',
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartText:
    """The words a chart needs: its title, its description and the milestone names."""

    title: str
    description: str
    milestones: dict[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag:
    """Milestones of one entry that stand for the same instant, as the chart marks them."""

    when: dt.datetime
    milestones: tuple[str, ...]
    approximate: bool


def flags(placed: Placed) -> list[Flag]:
    """Where the milestones of *placed* stand, in time order: a range's start, and its end for those that end it."""
    found: dict[dt.datetime, list[str]] = {}
    for name in placed.entry.milestone:
        moment = placed.at(name)
        if moment is not None:
            found.setdefault(moment, []).append(name)
    return [Flag(when=moment, milestones=tuple(names), approximate=any(placed.approximate(n) for n in names))
            for moment, names in sorted(found.items())]  # fmt: skip


def chart_window(placed: Sequence[Placed]) -> tuple[dt.datetime, dt.datetime] | None:
    """The span the timeline chart draws, or None when it draws none (fewer than two timed entries, or one instant).

    From the first to the last instant of a milestone when there are two, else of every timed entry.
    """
    timed = [p for p in placed if p.when is not None]
    if len(timed) < 2:
        return None
    marked = [t for p in timed if p.entry.milestone for t in (p.when, p.until) if t]
    times = marked if len(marked) >= 2 else [t for p in timed for t in (p.when, p.until) if t]
    start, end = min(times), max(times)
    return None if start == end else (start, end)


def spans_days(window: tuple[dt.datetime, dt.datetime], *, timezone: str) -> bool:
    """Whether the chart's *window* starts and ends on different days of the report's zone."""
    tz = zone(timezone)
    return window[0].astimezone(tz).date() != window[1].astimezone(tz).date()


def approximate_instant(placed: Sequence[Placed], moment: dt.datetime) -> bool:
    """Whether a start or end of an entry at *moment* is approximate (written ``~``, or on an approximate day)."""
    return any((p.when == moment and p.approximate_end(ending=False)) or
               (p.until == moment and p.approximate_end(ending=True)) for p in placed)  # fmt: skip


def _x(when: dt.datetime, start: dt.datetime, end: dt.datetime) -> float:
    """Horizontal position of a moment."""
    span = (end - start).total_seconds() or 1.0
    return LEFT + (WIDTH - LEFT - RIGHT) * (when - start).total_seconds() / span


def round_ticks(start: dt.datetime, end: dt.datetime, *, timezone: str) -> tuple[int, list[dt.datetime]]:
    """Round moments of the window on the local clock (every 5 or 15 minutes, whole hours, midnights), and their step.

    The step is the smallest that gives at most ``MAX_TICKS`` ticks; ticks fall on multiples of it from local midnight.
    """
    tz = zone(timezone)
    span = (end - start).total_seconds() / 60
    step = next((s for s in STEPS if span / s <= MAX_TICKS - 1), 0)
    if not step:  # beyond weeks: whole weeks
        step = 10080 * math.ceil(span / 10080 / (MAX_TICKS - 1))
    local = (start - dt.timedelta(hours=2)).astimezone(tz).replace(tzinfo=None)  # clocks move back by 2 h at most
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = (local - midnight).total_seconds() / 60
    unit = min(step, 1440)
    ticks: list[dt.datetime] = []
    try:  # the calendar ends in the year 9999: no tick beyond it
        wall = midnight + dt.timedelta(minutes=math.ceil(elapsed / unit) * unit)
        while len(ticks) <= 4 * MAX_TICKS:
            moments = _moments_of(wall, tz=tz)
            if moments and moments[0] > end:
                break
            ticks += [moment for moment in moments if start <= moment <= end and moment not in ticks]
            wall += dt.timedelta(minutes=step)
    except OverflowError:
        pass
    return step, [tick.astimezone(tz) for tick in sorted(ticks)]  # in time order, on the local clock


def _moments_of(wall: dt.datetime, *, tz: dt.tzinfo) -> list[dt.datetime]:
    """The moments a local wall time names: one, two when the clocks repeat it (autumn), none when they skip it."""
    moments = {wall.replace(tzinfo=tz, fold=fold).astimezone(dt.UTC) for fold in (0, 1)}
    return sorted(moment for moment in moments if moment.astimezone(tz).replace(tzinfo=None) == wall)


def _tick_labels(ticks: list[dt.datetime], *, step: int, fmt_: Formatter, days: bool) -> list[tuple[str, str]]:
    """Each tick's clock time, and under it the day where the day changes (the day alone for steps of days)."""
    tz = zone(fmt_.timezone)
    shown: list[tuple[str, str]] = []
    last_day: dt.date | None = None
    for tick in ticks:
        local = tick.astimezone(tz)
        day = fmt_.day(local.date())
        if step >= 1440:
            shown.append((day, ""))
        else:
            shown.append((hours_minutes(local), day if days and local.date() != last_day else ""))
        last_day = local.date()
    return shown


def timeline_svg(
    placed: tuple[Placed, ...],
    *,
    fmt: Formatter,
    text: ChartText,
    chart_id: str = "timeline-chart",
    printed: bool = False,
) -> Markup:
    """An SVG of the timed events, or nothing when fewer than two events have an exact time.

    *printed*: the same SVG as an image, for the PDF (``as_image``).
    """
    timed = [p for p in placed if p.when is not None]
    window = chart_window(timed)
    if window is None:
        return Markup("")
    start, end = window
    parts = open_svg(chart_id, height=HEIGHT, title=text.title, description=text.description, kind="timeline-chart")
    parts.append(line(LEFT, AXIS_Y, WIDTH - RIGHT, AXIS_Y, cls="axis"))
    step, ticks = round_ticks(start, end, timezone=fmt.timezone)
    days = spans_days(window, timezone=fmt.timezone)
    for tick, (first, second) in zip(ticks, _tick_labels(ticks, step=step, fmt_=fmt, days=days), strict=True):
        x = _x(tick, start, end)
        parts.append(line(x, AXIS_Y, x, AXIS_Y + 6, cls="tick"))
        where, anchor = centred(x, max(first, second, key=len))
        parts.append(label(where, AXIS_Y + 24, first, anchor=anchor, cls="tick-label"))
        if second:
            parts.append(label(where, AXIS_Y + 24 + FONT + 4, second, anchor=anchor, cls="tick-label muted-text"))
    parts += _events(timed, start, end, text)
    image = as_image(parts, title=text.title, kind="timeline-chart") if printed else None
    return image if image is not None else close_svg(parts, chart_id=chart_id)


def as_image(parts: list[str], *, title: str, kind: str) -> Markup | None:
    """A chart for paper: its SVG as an image (a ``data:`` URL) named by its title, drawn as the inline chart is.

    WeasyPrint reads an image's SVG with the XML parser, where an inline chart goes through the HTML parser's rules
    for foreign content character by character: a twentieth of the work of a report's PDF. The PDF tags the image
    as a figure whose alternate text is the title, as it tags the inline chart; the labels stay text. None for a
    chart whose address would be longer than ``MAX_IMAGE``: it stays inline.
    """
    svg = xml_text("\n".join([*parts, "</svg>"]))
    if len(svg) > MAX_IMAGE // 4 * 3:  # base64 writes 4 characters for 3 bytes, and the SVG's are at least as many
        return None
    data = base64.b64encode(svg.encode()).decode("ascii")
    if len(data) > MAX_IMAGE:
        return None
    image = f'<img class="chart-svg {esc(kind)}" src="data:image/svg+xml;base64,{data}" alt="{esc(title)}">'
    return Markup(f'<div class="chart-box">{image}</div>')


def _events(timed: list[Placed], start: dt.datetime, end: dt.datetime, text: ChartText) -> list[str]:
    """A dot per event in the window, and a flag with its name per milestone (staggered to avoid overlaps)."""
    parts: list[str] = []
    level = 0
    for placed in timed:
        assert placed.when is not None
        if not start <= placed.when <= end:
            continue
        x = _x(placed.when, start, end)
        kind = "approximate" if placed.entry.at.approximate_somewhere else "exact"
        if placed.until is not None:  # a range: a band from its start to its end (cut at the window's edge)
            x2 = _x(min(placed.until, end), start, end)
            parts.append(
                f'<line class="span {kind}" x1="{x:.1f}" y1="{AXIS_Y}" x2="{x2:.1f}" y2="{AXIS_Y}" '
                f"{_MARKS['span ' + kind]}/>"
            )
        if not placed.entry.milestone:
            parts.append(f'<circle class="event {kind}" cx="{x:.1f}" cy="{AXIS_Y}" r="4" {_MARKS["event " + kind]}/>')
            continue
        for flag in flags(placed):  # a range's end stands for mitigated and resolved, its start for the others
            height = 24 + 24 * (level % 3)
            level += 1
            parts += _flag(flag, x=_x(min(flag.when, end), start, end), height=height, text=text)
    return parts


def _flag(flag: Flag, *, x: float, height: int, text: ChartText) -> list[str]:
    """A milestone's dot on the axis, and a flag above it with its names."""
    kind = "approximate" if flag.approximate else "exact"
    names = ", ".join(text.milestones[name] for name in flag.milestones)
    width = text_width(names)
    anchor = "start" if x + 4 + width <= WIDTH or x < width + 4 else "end"
    return [
        line(x, AXIS_Y, x, AXIS_Y - height, cls="flag", stroke=ACCENT),
        f'<circle class="milestone {kind}" cx="{x:.1f}" cy="{AXIS_Y}" r="6" {_MARKS["milestone " + kind]}/>',
        label(x + (4 if anchor == "start" else -4), AXIS_Y - height + 4, names, anchor=anchor,
              cls="milestone-label", bold=True),
    ]  # fmt: skip
