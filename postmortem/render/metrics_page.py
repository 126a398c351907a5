"""Render stage helper: what the metrics page shows: its charts, and the table of figures beside each chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from postmortem.config.model import SeverityLevel
from postmortem.corpus import metrics
from postmortem.render import bar_charts
from postmortem.render import metric_charts as charts
from postmortem.render.metrics_words import Words

TOP = 12  # bars in a chart of themes, components or owners (the tables hold them all)
BREACHES_SHOWN = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A table beside a chart: its caption, its column headers and its rows, each row's first cell its header."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A chart and its table."""

    id: str
    title: str
    chart: Markup
    table: Table
    wide: bool = False  # its table is too wide to stand beside the chart: it goes under it


def _ranks(levels: Sequence[SeverityLevel]) -> dict[str, int]:
    """Each level's rank, 1 for the first."""
    return {level.id: index for index, level in enumerate(levels, start=1)}


def trend_figures(result: metrics.Metrics, levels: Sequence[SeverityLevel], words: Words) -> list[Figure]:
    """For each timing, its median per period and level, with the response targets on the response chart."""
    ranks = _ranks(levels)
    cells = {(c.measure.name, c.level, c.period): c.measure for c in result.trends}
    figures = []
    for name in metrics.MEASURES:
        shown = [lv for lv in levels if any((name, lv.id, p) in cells for p in result.periods)]
        series = [
            charts.Series(
                name=lv.id,
                rank=ranks[lv.id],
                values=tuple(_median(cells.get((name, lv.id, p))) for p in result.periods),
            )
            for lv in shown
        ]
        targets = [(f"{lv.id} < {lv.response}", ranks[lv.id], lv.target.minutes) for lv in shown if lv.target]
        targets = targets if name == metrics.RESPONSE else []
        title = words.s["trend_title"].format(measure=words.t[name], period=words.kind(result.periods))
        rows = tuple(
            (words.period(p), *(_median_cell(cells.get((name, lv.id, p)), words) for lv in shown))
            for p in result.periods
        )
        chart = charts.trend_chart(
            chart_id=f"trend-{name}", title=title, description=_describe(rows), duration=words.fmt.duration,
            slots=[words.slot(p) for p in result.periods], series=series, targets=targets,
        )  # fmt: skip
        caption = words.s["trend_caption"].format(measure=words.t[name], period=words.kind(result.periods))
        table = Table(caption=caption, columns=(words.s["period"], *(lv.id for lv in shown)), rows=rows)
        figures.append(Figure(id=f"trend-{name}", title=title, chart=chart, table=table))
    return figures


def _median(found: metrics.Measure | None) -> float | None:
    """The median of a cell, if it has one."""
    return found.median if found else None


def _median_cell(found: metrics.Measure | None, words: Words) -> str:
    """A median and how many incidents it is of: ``12 min (4)``."""
    if not (found and found.count):
        return "—"
    return f"{words.minutes(found.median, approximate=found.median_approximate)} ({found.count})"


def _describe(rows: Sequence[tuple[str, ...]]) -> str:
    """A chart's short description: its table's rows in one line."""
    return "; ".join(f"{row[0]}: {', '.join(row[1:])}" for row in rows[:24])


def spread_figure(result: metrics.Metrics, levels: Sequence[SeverityLevel], words: Words) -> Figure:
    """Every incident's response time on its level's row, against the level's target; the table sums each row up."""
    ranks = _ranks(levels)
    points: dict[str, list[metrics.Point]] = {lv.id: [] for lv in levels}
    for point in result.points:
        points[point.level].append(point)
    rows = [
        charts.StripRow(name=lv.id, rank=ranks[lv.id], target=lv.target.minutes if lv.target else None,
                        target_text=f"< {lv.response}", points=tuple((p.minutes, p.met) for p in points[lv.id]))
        for lv in levels
    ]  # fmt: skip
    table_rows = []
    for row in result.by_level:
        values = sorted((p.minutes, p.approximate) for p in points[row.level.id])
        fastest, slowest = (values[0], values[-1]) if values else ((None, False), (None, False))
        response = row.measures[metrics.MEASURES.index(metrics.RESPONSE)]
        table_rows.append((
            f"{row.level.id} — {row.level.name}", str(row.count), str(len(values)),
            words.minutes(fastest[0], approximate=fastest[1]),
            words.minutes(response.median, approximate=response.median_approximate),
            words.minutes(response.p90, approximate=response.p90_approximate),
            words.minutes(slowest[0], approximate=slowest[1]),
            f"< {row.level.response}" if row.level.response else words.t["planned"],
            f"{row.met}/{row.measured}" if row.measured else "—",
        ))  # fmt: skip
    s = words.s
    title = s["spread_title"]
    chart = charts.strip_chart(
        chart_id="spread", title=title, description=_describe([(r[0], *r[3:8]) for r in table_rows]), rows=rows,
        duration=words.fmt.duration,
    )  # fmt: skip
    columns = (s["level"], s["count"], s["measured"], s["fastest"], s["median"], s["p90"], s["slowest"], s["target"],
               s["met_share"])  # fmt: skip
    table = Table(caption=s["spread_caption"], columns=columns, rows=tuple(table_rows))
    return Figure(id="spread", title=title, chart=chart, table=table, wide=True)


