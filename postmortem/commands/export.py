"""Export core: the whole corpus with its computed figures as versioned JSON, and the action ledger as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Literal

from postmortem import __version__
from postmortem.commands.exportshape import (
    SHAPE_VERSION,
    ActionTotals,
    Computed,
    Export,
    ExportedIncident,
    Level,
    LevelMetrics,
    Metrics,
    Timing,
    TimingStats,
)
from postmortem.config.model import Config
from postmortem.corpus import metrics, views
from postmortem.corpus.audience import Audience, for_audience
from postmortem.corpus.repository import load_corpus
from postmortem.errors import ProblemsFound
from postmortem.inert import json_text, spreadsheet_cell
from postmortem.model.incident import Incident, Span
from postmortem.model.statuses import ACTION_STATUSES, CLOSED_ACTION_STATUSES
from postmortem.render.report import internal_labels

ExportFormat = Literal["json", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "csv")
BYTE_ORDER_MARK = "\ufeff"
CSV_COLUMNS = ("incident_id", "incident_title", "incident_date", "severity", "incident_status",
               "action", "kind", "owner", "due", "status", "overdue", "link",
               "unassigned", "as_of", "note")  # fmt: skip


def _timing(measure: metrics.Measure) -> TimingStats:
    """One timing of a level: its count, median and 90th percentile, each saying whether it is approximate."""
    return TimingStats(
        count=measure.count,
        median_minutes=measure.median,
        median_approximate=measure.median_approximate,
        p90_minutes=measure.p90,
        p90_approximate=measure.p90_approximate,
    )


def _span(span: Span | None) -> Timing | None:
    """A computed timing as ``{minutes, approximate}``."""
    return None if span is None else Timing(minutes=span.minutes, approximate=span.approximate)


def _computed(incident: Incident, config: Config, today: dt.date) -> Computed:
    """What pm computes from one incident: timings, the response target and whether it was met, action counts."""
    level = config.levels.get(incident.severity or "")
    target = level.target if level else None
    return Computed(
        time_to_detect=_span(incident.time_to_detect),
        time_to_acknowledge=_span(incident.time_to_acknowledge),
        time_to_mitigate=_span(incident.time_to_mitigate),
        time_to_resolve=_span(incident.time_to_resolve),
        target_minutes=target.minutes if target else None,
        target_met=incident.target_met(target),
        open_actions=sum(a.status not in CLOSED_ACTION_STATUSES for a in incident.actions),
        overdue_actions=len(incident.overdue_actions(today)),
    )


def _incident(incident: Incident, config: Config, today: dt.date) -> ExportedIncident:
    """An incident as written (normalised, already checked: not validated again) plus its computed figures."""
    fields = {name: getattr(incident, name) for name in Incident.model_fields}
    return ExportedIncident.model_construct(**fields, computed=_computed(incident, config, today))


def _metrics(incidents: Sequence[Incident], config: Config, today: dt.date) -> Metrics:
    """The index's metrics: per severity, per month, and how many incidents have no severity."""
    result = metrics.compute(incidents, config.severities, today=today)
    levels = tuple(
        LevelMetrics(
            severity=level.level.id,
            incidents=level.count,
            measured=level.measured,
            met=level.met,
            timings={m.name: _timing(m) for m in level.measures},
            breaches=tuple(breach.incident.id for breach in level.breaches),
        )
        for level in result.by_level
    )  # fmt: skip
    return Metrics(by_severity=levels, by_month=dict(result.by_month), unrated=result.unrated)


def _actions(incidents: Sequence[Incident], today: dt.date) -> ActionTotals:
    """Totals of the action ledger."""
    ledger = views.ledger(incidents, today=today)
    return ActionTotals(
        total=len(ledger.lines),
        by_status={status: ledger.count(status) for status in ACTION_STATUSES},
        overdue=ledger.overdue,
        unassigned=ledger.unassigned.total if ledger.unassigned else 0,
        completion=ledger.completion,
    )


def export_json(incidents: Sequence[Incident], *, config: Config, today: dt.date) -> str:
    """The corpus as one JSON document of shape version ``SHAPE_VERSION`` (see docs/export.md)."""
    document = Export(
        format="pm-export",
        version=SHAPE_VERSION,
        pm_version=__version__,
        generated_on=today.isoformat(),
        title=config.title,
        severities=tuple(
            Level(id=level.id, name=level.name, response_minutes=level.target.minutes if level.target else None)
            for level in config.severities
        ),
        incidents=tuple(_incident(incident, config, today) for incident in incidents),
        metrics=_metrics(incidents, config, today),
        actions=_actions(incidents, today),
    )
    return json_text(document.model_dump(mode="json")) + "\n"


def export_csv(incidents: Sequence[Incident], *, today: dt.date) -> str:
    """The action ledger, one row per action, for spreadsheets (UTF-8 with a byte-order mark, commas, a header row).

    The byte-order mark is what makes Excel read the file as UTF-8 when it is opened with a double click (without
    it, Excel reads the system's legacy code page and accents come out garbled); LibreOffice and Google Sheets
    recognise it too. Every cell is made inert: no control character, no text a spreadsheet would run as a formula.
    """
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in views.ledger(incidents, today=today).lines:
        incident, action = line.incident, line.action
        cells = (incident.id, incident.title, incident.date.isoformat(), incident.severity or "", incident.status,
                 action.what, action.kind or "", action.owner or "", str(action.due) if action.due else "",
                 action.status, "yes" if line.overdue else "no", action.link or "",
                 "yes" if action.unassigned else "no", action.as_of.isoformat() if action.as_of else "",
                 action.note or "")  # fmt: skip
        writer.writerow(spreadsheet_cell(cell) for cell in cells)
    return out.getvalue()


def export(config: Config, *, output: ExportFormat, today: dt.date, audience: Audience = "internal") -> str:
    """Export the repository's incidents; refuse while any file has errors (a dashboard must not miss one)."""
    corpus = load_corpus(config)
    if corpus.errors:
        raise ProblemsFound(list(corpus.problems), consequence="nothing was exported")
    corpus = for_audience(corpus, audience=audience, labels=internal_labels(config))
    if output == "csv":
        return export_csv(corpus.incidents, today=today)
    return export_json(corpus.incidents, config=config, today=today)
