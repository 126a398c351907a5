"""Model stage: the incident file as frozen, typed objects, and the values computed from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from postmortem.errors import did_you_mean
from postmortem.model.durations import Duration
from postmortem.model.fieldtypes import (
    MAX_LIST,
    MAX_TIMELINE,
    DateText,
    DurationText,
    Frozen,
    Line,
    Markdown,
    Slug,
)
from postmortem.model.messages import EXTENSION_PREFIX
from postmortem.model.moments import Moment
from postmortem.model.names import unsafe_id
from postmortem.model.parts import (
    ENDING_MILESTONES,
    Action,
    Impact,
    Lessons,
    Milestone,
    Reference,
    Responder,
    TimelineEntry,
    one_or_many,
)
from postmortem.model.times import carried_day, minutes_between, resolve, resolve_end
from postmortem.model.zones import home_zone

Status = Literal["draft", "in-review", "final"]
Language = Literal["en", "fr"]
ALWAYS_PUBLIC = frozenset({"id", "title", "status", "date", "internal", "extensions"})


@dataclass(frozen=True, slots=True)
class Placed:
    """A timeline entry with its day and, when known, its exact moment."""

    index: int
    entry: TimelineEntry
    day: dt.date | None
    when: dt.datetime | None
    until: dt.datetime | None = None  # the end of a range such as 14:02–14:07
    day_approximate: bool = False  # its day is approximate: written ``~2021-10-27``, or continued from such a day

    def at(self, milestone: str) -> dt.datetime | None:
        """The instant a milestone here stands for: a range's end for mitigated and resolved, else its start."""
        return (self.until or self.when) if milestone in ENDING_MILESTONES else self.when

    def approximate(self, milestone: str) -> bool:
        """Whether the instant *milestone* takes here is approximate: its end's or start's mark, or its day's."""
        return self.approximate_end(ending=milestone in ENDING_MILESTONES)

    def approximate_end(self, *, ending: bool) -> bool:
        """Whether this entry's start (its end, when *ending*) is approximate: its own mark, or its day's."""
        at = self.entry.at
        own = at.end.approximate if ending and at.end is not None else at.approximate
        return own or self.day_approximate


@dataclass(frozen=True, slots=True)
class Span:
    """A computed time between two milestones; approximate when either end is."""

    minutes: int
    approximate: bool


