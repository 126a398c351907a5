"""Corpus stage: metrics across incidents: counts, medians and 90th percentiles, response targets met."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from postmortem.config import SeverityLevel
from postmortem.model.incident import Incident, Span

MEASURES = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve")


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
    return ordered[max(math.ceil(rank / 100 * len(ordered)), 1) - 1]


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """One timing across a set of incidents: how many had it, its median and 90th percentile, in minutes."""

    name: str
    count: int
    median: float | None
    p90: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Breach:
    """An incident whose response missed its severity's target."""

    incident: Incident
    response: Span
    target: int


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
class Metrics:
    """Everything the metrics page shows."""

    by_level: tuple[LevelMetrics, ...]
    by_month: tuple[tuple[str, int], ...]
    unrated: int

    @property
    def breaches(self) -> tuple[Breach, ...]:
        """Every missed response target, level by level."""
        return tuple(breach for level in self.by_level for breach in level.breaches)


def _measures(incidents: Sequence[Incident]) -> tuple[Measure, ...]:
    """Median and 90th percentile of each timing."""
    result = []
    for name in MEASURES:
        values = [span.minutes for incident in incidents if (span := getattr(incident, name)) is not None]
        result.append(Measure(name=name, count=len(values), median=median(values), p90=percentile(values, 90)))
    return tuple(result)


def _level_metrics(level: SeverityLevel, incidents: Sequence[Incident]) -> LevelMetrics:
    """Counts, timings and target compliance of one level."""
    target = level.target
    measured = met = 0
    breaches = []
    for incident in incidents:
        verdict = incident.target_met(target)
        if verdict is None:
            continue
        measured += 1
        if verdict:
            met += 1
        elif target is not None and incident.time_to_acknowledge is not None:
            breaches.append(Breach(incident=incident, response=incident.time_to_acknowledge, target=target.minutes))
    return LevelMetrics(
        level=level,
        count=len(incidents),
        measures=_measures(incidents),
        measured=measured,
        met=met,
        breaches=tuple(breaches),
    )


def compute(incidents: Sequence[Incident], levels: Sequence[SeverityLevel]) -> Metrics:
    """The metrics of *incidents*, level by level in the configured order."""
    by_level = tuple(_level_metrics(level, [i for i in incidents if i.severity == level.id]) for level in levels)
    months = Counter(incident.date.strftime("%Y-%m") for incident in incidents)
    return Metrics(
        by_level=by_level,
        by_month=tuple(sorted(months.items())),
        unrated=sum(1 for incident in incidents if incident.severity is None),
    )
