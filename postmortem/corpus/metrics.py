"""Corpus stage: metrics across incidents, gathered in one pass: timings per level and period, targets, recurrences."""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from postmortem.config.model import SeverityLevel
from postmortem.corpus.facts import action_state
from postmortem.corpus.figures import MEASURES as MEASURES
from postmortem.corpus.figures import FiguresOf, read_figures
from postmortem.corpus.gathering import Counted, Gathered, owner_lines
from postmortem.corpus.periods import Period, PeriodKind, periods_between
from postmortem.corpus.views import OwnerLine
from postmortem.model.head import Head, heads_of
from postmortem.model.incident import Incident, Span

RESPONSE = "time_to_acknowledge"  # the timing a level's response target is about
_RESPONSE = MEASURES.index(RESPONSE)
_BY_MINUTES = operator.attrgetter("minutes", "approximate")  # spans in order; among equal minutes, exact first


def median(values: Sequence[int]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[int], rank: float) -> int | None:
    """The nearest-rank percentile: the smallest value with at least *rank* % of values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[_nearest_rank(len(ordered), rank)]


def _nearest_rank(count: int, rank: float) -> int:
    """The index, in *count* ordered values, of the nearest-rank *rank* percentile."""
    return max(math.ceil(rank / 100 * count), 1) - 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """One timing across a set of incidents: how many had it, its median and 90th percentile, in minutes.

    The median or the percentile is approximate when a span it is taken from is: ``~`` is kept as in each report.
    """

    name: str
    count: int
    median: float | None
    p90: int | None
    median_approximate: bool = False
    p90_approximate: bool = False


def measure(name: str, spans: Sequence[Span]) -> Measure:
    """The summary of the *spans* of the timing *name*; among equal minutes an exact span is taken first."""
    ordered = sorted(spans, key=_BY_MINUTES)
    middle = ordered[(len(ordered) - 1) // 2 : len(ordered) // 2 + 1]
    return Measure(
        name=name,
        count=len(ordered),
        median=median([span.minutes for span in ordered]),
        p90=percentile([span.minutes for span in ordered], 90),
        median_approximate=any(span.approximate for span in middle),
        p90_approximate=bool(ordered) and ordered[_nearest_rank(len(ordered), 90)].approximate,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Breach:
    """An incident whose response missed its severity's target, and by how much."""

    incident: Incident | Head  # its head when the templates are pm's own, which show its id, title, date, level
    response: Span
    target: int

    @property
    def excess(self) -> int:
        """Minutes beyond the target."""
        return self.response.minutes - self.target


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    """One incident's response time, for the chart that shows each incident against its level's target."""

    incident_id: str
    level: str
    minutes: int
    met: bool | None
    approximate: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelMetrics:
    """The metrics of one severity level."""

    level: SeverityLevel
    count: int
    measures: tuple[Measure, ...]
    measured: int
    met: int
    breaches: tuple[Breach, ...]

    @property
    def met_share(self) -> float | None:
        """Share of incidents with a measured response that met the target; None when none was measured."""
        return self.met / self.measured if self.measured else None


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendCell:
    """One timing of one level in one period."""

    period: Period
    level: str
    measure: Measure


@dataclass(frozen=True, slots=True, kw_only=True)
class Recurrence:
    """A theme or component and the incidents that share it."""

    name: str
    incidents: int
    periods: int
    first: dt.date
    last: dt.date
    last_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionCohort:
    """The corrective actions opened in one period (by their incident's date), and how they stand today."""

    period: Period
    done: int
    cancelled: int
    open: int
    overdue: int

    @property
    def opened(self) -> int:
        """How many actions were opened in the period."""
        return self.done + self.cancelled + self.open + self.overdue


@dataclass(frozen=True, slots=True, kw_only=True)
class Metrics:
    """Everything the metrics page shows, and what `pm stats` and the export share of it."""

    by_level: tuple[LevelMetrics, ...]
    by_month: tuple[tuple[str, int], ...]
    unrated: int
    periods: tuple[Period, ...]
    per_period: tuple[int, ...]
    trends: tuple[TrendCell, ...]
    points: tuple[Point, ...]
    themes: tuple[Recurrence, ...]
    components: tuple[Recurrence, ...]
    actions: tuple[ActionCohort, ...]
    owners: tuple[OwnerLine, ...] = ()  # the owners named by actions, the most overdue first (as the ledger's)
    unassigned: OwnerLine | None = None  # the actions that name no owner, if any

    @property
    def open_actions(self) -> int:
        """How many actions are neither done nor cancelled."""
        return sum(owner.open for owner in self._owners)

    @property
    def overdue_actions(self) -> int:
        """How many actions are overdue."""
        return sum(owner.overdue for owner in self._owners)

    @property
    def _owners(self) -> tuple[OwnerLine, ...]:
        """Every owner's line, the unassigned actions' too."""
        return self.owners + ((self.unassigned,) if self.unassigned else ())

    @property
    def breaches(self) -> tuple[Breach, ...]:
        """Every missed response target, level by level."""
        return tuple(breach for level in self.by_level for breach in level.breaches)

    @property
    def worst_breaches(self) -> tuple[Breach, ...]:
        """Every missed response target, the furthest beyond its target first."""
        return tuple(sorted(self.breaches, key=lambda b: (-b.excess, b.incident.date, b.incident.id)))


