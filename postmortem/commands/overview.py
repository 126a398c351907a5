"""Terminal views core: the corrective actions still to do and the metrics, as rows for `pm actions` and `pm stats`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from postmortem.config.model import Config
from postmortem.corpus import metrics, views
from postmortem.corpus.repository import Corpus, load_corpus
from postmortem.errors import Level, WrongValue, did_you_mean, plural
from postmortem.model.incident import Incident
from postmortem.model.statuses import CLOSED_ACTION_STATUSES
from postmortem.render.i18n import Formatter

NAMES = {"time_to_detect": "detect", "time_to_acknowledge": "acknowledge",
         "time_to_mitigate": "mitigate", "time_to_resolve": "resolve"}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class View:
    """A table for the terminal, the lines to print under it, and how many overdue actions it holds."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    overdue: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Which incidents a view covers: by tag and severity (any of those given)."""

    tags: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()

    def keeps(self, incident: Incident) -> bool:
        """True when *incident* is selected."""
        tags = {tag.lower() for tag in self.tags}
        if tags and not tags & {tag.lower() for tag in incident.tags}:
            return False
        return not self.severities or incident.severity in self.severities


def _corpus(config: Config, selection: Selection) -> tuple[Corpus, list[Incident]]:
    """The repository's valid incidents that the selection keeps (files with errors are counted, not shown)."""
    for level in selection.severities:
        if level not in config.levels:  # a typo would silently show nothing
            hint = did_you_mean(level, config.levels)
            message = f"unknown severity {level!r}{hint}; levels: {', '.join(config.levels)}"
            raise WrongValue(message, parameter="--severity")
    corpus = load_corpus(config)
    return corpus, [incident for incident in corpus.incidents if selection.keeps(incident)]


def _skipped(corpus: Corpus) -> int:
    """How many files were left out because they have errors."""
    return len({p.path for p in corpus.problems if p.level is Level.ERROR})


def actions_view(
    config: Config, *, today: dt.date, selection: Selection, owner: str | None = None, everything: bool = False
) -> View:
    """The corrective actions still to do (all with *everything*), overdue first, optionally for one owner."""
    corpus, incidents = _corpus(config, selection)
    lines = [
        line
        for line in views.ledger(incidents, today=today).lines
        if (everything or line.action.status not in CLOSED_ACTION_STATUSES)
        and (owner is None or (line.action.owner or "").casefold() == owner.casefold())
    ]
    rows = tuple(
        (
            str(line.action.due) if line.action.due else "",
            _status(line),
            line.action.owner or ("(unassigned)" if line.action.unassigned else "(no owner)"),
            line.incident.id,
            line.incident.severity or "",
            line.action.what,
        )
        for line in lines
    )
    overdue = sum(line.overdue for line in lines)
    kind = "action" if everything else "open action"
    notes = (f"{plural(len(rows), kind)}, {overdue} overdue (as of {today.isoformat()}).",)
    return View(headers=("due", "status", "owner", "incident", "severity", "action"), rows=rows, notes=notes,
                overdue=overdue, skipped=_skipped(corpus))  # fmt: skip


def _status(line: views.LedgerLine) -> str:
    """An action's status for the terminal: OVERDUE first, and the day it was last known when the file says."""
    status = "OVERDUE" if line.overdue else line.action.status
    return f"{status} as of {line.action.as_of.isoformat()}" if line.action.as_of else status


def _minutes(value: float | None, words: Formatter, *, approximate: bool) -> str:
    """A median or percentile in words (``~`` when taken from an approximate time), or a dash when none was measured."""
    return words.duration(round(value), approximate=approximate) if value is not None else "-"


def _level_row(level: metrics.LevelMetrics, words: Formatter) -> tuple[str, ...]:
    """One severity level: count, response target and share met, then the median and p90 of each timing."""
    target = level.level.response or "-"
    met = f"{level.met}/{level.measured}" if level.measured else "-"
    timings = [
        f"{_minutes(m.median, words, approximate=m.median_approximate)} / "
        f"{_minutes(m.p90, words, approximate=m.p90_approximate)}"
        for m in level.measures
    ]
    return (level.level.id, str(level.count), target, met, *timings)


def stats_view(config: Config, *, today: dt.date, selection: Selection) -> View:
    """The metrics of the index: per severity, the count, targets met and the median / p90 of each timing."""
    corpus, incidents = _corpus(config, selection)
    words = Formatter(language="en", timezone=config.timezone)
    result = metrics.compute(incidents, config.severities, today=today)
    rows = tuple(_level_row(level, words) for level in result.by_level)
    headers = ("severity", "incidents", "target", "met", *(f"{NAMES[name]} (median / p90)" for name in NAMES))
    ledger = views.ledger(incidents, today=today)
    completion = f"{ledger.completion:.0%}" if ledger.completion is not None else "-"
    notes = (
        f"{plural(len(incidents), 'incident')} ({_statuses(incidents)}), {result.unrated} without severity.",
        f"Actions: {len(ledger.lines)}, {ledger.count('done')} done ({completion} of those not cancelled), "
        f"{ledger.overdue} overdue.",
        f"Response targets missed: {len(result.breaches)}.",
    )
    return View(headers=headers, rows=rows, right=(1,), notes=notes, overdue=ledger.overdue,
                skipped=_skipped(corpus))  # fmt: skip


def _statuses(incidents: Sequence[Incident]) -> str:
    """How many incidents have each status, such as ``8 final, 2 draft``."""
    counts = {status: sum(i.status == status for i in incidents) for status in ("final", "in-review", "draft")}
    return ", ".join(f"{count} {status}" for status, count in counts.items() if count) or "none"
