"""Render stage helper: the metrics page's timing charts as SVG: trends per period, each incident against its target.

Every chart is readable without colour: lines differ by marker and dash, missed targets are crosses and met ones
dots, and every series is named on the chart itself (bar_charts.py draws the bars).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from postmortem.render.svg import (
    BAD,
    FONT,
    GOOD,
    INK,
    LINE,
    MUTED,
    SEVERITY,
    WIDTH,
    centred,
    close_svg,
    duration_scale,
    fmt,
    label,
    line,
    open_svg,
    slot_labels,
    text_width,
)

DASHES = ("", ' stroke-dasharray="7 4"', ' stroke-dasharray="2 3"', ' stroke-dasharray="9 3 2 3"')
Slots = Sequence[tuple[str, str]]  # per period: its short name and its year
Duration = Callable[[int], str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Series:
    """One line of a trend: a severity level's value in each period (None where it has none)."""

    name: str
    rank: int
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StripRow:
    """One row of the spread chart: a level, its target, and each incident's time and verdict."""

    name: str
    rank: int
    target: int | None
    target_text: str
    points: tuple[tuple[int, bool | None], ...]


def _style(rank: int) -> tuple[str, str]:
    """The class and light colour of a severity level (the fifth and later look like the fourth)."""
    index = min(max(rank, 1), len(SEVERITY)) - 1
    return f"sev-{index + 1}", SEVERITY[index]


def marker(shape: int, x: float, y: float, *, cls: str, colour: str, size: float = 5) -> str:
    """A circle, square, triangle or diamond: the level shows in the shape, not only in the colour."""
    paint = f'class="{cls} mark" fill="{colour}" stroke="{colour}"'
    kind = shape % 4
    if kind == 0:
        return f'<circle {paint} cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(size)}"/>'
    if kind == 1:
        return (
            f'<rect {paint} x="{fmt(x - size)}" y="{fmt(y - size)}" width="{fmt(2 * size)}" height="{fmt(2 * size)}"/>'
        )
    if kind == 2:
        points = f"{fmt(x)},{fmt(y - size - 1)} {fmt(x + size + 1)},{fmt(y + size)} {fmt(x - size - 1)},{fmt(y + size)}"
        return f'<polygon {paint} points="{points}"/>'
    reach = size + 1
    points = f"{fmt(x)},{fmt(y - reach)} {fmt(x + reach)},{fmt(y)} {fmt(x)},{fmt(y + reach)} {fmt(x - reach)},{fmt(y)}"
    return f'<polygon {paint} points="{points}"/>'


def _spread(wanted: list[tuple[float, int]], *, gap: float, low: float, high: float) -> dict[int, float]:
    """Heights of direct labels moved apart by at least *gap*, kept between *low* and *high*."""
    placed: dict[int, float] = {}
    last = low - gap
    for y, key in sorted(wanted):
        y = max(y, last + gap)
        placed[key] = y
        last = y
    overflow = last - high
    if overflow > 0:
        placed = {key: y - overflow for key, y in placed.items()}
    return placed


def trend_chart(
    *, chart_id: str, title: str, description: str, slots: Slots, series: Sequence[Series],
    targets: Sequence[tuple[str, int, int]], duration: Duration,
) -> Markup:  # fmt: skip
    """Lines of a timing per period, one per level, on a compressed time scale; targets (name, rank, minutes) dashed."""
    if not slots or not any(v is not None for s in series for v in s.values):
        return Markup("")
    left, right, top, bottom = 74, WIDTH - 64, 16, 250
    height = bottom + 2 * FONT + 16
    values = [v for s in series for v in s.values if v is not None] + [minutes for _, _, minutes in targets]
    scale, ticks = duration_scale(values, start=bottom, end=top)
    room = (right - left) / len(slots)
    xs = [left + room * (index + 0.5) for index in range(len(slots))]
    parts = open_svg(chart_id, height=height, title=title, description=description, kind="trend-chart")
    for tick in ticks:
        parts.append(line(left, scale(tick), right, scale(tick), cls="grid", stroke=LINE, width=1))
        parts.append(label(left - 6, scale(tick) + 5, duration(tick), anchor="end", cls="tick-label"))
    parts += slot_labels(slots, xs=xs, room=room, y=bottom + FONT + 6)
    parts += _target_lines(targets, scale=scale, left=left, right=right)
    ends: list[tuple[float, int]] = []
    for index, item in enumerate(series):
        drawn, end = _series_line(item, xs=xs, scale=scale)
        parts += drawn
        if end is not None:
            ends.append((end, index))
    parts += _series_names(series, ends=ends, xs=xs, box=(top, right, bottom))
    return close_svg(parts, chart_id=chart_id)


def _target_lines(
    targets: Sequence[tuple[str, int, int]], *, scale: Callable[[float], float], left: float, right: float
) -> list[str]:
    """Each level's target as a dashed line across the chart, named at its left end."""
    parts = []
    for name, rank, minutes in targets:
        cls, colour = _style(rank)
        y = scale(minutes)
        parts.append(line(left, y, right, y, cls=f"{cls} target", stroke=colour, dash="3 5"))
        parts.append(label(left + 4, y - 5, name, cls="label muted-text target-name"))  # left: the series end right
    return parts