def _level_metrics(
    level: SeverityLevel, incidents: Sequence[Counted], points: list[Point], models: Sequence[Incident] | None
) -> LevelMetrics:
    """Counts, timings and target compliance of one level; adds each measured response to *points*.

    *models*: the incidents, of which a model is made only for those that missed the target (their breach shows
    it); None: a breach shows the incident's head.
    """
    target = level.target
    measured = met = 0
    breaches = []
    for number, head, figures in incidents:
        response = figures.timings[_RESPONSE]
        verdict = None if target is None or response is None else response.minutes <= target.minutes
        if response is not None:
            points.append(Point(incident_id=head.id, level=level.id, minutes=response.minutes, met=verdict,
                                approximate=response.approximate))  # fmt: skip
        if verdict is None:
            continue
        measured += 1
        if verdict:
            met += 1
        elif target is not None and response is not None:
            missed = head if models is None else models[number]
            breaches.append(Breach(incident=missed, response=response, target=target.minutes))
    timings = [figures.timings for _, _, figures in incidents]
    values = [[s for spans in timings if (s := spans[index]) is not None] for index in range(len(MEASURES))]
    return LevelMetrics(
        level=level,
        count=len(incidents),
        measures=tuple(measure(name, found) for name, found in zip(MEASURES, values, strict=True)),
        measured=measured,
        met=met,
        breaches=tuple(breaches),
    )


def _recurrences(found: dict[str, list[tuple[dt.date, str, dt.date]]], period_of: PeriodOf) -> tuple[Recurrence, ...]:
    """Themes or components shared by incidents (each as its date, id and month), the most frequent first."""
    result = []
    for name, incidents in found.items():
        last = max(incidents)
        seen = {period_of(month) for month in {month for _, _, month in incidents}}
        result.append(Recurrence(name=name, incidents=len(incidents), periods=len(seen), first=min(incidents)[0],
                                 last=last[0], last_id=last[1]))  # fmt: skip
    return tuple(sorted(result, key=lambda r: (-r.incidents, -r.periods, r.name.lower(), r.name)))


PeriodOf = Callable[[dt.date], Period]  # the period (month or quarter) of a month, known by its first day


def _period_finder(periods: Sequence[Period]) -> PeriodOf:
    """The period of each month, among *periods*: found once a month (thousands of counts share a few months)."""
    kind: PeriodKind = periods[0].kind if periods else "month"
    found: dict[dt.date, Period] = {}

    def period_of(month: dt.date) -> Period:
        period = found.get(month)
        if period is None:
            period = found[month] = Period.of(month, kind=kind)
        return period

    return period_of


def _trends(
    gathered: Gathered, periods: Sequence[Period], levels: Sequence[SeverityLevel], period_of: PeriodOf
) -> tuple[TrendCell, ...]:
    """Median and 90th percentile of each timing, per period and level."""
    pooled: dict[tuple[Period, str, str], list[Span]] = defaultdict(list)
    for (month, level, name), values in gathered.values.items():
        pooled[(period_of(month), level, name)] += values
    return tuple(
        TrendCell(period=period, level=level.id, measure=measure(name, pooled[(period, level.id, name)]))
        for name in MEASURES
        for level in levels
        for period in periods
        if (period, level.id, name) in pooled
    )


def compute(
    incidents: Sequence[Incident],
    levels: Sequence[SeverityLevel],
    *,
    today: dt.date,
    figures: FiguresOf = read_figures,
    heads: bool = False,
) -> Metrics:
    """The metrics of *incidents*, level by level in the configured order, period by period (actions as of *today*).

    *figures* gives what the metrics take of each incident, from its head and what makes its model: read from the
    model, or kept by an earlier build. The rest is read from the heads: a model is made only where it is read,
    for each missed target's breach, unless *heads* (a breach then holds the incident's head).
    """
    gathered = Gathered()
    for number, head in enumerate(heads_of(incidents)):
        gathered.add(number, head, figures(head, functools.partial(incidents.__getitem__, number)))
    periods = periods_between(min(gathered.months, default=None), max(gathered.months, default=None))
    period_of = _period_finder(periods)
    points: list[Point] = []
    owners, unassigned = owner_lines(gathered, today=today.isoformat())
    models = None if heads else incidents
    by_level = tuple(_level_metrics(level, gathered.by_level.get(level.id, []), points, models) for level in levels)
    per_period: Counter[Period] = Counter()
    actions: dict[Period, Counter[str]] = defaultdict(Counter)
    for month, count in gathered.months.items():
        per_period[period_of(month)] += count
    day = today.isoformat()
    for (month, standing), count in gathered.actions.items():
        actions[period_of(month)][action_state(standing, today=day)] += count
    return Metrics(
        by_level=by_level,
        by_month=tuple(sorted((month.strftime("%Y-%m"), count) for month, count in gathered.months.items())),
        unrated=len(gathered.by_level.get("", [])),
        periods=periods,
        per_period=tuple(per_period[period] for period in periods),
        trends=_trends(gathered, periods, levels, period_of),
        points=tuple(points),
        themes=_recurrences(gathered.themes, period_of),
        components=_recurrences(gathered.components, period_of),
        actions=tuple(_cohort(period, actions[period]) for period in periods),
        owners=owners,
        unassigned=unassigned,
    )


def _cohort(period: Period, states: Counter[str]) -> ActionCohort:
    """The actions opened in *period*, by where they stand."""
    return ActionCohort(
        period=period,
        done=states["done"],
        cancelled=states["cancelled"],
        open=states["open"],
        overdue=states["overdue"],
    )
