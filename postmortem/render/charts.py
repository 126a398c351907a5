"""Render stage helper: the timeline drawn as an SVG chart, with its milestones and a text alternative."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from markupsafe import Markup

from postmortem.inert import xml_text
from postmortem.model.incident import Placed
from postmortem.model.times import zone
from postmortem.render.i18n import Formatter

WIDTH, LEFT, RIGHT = 720, 24, 24
# Presentation attributes give the colours where stylesheets do not reach (PDF); the page's CSS may override them.
INK, MUTED, ACCENT, PAPER = "#1f2328", "#59636e", "#0b5cad", "#ffffff"
_STYLE = {
    "axis": f'stroke="{MUTED}" stroke-width="1.5"',
    "tick": f'stroke="{MUTED}" stroke-width="1.5"',
    "flag": f'stroke="{ACCENT}" stroke-width="1.5"',
    "text": f'fill="{INK}" font-size="12"',
    "event exact": f'fill="{MUTED}"',
    "event approximate": f'fill="{PAPER}" stroke="{MUTED}" stroke-width="2"',
    "milestone exact": f'fill="{ACCENT}"',
    "milestone approximate": f'fill="{PAPER}" stroke="{ACCENT}" stroke-width="2" stroke-dasharray="2 2"',
    "span exact": f'stroke="{ACCENT}" stroke-width="8" stroke-opacity="0.35" stroke-linecap="round"',
    "span approximate": f'stroke="{ACCENT}" stroke-width="8" stroke-opacity="0.35" stroke-dasharray="6 3"',
}
AXIS_Y, HEIGHT = 96, 150
TICKS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartText:
    """The words a chart needs: its title, its description and the milestone names."""

    title: str
    description: str
    milestones: dict[str, str]


def _window(events: list[Placed]) -> tuple[dt.datetime, dt.datetime]:
    """The span to draw: from the first to the last milestone when there are two, else all timed events."""
    marked = [t for p in events if p.entry.milestone for t in (p.when, p.until) if t]
    times = marked if len(marked) >= 2 else [t for p in events for t in (p.when, p.until) if t]
    return min(times), max(times)


def _x(when: dt.datetime, start: dt.datetime, end: dt.datetime) -> float:
    """Horizontal position of a moment."""
    span = (end - start).total_seconds() or 1.0
    return LEFT + (WIDTH - LEFT - RIGHT) * (when - start).total_seconds() / span


def _tick_label(when: dt.datetime, start: dt.datetime, end: dt.datetime, fmt: Formatter) -> str:
    """A tick shows the time, and the day too when the window spans days."""
    tz = zone(fmt.timezone)
    local = when.astimezone(tz)
    if start.astimezone(tz).date() != end.astimezone(tz).date():
        return f"{fmt.day(local.date())} {local:%H:%M}"
    return f"{local:%H:%M}"


def timeline_svg(placed: tuple[Placed, ...], *, fmt: Formatter, text: ChartText) -> Markup:
    """An SVG of the timed events, or nothing when fewer than two events have an exact time."""
    timed = [p for p in placed if p.when is not None]
    if len(timed) < 2:
        return Markup("")
    start, end = _window(timed)
    if start == end:
        return Markup("")
    parts = [
        f'<svg class="timeline-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="timeline-chart-title timeline-chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="timeline-chart-title">{html.escape(text.title)}</title>',
        f'<desc id="timeline-chart-desc">{html.escape(text.description)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{AXIS_Y}" x2="{WIDTH - RIGHT}" y2="{AXIS_Y}" {_STYLE["axis"]}/>',
    ]
    for index in range(TICKS):
        when = start + (end - start) * index / (TICKS - 1)
        x = _x(when, start, end)
        anchor = "start" if index == 0 else "end" if index == TICKS - 1 else "middle"
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{AXIS_Y}" x2="{x:.1f}" y2="{AXIS_Y + 6}" {_STYLE["tick"]}/>')
        label = html.escape(_tick_label(when, start, end, fmt))
        where = f'x="{x:.1f}" y="{AXIS_Y + 22}" text-anchor="{anchor}"'
        parts.append(f'<text class="tick-label" {where} {_STYLE["text"]}>{label}</text>')
    parts += _events(timed, start, end, text)
    parts.append("</svg>")
    return Markup(xml_text("\n".join(parts)))  # SVG is XML: no character XML forbids


def _events(timed: list[Placed], start: dt.datetime, end: dt.datetime, text: ChartText) -> list[str]:
    """A dot per event in the window, and a flag with its name per milestone (staggered to avoid overlaps)."""
    parts: list[str] = []
    level = 0
    for placed in timed:
        assert placed.when is not None
        if not start <= placed.when <= end:
            continue
        x = _x(placed.when, start, end)
        kind = "approximate" if placed.entry.at.approximate else "exact"
        if placed.until is not None:  # a range: a band from its start to its end (cut at the window's edge)
            x2 = _x(min(placed.until, end), start, end)
            parts.append(
                f'<line class="span {kind}" x1="{x:.1f}" y1="{AXIS_Y}" x2="{x2:.1f}" y2="{AXIS_Y}" '
                f"{_STYLE['span ' + kind]}/>"
            )
        if not placed.entry.milestone:
            parts.append(f'<circle class="event {kind}" cx="{x:.1f}" cy="{AXIS_Y}" r="4" {_STYLE["event " + kind]}/>')
            continue
        height = 22 + 22 * (level % 3)
        level += 1
        names = ", ".join(text.milestones[name] for name in placed.entry.milestone)
        x = _x(min(placed.at(placed.entry.milestone[0]) or placed.when, end), start, end)  # a range's end may count
        anchor = "start" if x < WIDTH * 0.7 else "end"
        shift = 4 if anchor == "start" else -4
        parts += [
            f'<line class="flag" x1="{x:.1f}" y1="{AXIS_Y}" x2="{x:.1f}" y2="{AXIS_Y - height}" {_STYLE["flag"]}/>',
            f'<circle class="milestone {kind}" cx="{x:.1f}" cy="{AXIS_Y}" r="6" {_STYLE["milestone " + kind]}/>',
            f'<text class="milestone-label" x="{x + shift:.1f}" y="{AXIS_Y - height + 4}" '
            f'text-anchor="{anchor}" font-weight="bold" {_STYLE["text"]}>{html.escape(names)}</text>',
        ]
    return parts


def bar_chart(bars: list[tuple[str, int]], *, title: str, description: str, chart_id: str) -> Markup:
    """Vertical bars with their values written on top; the title and description are the text alternative."""
    if not bars:
        return Markup("")
    height, top, bottom = 180, 24, 36
    step = (WIDTH - LEFT - RIGHT) / len(bars)
    peak = max(value for _, value in bars) or 1
    parts = [
        f'<svg class="bar-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{html.escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{html.escape(description)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{height - bottom}" x2="{WIDTH - RIGHT}" y2="{height - bottom}" '
        f"{_STYLE['axis']}/>",
    ]
    for index, (label, value) in enumerate(bars):
        bar_height = (height - top - bottom) * value / peak
        x = LEFT + index * step + step * 0.15
        y = height - bottom - bar_height
        middle = x + step * 0.35
        parts += [
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{bar_height:.1f}" '
            f'fill="{ACCENT}"/>',
            f'<text class="bar-value" x="{middle:.1f}" y="{y - 6:.1f}" text-anchor="middle" {_STYLE["text"]}>'
            f"{value}</text>",
            f'<text class="tick-label" x="{middle:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f"{_STYLE['text']}>{html.escape(label)}</text>",
        ]
    parts.append("</svg>")
    return Markup(xml_text("\n".join(parts)))  # SVG is XML: no character XML forbids