def _series_line(
    item: Series, *, xs: Sequence[float], scale: Callable[[float], float]
) -> tuple[list[str], float | None]:
    """One level's line (broken where a period has no value) and markers; the height of its last point, if any."""
    parts = []
    cls, colour = _style(item.rank)
    points = [(x, scale(v)) for x, v in zip(xs, item.values, strict=True) if v is not None]
    runs = _runs(xs, item.values, scale)
    for run in runs:
        if len(run) > 1:
            path = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in run)
            parts.append(
                f'<polyline class="{cls} series" points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{DASHES[(item.rank - 1) % len(DASHES)]}/>'
            )
    parts += [marker(item.rank - 1, x, y, cls=cls, colour=colour) for x, y in points]  # a level keeps its shape
    return parts, (points[-1][1] if points else None)


def _series_names(
    series: Sequence[Series], *, ends: list[tuple[float, int]], xs: Sequence[float], box: tuple[float, float, float]
) -> list[str]:
    """Each line's name right of its last point, moved apart so that no two overlap."""
    top, right, bottom = box
    parts = []
    heights = _spread(ends, gap=FONT + 2, low=top + FONT, high=bottom)
    for index, y in heights.items():
        last_x = max(x for x, v in zip(xs, series[index].values, strict=True) if v is not None)
        parts.append(label(min(last_x + 10, right + 4), y + 5, series[index].name, cls="label series-name", bold=True))
    return parts


def _runs(
    xs: Sequence[float], values: Sequence[float | None], scale: Callable[[float], float]
) -> list[list[tuple[float, float]]]:
    """The unbroken stretches of a series: a period without a value breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, value in zip(xs, values, strict=True):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((x, scale(value)))
    return [run for run in runs if run]


def strip_chart(
    *, chart_id: str, title: str, description: str, rows: Sequence[StripRow], duration: Duration
) -> Markup:  # fmt: skip
    """Each incident as a mark on its level's row (a dot when it met the target, a cross when not), targets drawn."""
    rows = [row for row in rows if row.points]
    if not rows:
        return Markup("")
    left, right, top, band = 60, WIDTH - 16, 34, 56
    bottom = top + band * len(rows)
    height = bottom + FONT + 20
    values = [m for row in rows for m, _ in row.points] + [row.target for row in rows if row.target is not None]
    scale, ticks = duration_scale(values, start=left, end=right)
    parts = open_svg(chart_id, height=height, title=title, description=description, kind="strip-chart")
    for tick in ticks:
        x = scale(tick)
        parts.append(line(x, top - 8, x, bottom, cls="grid", stroke=LINE, width=1))
        where, anchor = centred(x, duration(tick))
        parts.append(label(where, bottom + FONT + 6, duration(tick), anchor=anchor, cls="tick-label"))
    for number, row in enumerate(rows):
        middle = top + band * number + band / 2
        parts.append(label(left - 10, middle + 5, row.name, anchor="end", cls="label", bold=True))
        parts += _strip_points(row, scale, middle, band)
        if row.target is not None:
            x = scale(row.target)
            parts.append(line(x, middle - band / 2 + 2, x, middle + band / 2 - 2, cls="target-line", stroke=INK,
                              width=2.5, dash="5 3"))  # fmt: skip
            text = row.target_text
            anchor = "end" if x + text_width(text) > right else "start"
            parts.append(label(x + (-4 if anchor == "end" else 4), middle - band / 2 + FONT, text, anchor=anchor,
                               cls="label muted-text"))  # fmt: skip
    return close_svg(parts, chart_id=chart_id)


def _strip_points(row: StripRow, scale: Callable[[float], float], middle: float, band: float) -> list[str]:
    """A row's marks, spread up and down (by a fixed sequence, so a build is reproducible) to show how many."""
    dots, crosses, unknown = [], [], []
    for index, (minutes, met) in enumerate(row.points):
        x = scale(minutes)
        y = middle + ((index * 0.618034) % 1 - 0.5) * band * 0.45
        if met is False:
            crosses.append(f"M{fmt(x - 4)} {fmt(y - 4)}l8 8m0 -8l-8 8")
        elif met:
            dots.append(f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="3.5"/>')
        else:
            unknown.append(f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="3.5"/>')
    parts = []
    if dots:
        parts.append(f'<g class="met" fill="{GOOD}" fill-opacity="0.75">{"".join(dots)}</g>')
    if unknown:
        parts.append(f'<g class="unmeasured" fill="none" stroke="{MUTED}">{"".join(unknown)}</g>')
    if crosses:
        parts.append(f'<path class="missed" d="{"".join(crosses)}" stroke="{BAD}" stroke-width="2.5" fill="none"/>')
    return parts