class Incident(Frozen):
    """One post-mortem write-up."""

    model_config = ConfigDict(json_schema_extra={"patternProperties": {f"^{EXTENSION_PREFIX}": {}}})

    id: Slug = Field(
        description="Unique id, e.g. INC-042; letters, digits, '.', '_' and '-'; it names the report files, "
        "so not a name the site uses (index, search…), even in another case."
    )
    title: Annotated[str, Field(min_length=1, max_length=200)] = Field(description="One-line title.")
    status: Status = Field(description="draft, in-review or final; what is required grows with it.")
    date: DateText = Field(description="Day the incident started, YYYY-MM-DD.")
    authors: tuple[Line, ...] = Field(default=(), description="Who wrote the post-mortem.")
    severity: str | None = Field(default=None, description="A severity level of the configuration, e.g. P2.")
    language: Language = Field(default="en", description="Language of the write-up (en, fr); the config's by default.")
    timezone: str = Field(default="UTC", description="Zone of timeline times that give none; the config's by default.")
    tags: tuple[str, ...] = Field(default=(), description="Themes, used to group lessons.")
    components: tuple[str, ...] = Field(default=(), description="Affected systems or services.")
    summary: Markdown = Field(default=None, description="What happened, in a few sentences.")
    impact: Impact | None = Field(default=None, description="Who and what was affected.")
    detection: Markdown = Field(default=None, description="How the incident was noticed.")
    trigger: Markdown = Field(default=None, description="The event that set it off.")
    root_cause: Markdown = Field(default=None, description="Why it happened.")
    contributing_factors: tuple[Line, ...] = Field(default=(), description="What made it worse or more likely.")
    resolution: Markdown = Field(default=None, description="How service was restored.")
    time_spent: DurationText | None = Field(default=None, description="Hands-on time spent, e.g. 2h, 1h30, 30min.")
    timeline: tuple[TimelineEntry, ...] = Field(
        default=(), max_length=MAX_TIMELINE, description="Events in order: `{at, text, milestone}`."
    )
    responders: tuple[Responder, ...] = Field(default=(), description="Who responded: `{name, role}`.")
    actions: tuple[Action, ...] = Field(
        default=(), max_length=MAX_LIST, description="Corrective and preventive actions."
    )
    lessons: Lessons = Field(default_factory=Lessons, description="`went_well`, `went_wrong`, `lucky`, `to_keep`.")
    related: tuple[Slug, ...] = Field(default=(), description="Ids of related incidents.")
    risks: tuple[Slug, ...] = Field(default=(), description="Ids of risks of the risk register it materialised.")
    references: tuple[Reference, ...] = Field(default=(), description="Tickets, dashboards, status posts, chat logs.")
    notes: Markdown = Field(
        default=None,
        description="Other notes: text that has no field of its own, such as the sections of an imported write-up "
        '(`pm import`), kept verbatim (Markdown); shown as an "Other notes" section.',
    )
    internal: Annotated[bool | tuple[str, ...], BeforeValidator(one_or_many)] = Field(
        default=False,
        description="true: the whole incident is left out of public builds; or a list of the fields left out, "
        "such as [responders, impact.users_affected].",
    )
    extensions: SkipJsonSchema[dict[str, Any]] = Field(
        default_factory=dict, exclude=True, description="Keys starting with `x-`: kept, not checked, not shown."
    )

    @model_validator(mode="before")
    @classmethod
    def _split_extensions(cls, data: Any, info: ValidationInfo) -> Any:
        """Move ``x-`` keys aside and fill the zone and language from the configuration."""
        if not isinstance(data, dict):
            return data
        defaults = info.context or {}
        fields = {k: v for k, v in data.items() if not k.startswith(EXTENSION_PREFIX)}
        for key in ("timezone", "language"):
            if fields.get(key) is None and key in defaults:
                fields[key] = defaults[key]
        fields["extensions"] = {k: v for k, v in data.items() if k.startswith(EXTENSION_PREFIX)}
        return fields

    @field_validator("timezone")
    @classmethod
    def _check_zone(cls, value: str) -> str:
        """Refuse time zones that do not exist, and abbreviations that name only a season."""
        return home_zone(value)

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        """Refuse ids that cannot be file names everywhere (CON, NUL, COM1… on Windows, a trailing dot)."""
        reason = unsafe_id(value)
        if reason is not None:
            raise ValueError(reason)
        return value

    @field_validator("internal")
    @classmethod
    def _check_internal(cls, value: bool | tuple[str, ...]) -> bool | tuple[str, ...]:
        """Only fields that exist, and not the ones every publication needs (id, title, status, date)."""
        if isinstance(value, bool):
            return value
        allowed = internal_field_names()
        for name in value:
            if name in ALWAYS_PUBLIC:
                raise ValueError(f"{name!r} cannot be internal: every publication shows it")
            if name not in allowed:
                raise ValueError(f"unknown field {name!r}{did_you_mean(name, allowed)} in internal")
        return value

    @field_validator("severity")
    @classmethod
    def _check_severity(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Refuse levels the configuration does not define."""
        levels = (info.context or {}).get("severities")
        if value is not None and levels and value not in levels:
            raise ValueError(f"unknown severity {value!r}{did_you_mean(value, levels)}; levels: {', '.join(levels)}")
        return value

    def __getstate__(self) -> dict[Any, Any]:
        """Pickle the fields only: values computed on demand are cheaper to compute again than to unpickle."""
        state = super().__getstate__()
        state["__dict__"] = {k: v for k, v in state["__dict__"].items() if k not in ("placed", "milestones")}
        return state

    @cached_property
    def placed(self) -> tuple[Placed, ...]:
        """Timeline entries with their day and exact moment when known.

        A time without a date falls on the calendar day of the last entry before it, as seen in the
        zone the time is read in (its own, or the incident's): ``09:29`` after ``2021-01-05 00:52 +08:00``
        in an incident of America/Los_Angeles is 09:29 on 4 January there, not on 5 January.
        """
        last: dt.date | None = self.date  # a datetime once an entry gives an exact moment; None after a coarse date
        unsure = False  # the day a time without a date continues is approximate
        result = []
        for index, entry in enumerate(self.timeline):
            at = entry.at
            day = at.date or carried_day(last, zone_name=at.zone or self.timezone)
            when = resolve(at, day=day, default_zone=self.timezone)
            until = resolve_end(at, start=when, default_zone=self.timezone)
            day_approximate = at.approximate_day if at.date else unsure
            result.append(Placed(index=index, entry=entry, day=None if at.unknown else day, when=when, until=until,
                                 day_approximate=day_approximate))  # fmt: skip
            if not at.unknown:
                last, unsure = _continued(at, when=when, until=until), day_approximate
        return tuple(result)

    @cached_property
    def milestones(self) -> dict[str, Placed]:
        """The first timeline entry marked with each milestone."""
        found: dict[str, Placed] = {}
        for placed in self.placed:
            for name in placed.entry.milestone:
                found.setdefault(name, placed)
        return found

    def span(self, start: Milestone, end: Milestone) -> Span | None:
        """Time from one milestone to another, when both are known to the minute."""
        first, last = self.milestones.get(start), self.milestones.get(end)
        begin, finish = first and first.at(start), last and last.at(end)
        if not (first and last and begin and finish):
            return None
        approximate = first.approximate(start) or last.approximate(end)
        return Span(minutes=minutes_between(begin, finish), approximate=approximate)

    @cached_property  # read by every report, the metrics and the site's views
    def time_to_detect(self) -> Span | None:
        """From the start of impact to detection."""
        return self.span("started", "detected")

    @cached_property
    def time_to_acknowledge(self) -> Span | None:
        """From detection to a responder taking it: the response time compared with the target."""
        return self.span("detected", "acknowledged")

    @cached_property
    def time_to_mitigate(self) -> Span | None:
        """From the start of impact to mitigation."""
        return self.span("started", "mitigated")

    @cached_property
    def time_to_resolve(self) -> Span | None:
        """From the start of impact to resolution: the incident's duration."""
        return self.span("started", "resolved")

    def target_met(self, target: Duration | None) -> bool | None:
        """Whether the response time met *target*; None when either is unknown."""
        response = self.time_to_acknowledge
        if target is None or response is None:
            return None
        return response.minutes <= target.minutes

    def overdue_actions(self, today: dt.date) -> tuple[Action, ...]:
        """Actions past their due date and not closed, as of *today*."""
        return tuple(action for action in self.actions if action.overdue(today))


def _continued(at: Moment, *, when: dt.datetime | None, until: dt.datetime | None) -> dt.date | None:
    """What a following time without a date continues: this entry's last instant or day; None after a month or year."""
    if when is not None:
        return until or when
    if at.period != "day":
        return None
    return at.end.date if at.end and at.end.date else at.date


def internal_field_names() -> list[str]:
    """Fields an incident may mark internal: its own, and those of its impact and lessons as ``impact.downtime``."""
    names = [name for name in Incident.model_fields if name not in ALWAYS_PUBLIC]
    names += [f"impact.{name}" for name in Impact.model_fields]
    names += [f"lessons.{name}" for name in Lessons.model_fields]
    return names
