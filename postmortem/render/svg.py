"""Render stage helper: the pieces every SVG chart is made of: its frame, escaped text, scales and round ticks.

Charts are inert (no script, every label escaped) and take their colours from the page: each mark has a class
the stylesheet colours with the page's variables, light or dark; the presentation attributes written here are the
light colours, for where stylesheets do not reach (the PDF).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from postmortem.inert import xml_text

WIDTH = 600  # viewBox units; the stylesheet never draws a chart narrower than 480 px, so 14 units stay >= 11 px
FONT = 14
INK, MUTED, LINE, ACCENT, PAPER = "#1f2328", "#59636e", "#d1d9e0", "#0b5cad", "#ffffff"
GOOD, BAD = "#1a7f37", "#b42318"
SEVERITY = ("#b42318", "#a3470b", "#6b5300", "#4b5563")
DURATION_TICKS = (0, 1, 5, 15, 60, 240, 1440, 10080, 43200, 525600)  # minutes: 0, 1 min … 1 week, 30 days, 1 year


def esc(text: str) -> str:
    """Text made safe inside an SVG element or attribute."""
    return html.escape(text, quote=True)


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of how wide *text* is drawn, in viewBox units."""
    return len(text) * size * 0.6


def centred(x: float, text: str, *, low: float = 2, high: float = WIDTH - 2) -> tuple[float, str]:
    """Where to write *text* centred on *x* so that it stays between *low* and *high*, and how to anchor it."""
    half = text_width(text) / 2
    if x - half < low:
        return low, "start"
    if x + half > high:
        return high, "end"
    return x, "middle"


def clip(text: str, width: float, size: float = FONT) -> str:
    """*text* cut with an ellipsis to fit *width* (the full text is in the table beside the chart)."""
    room = max(int(width / (size * 0.6)), 2)
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def fmt(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".removesuffix(".0")


def open_svg(chart_id: str, *, height: float, title: str, description: str, kind: str) -> list[str]:
    """The start of a chart: its frame and its text alternative (the table beside it holds every number)."""
    return [
        f'<svg class="chart-svg {esc(kind)}" viewBox="0 0 {WIDTH} {fmt(height)}" role="img" '
        f'aria-labelledby="{esc(chart_id)}-title {esc(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT}">',
        f'<title id="{esc(chart_id)}-title">{esc(title)}</title>',
        f'<desc id="{esc(chart_id)}-desc">{esc(description)}</desc>',
    ]


def close_svg(parts: list[str], *, chart_id: str) -> Markup:
    """The finished chart, as XML without a forbidden character, in a box that scrolls sideways on a narrow screen.

    The box is focusable and named by the chart's title, so that a keyboard can scroll it too.
    """
    box = f'<div class="chart-box" role="group" tabindex="0" aria-labelledby="{esc(chart_id)}-title">'
    return Markup(xml_text("\n".join([box, *parts, "</svg></div>"])))


def label(x: float, y: float, text: str, *, anchor: str = "start", cls: str = "label", bold: bool = False) -> str:
    """One piece of text, escaped."""
    weight = ' font-weight="bold"' if bold else ""
    fill = MUTED if "muted" in cls else INK
    return (
        f'<text class="{cls}" x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}" fill="{fill}"{weight}>{esc(text)}</text>'
    )


def line(
    x1: float, y1: float, x2: float, y2: float, *, cls: str, stroke: str = MUTED, width: float = 1.5, dash: str = ""
) -> str:
    """A straight line with a class the stylesheet colours, dashed when *dash* says how."""
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line class="{cls}" x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}" stroke="{stroke}"'
        f' stroke-width="{fmt(width)}"{dashes}/>'
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Scale:
    """A map from minutes to a coordinate, compressed (log(1 + minutes)) so that minutes and days both show."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, minutes: float) -> float:
        """The coordinate of *minutes*, clamped to the scale."""
        value = math.log1p(min(max(minutes, self.low), self.high))
        low, high = math.log1p(self.low), math.log1p(self.high)
        return self.start + (self.end - self.start) * (value - low) / ((high - low) or 1.0)


def duration_scale(values: Sequence[float], *, start: float, end: float) -> tuple[Scale, tuple[int, ...]]:
    """A scale that holds *values* between round durations, and the round durations to mark on it."""
    peak = max(values, default=60)
    high = next((tick for tick in DURATION_TICKS if tick >= peak), DURATION_TICKS[-1])
    high = max(high, 5)
    ticks = tuple(tick for tick in DURATION_TICKS if tick <= high and (tick != 1 or high <= 15))  # 1 min hugs 0
    if len(ticks) > 6:  # keep the labels apart: drop the smallest ones, never 0
        ticks = (0, *ticks[len(ticks) - 5 :])
    return Scale(low=0, high=high, start=start, end=end), ticks


def count_ticks(peak: int) -> tuple[int, ...]:
    """Round counts from 0 to at least *peak*, at most six of them."""
    peak = max(peak, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if peak / step <= 5:
            return tuple(range(0, math.ceil(peak / step) * step + 1, step))
    step = 10 ** math.ceil(math.log10(peak / 5))
    return tuple(range(0, math.ceil(peak / step) * step + 1, step))


def every(count: int, *, room: float, widest: float) -> int:
    """Label one of every how many of *count* slots *room* units apart so that labels *widest* wide never meet."""
    if count <= 1 or room <= 0:
        return 1
    return max(1, math.ceil((widest + 8) / room))


def slot_labels(names: Sequence[tuple[str, str]], *, xs: Sequence[float], room: float, y: float) -> list[str]:
    """Labels under slots: a short name on the first line, the year under it where it changes; thinned to fit."""
    widest = max((text_width(short) for short, _ in names), default=0.0)
    step = every(len(names), room=room, widest=widest)
    parts: list[str] = []
    year = ""
    for index, ((short, group), x) in enumerate(zip(names, xs, strict=True)):
        if index % step:
            continue
        parts.append(label(x, y, short, anchor="middle", cls="tick-label"))
        if group != year:
            parts.append(label(x, y + FONT + 4, group, anchor="middle", cls="tick-label muted-text"))
            year = group
    return parts
