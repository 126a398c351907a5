"""Export core helper: the shape of ``pm export``'s JSON as typed models, which make both the export and its schema."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from postmortem import __version__
from postmortem.config.model import Config
from postmortem.model.fieldtypes import Count, DateText
from postmortem.model.incident import Incident
from postmortem.model.statuses import ActionStatus

SHAPE_VERSION = 1
Measure = Literal["time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve"]


class Shape(BaseModel):
    """Base of the export's parts: every key always present, no other."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_serialization_defaults_required=True)


class Timing(Shape):
    """A computed timing."""

    minutes: int = Field(description="The timing in whole minutes.")
    approximate: bool = Field(description="True when either end was written as approximate (`~13:45`).")


class Computed(Shape):
    """What pm works out from one incident."""

    time_to_detect: Timing | None = Field(description="From started to detected; null when a time is not known.")
    time_to_acknowledge: Timing | None = Field(description="From detected to acknowledged: the response time.")
    time_to_mitigate: Timing | None = Field(description="From started to mitigated.")
    time_to_resolve: Timing | None = Field(description="From started to resolved.")
    target_minutes: int | None = Field(description="The severity's response target, or null.")
    target_met: bool | None = Field(description="Whether the response met the target; null when either is unknown.")
    open_actions: Count = Field(description="Actions neither done nor cancelled.")
    overdue_actions: Count = Field(description="Open actions past their due date.")


class ExportedIncident(Incident):
    """An incident as written (normalised, every field present, no ``x-`` key) and what pm computes from it."""

    model_config = ConfigDict(json_schema_extra=None)  # no x- key is exported

    computed: Computed = Field(description="What pm works out from the incident.")


class Level(Shape):
    """A configured severity level."""

    id: str = Field(description="The level's id, e.g. P1.")
    name: str = Field(description="Its human name.")
    response_minutes: int | None = Field(description="Its response target in minutes; null for none.")


class TimingStats(Shape):
    """One timing over the incidents of a level."""

    count: Count = Field(description="How many incidents have this timing.")
    median_minutes: int | float | None = Field(description="The median, in minutes.")
    median_approximate: bool = Field(description="True when the median is taken from an approximate time.")
    p90_minutes: int | float | None = Field(description="The 90th percentile, nearest rank.")
    p90_approximate: bool = Field(description="True when the 90th percentile is an approximate time.")


class LevelMetrics(Shape):
    """The metrics of one severity level."""

    severity: str = Field(description="The level's id.")
    incidents: Count = Field(description="How many incidents have this level.")
    measured: Count = Field(description="How many of them have a known response time.")
    met: Count = Field(description="How many of those met the response target.")
    timings: dict[Measure, TimingStats] = Field(description="Per timing: count, median and 90th percentile.")
    breaches: tuple[str, ...] = Field(description="Ids of the incidents whose response missed the target.")


class Metrics(Shape):
    """The figures of the index's metrics page."""

    by_severity: tuple[LevelMetrics, ...] = Field(description="One entry per configured level, in order.")
    by_month: dict[str, Count] = Field(description='Incidents per month, `{"YYYY-MM": count}`.')
    unrated: Count = Field(description="Incidents without a severity.")


class ActionTotals(Shape):
    """Totals of the action ledger."""

    total: Count = Field(description="Every action of every incident.")
    by_status: dict[ActionStatus, Count] = Field(description="How many actions have each status.")
    overdue: Count = Field(description="Open actions past their due date.")
    unassigned: Count = Field(description="Actions with no owner.")
    completion: float | None = Field(ge=0, le=1, description="done / (total - cancelled); null when there is none.")


class Export(Shape):
    """The whole repository for dashboards: ``pm export`` (docs/export.md)."""

    format: Literal["pm-export"] = Field(description="Always pm-export.")
    version: Literal[1] = Field(description="Version of this shape: changes only when a key goes or changes meaning.")
    pm_version: str = Field(description="The pm that wrote it.")
    generated_on: DateText = Field(description="The day the overdue actions were computed for.")
    title: str = Field(description="The repository's title.")
    severities: tuple[Level, ...] = Field(description="The configured levels, in order.")
    incidents: tuple[ExportedIncident, ...] = Field(description="Every incident, oldest first.")
    metrics: Metrics = Field(description="The figures of the metrics page.")
    actions: ActionTotals = Field(description="Totals of the action ledger.")


def export_schema(config: Config) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of ``pm export``'s JSON, from the models that write it."""
    schema = Export.model_json_schema(mode="serialization")
    levels = [level.id for level in config.severities]
    schema["$defs"]["ExportedIncident"]["properties"]["severity"] = {
        "anyOf": [{"enum": levels}, {"type": "null"}],
        "description": "A severity level of the configuration, or null.",
    }
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{config.title}: pm export, shape version {SHAPE_VERSION}",
        "description": f"The JSON that `pm export` writes (pm {__version__}). Generated by `pm schema --export`.",
    }
    return head | {key: value for key, value in schema.items() if key not in head}
