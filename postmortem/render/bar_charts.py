"""Render stage helper: the metrics page's bar charts as SVG: bars by name, columns per period, stacked columns.

Stacked parts differ by fill pattern (solid, pale, outlined, hatched), so the chart reads without colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from postmortem.render.metric_charts import Slots
from postmortem.render.svg import (
    ACCENT,
    BAD,
    FONT,
    LINE,
    PAPER,
    WIDTH,
    clip,
    close_svg,
    count_ticks,
    esc,
    fmt,
    label,
    line,
    open_svg,
    slot_labels,
    text_width,
)


def bar_list(*, chart_id: str, title: str, description: str, bars: Sequence[tuple[str, int]]) -> Markup:
    """Horizontal bars, their names on the left and their counts at their end."""
    if not bars:
        return Markup("")
    left, right, top, row = 190, WIDTH - 50, 8, 30
    height = top + row * len(bars) + 8
    peak = max(value for _, value in bars) or 1
    parts = open_svg(chart_id, height=height, title=title, description=description, kind="bar-list")
    for index, (name, value) in enumerate(bars):
        y = top + row * index
        width = (right - left) * value / peak
        parts.append(label(left - 8, y + row / 2 + 5, clip(name, left - 12), anchor="end", cls="label"))
        parts.append(
            f'<rect class="bar" x="{left}" y="{fmt(y + 4)}" width="{fmt(width)}" height="{row - 8}" fill="{ACCENT}"/>'
        )
        parts.append(label(left + width + 6, y + row / 2 + 5, str(value), cls="label value", bold=True))
    return close_svg(parts, chart_id=chart_id)


def columns(*, chart_id: str, title: str, description: str, slots: Slots, values: Sequence[int]) -> Markup:
    """Vertical bars, one per period, with a count axis and the count on each bar that has room for it."""
    return stacked(chart_id=chart_id, title=title, description=description, slots=slots,
                   stacks=[(value,) for value in values], names=())  # fmt: skip


STACK_STYLES = (  # done, cancelled, open, overdue: solid, pale, outlined, hatched
    ("done", ACCENT, ""),
    ("cancelled", LINE, ""),
    ("open", PAPER, f' stroke="{ACCENT}" stroke-width="1.5"'),
    ("overdue", "url(#{id}-hatch)", f' stroke="{BAD}" stroke-width="1.5"'),
)


def stacked(
    *, chart_id: str, title: str, description: str, slots: Slots, stacks: Sequence[Sequence[int]],
    names: Sequence[str],
) -> Markup:  # fmt: skip
    """Stacked columns per period; the parts are told apart by their fill (solid, pale, outlined, hatched)."""
    if not slots or not stacks:
        return Markup("")
    legend = 30 if names else 0
    left, right, top, bottom = 56, WIDTH - 12, 14 + legend, 230 + legend
    height = bottom + 2 * FONT + 16
    ticks = count_ticks(max(sum(stack) for stack in stacks))
    peak = ticks[-1] or 1
    room = (right - left) / len(slots)
    xs = [left + room * (index + 0.5) for index in range(len(slots))]
    parts = open_svg(chart_id, height=height, title=title, description=description, kind="column-chart")
    parts.append(
        f'<defs><pattern id="{esc(chart_id)}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect class="hatch-ground" width="6" height="6" fill="{PAPER}"/>'
        f'<line class="hatch" x1="0" y1="0" x2="0" y2="6" stroke="{BAD}" stroke-width="3"/></pattern></defs>'
    )
    for tick in ticks:
        y = bottom - (bottom - top) * tick / peak
        parts.append(line(left, y, right, y, cls="grid", stroke=LINE, width=1))
        parts.append(label(left - 6, y + 5, str(tick), anchor="end", cls="tick-label"))
    parts += slot_labels(slots, xs=xs, room=room, y=bottom + FONT + 6)
    for x, stack in zip(xs, stacks, strict=True):
        parts += _stack(stack, x=x, width=min(room * 0.7, 60), bottom=bottom, scale=(bottom - top) / peak,
                        chart_id=chart_id, plain=not names)  # fmt: skip
        total = int(sum(stack))
        if not names and total and text_width(str(total)) < room:
            y = bottom - (bottom - top) * total / peak
            parts.append(label(x, y - 5, str(total), anchor="middle", cls="label value"))
    if names:
        parts += _legend(names, chart_id=chart_id, left=left)
    return close_svg(parts, chart_id=chart_id)


def _stack(
    stack: Sequence[int], *, x: float, width: float, bottom: float, scale: float, chart_id: str, plain: bool
) -> list[str]:
    """One column of stacked parts, bottom up."""
    parts = []
    y = bottom
    for index, value in enumerate(stack):
        if not value:
            continue
        height = value * scale
        y -= height
        cls, fill, extra = ("bar", ACCENT, "") if plain else STACK_STYLES[index % len(STACK_STYLES)]
        fill = fill.replace("{id}", esc(chart_id))
        parts.append(
            f'<rect class="{cls}" x="{fmt(x - width / 2)}" y="{fmt(y)}" width="{fmt(width)}" height="{fmt(height)}" '
            f'fill="{fill}"{extra}/>'
        )
    return parts


def _legend(names: Sequence[str], *, chart_id: str, left: float) -> list[str]:
    """The key of a stacked chart, on one line above it: each part's swatch, then its name."""
    parts = []
    x = left
    for index, name in enumerate(names):
        cls, fill, extra = STACK_STYLES[index % len(STACK_STYLES)]
        fill = fill.replace("{id}", esc(chart_id))
        parts.append(f'<rect class="{cls}" x="{fmt(x)}" y="6" width="16" height="16" fill="{fill}"{extra}/>')
        parts.append(label(x + 22, 19, name, cls="label"))
        x += 22 + text_width(name) + 18
    return parts