def breach_rows(result: metrics.Metrics, words: Words) -> tuple[tuple[Any, ...], ...]:
    """The missed targets, the furthest beyond first: incident, date, level, target as written, response, excess."""
    written = {row.level.id: row.level.response or "" for row in result.by_level}
    return tuple(
        (b.incident, words.fmt.date(b.incident.date, "medium"), b.incident.severity or "",
         written.get(b.incident.severity or "", ""), words.fmt.duration(b.response), words.fmt.duration(b.excess))
        for b in result.worst_breaches[:BREACHES_SHOWN]
    )  # fmt: skip


def period_figure(result: metrics.Metrics, words: Words) -> Figure:
    """Incidents per period."""
    s = words.s
    title = s["per_period"].format(period=words.kind(result.periods))
    rows = tuple((words.period(p), str(n)) for p, n in zip(result.periods, result.per_period, strict=True))
    chart = bar_charts.columns(chart_id="per-period", title=title, description=_describe(rows),
                               slots=[words.slot(p) for p in result.periods], values=result.per_period)  # fmt: skip
    table = Table(caption=title, columns=(s["period"], s["count"]), rows=rows)
    return Figure(id="per-period", title=title, chart=chart, table=table)


def recurrence_figure(found: Sequence[metrics.Recurrence], *, kind: str, heading: str, words: Words) -> Figure:
    """The themes (or components) the most incidents share, and when they were seen first and last."""
    s = words.s
    bars = [(r.name, r.incidents) for r in found[:TOP]]
    chart = bar_charts.bar_list(chart_id=f"recurring-{kind}", title=heading, bars=bars,
                                description="; ".join(f"{name}: {count}" for name, count in bars))  # fmt: skip
    rows = tuple(
        (r.name, str(r.incidents), str(r.periods), words.fmt.date(r.first, "medium"), words.fmt.date(r.last, "medium"))
        for r in found
    )
    columns = (heading, s["count"], s["periods_seen"], s["first_seen"], s["last_seen"])
    table = Table(caption=s["recurrence_caption"].format(what=heading), columns=columns, rows=rows)
    return Figure(id=f"recurring-{kind}", title=heading, chart=chart, table=table, wide=True)


def action_figures(result: metrics.Metrics, words: Words) -> list[Figure]:
    """How the actions opened each period stand, and who holds the overdue ones."""
    s = words.s
    names = (s["done"], s["cancelled"], s["open"], s["overdue_count"])
    title = s["actions_title"].format(period=words.kind(result.periods))
    stacks = [(c.done, c.cancelled, c.open, c.overdue) for c in result.actions]
    rows = tuple((words.period(c.period), str(c.opened), *map(str, stack))
                 for c, stack in zip(result.actions, stacks, strict=True))  # fmt: skip
    chart = bar_charts.stacked(chart_id="actions", title=title, description=_describe(rows), names=names,
                               slots=[words.slot(c.period) for c in result.actions], stacks=stacks)  # fmt: skip
    table = Table(caption=title, columns=(s["period"], s["opened"], *names), rows=rows)
    figures = [Figure(id="actions-closing", title=title, chart=chart, table=table, wide=True)]
    owners = [o for o in result.owners if o.overdue]
    if result.unassigned and result.unassigned.overdue:
        owners.append(result.unassigned)
    owners.sort(key=lambda o: (-o.overdue, o.owner.lower()))
    label = {o.owner: o.owner or s["unassigned"] for o in owners}
    bars = [(label[o.owner], o.overdue) for o in owners[:TOP]]
    heading = s["overdue_by_owner"]
    chart = bar_charts.bar_list(chart_id="overdue-owners", title=heading, bars=bars,
                                description="; ".join(f"{name}: {count}" for name, count in bars))  # fmt: skip
    rows = tuple((label[o.owner], str(o.overdue), str(o.open), str(o.done), str(o.total)) for o in owners)
    columns = (words.t["owner"], s["overdue_count"], s["open"], s["done"], s["total"])
    figures.append(Figure(id="overdue-owners", title=heading, chart=chart,
                          table=Table(caption=heading, columns=columns, rows=rows)))  # fmt: skip
    return figures


def metrics_values(result: metrics.Metrics, *, levels: Sequence[SeverityLevel], words: Words) -> dict[str, Any]:
    """Everything the metrics page shows beyond the metrics themselves (the names of METRICS_VALUES)."""
    s = words.s
    return {
        "period_word": words.kind(result.periods),
        "period_range": " – ".join(dict.fromkeys(words.period(p) for p in (result.periods[:1] + result.periods[-1:]))),
        "trend_figures": trend_figures(result, levels, words),
        "spread_figure": spread_figure(result, levels, words),
        "breach_rows": breach_rows(result, words),
        "period_figure": period_figure(result, words),
        "recurrence_figures": [
            recurrence_figure(result.themes, kind="themes", heading=s["themes"], words=words),
            recurrence_figure(result.components, kind="components", heading=words.t["components"], words=words),
        ],
        "action_figures": action_figures(result, words),
        "action_counts": {"open": result.open_actions, "overdue": result.overdue_actions},
    }
