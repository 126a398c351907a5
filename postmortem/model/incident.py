"""Model stage: the incident file as frozen, typed objects, and the values computed from them."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from postmortem.errors import did_you_mean
from postmortem.model.fieldtypes import (
    MAX_LIST,
    MAX_NUMBER,
    MAX_TIMELINE,
    DateText,
    DueText,
    DurationText,
    Frozen,
    Line,
    Markdown,
    MomentText,
    QuantityText,
    Slug,
)
from postmortem.model.messages import EXTENSION_PREFIX
from postmortem.model.names import unsafe_id
from postmortem.model.statuses import ACTION_STATUSES, CLOSED_ACTION_STATUSES, COMMON_WORDS, ActionStatus, action_status
from postmortem.model.times import Duration, Moment, carried_day, minutes_between, resolve, resolve_end
from postmortem.model.zones import home_zone

Status = Literal["draft", "in-review", "final"]
Milestone = Literal["started", "detected", "acknowledged", "mitigated", "resolved"]
MILESTONES: tuple[Milestone, ...] = ("started", "detected", "acknowledged", "mitigated", "resolved")
ENDING_MILESTONES = frozenset({"mitigated", "resolved"})  # on a range, these take its end; the others its start
ActionKind = Literal["detect", "mitigate", "prevent", "repair", "investigate", "process"]
ReferenceKind = Literal["ticket", "dashboard", "status-page", "chat", "postmortem", "source", "document", "other"]
Language = Literal["en", "fr"]
INTERNAL_ITEM = "true: left out of public builds (`pm render --audience public`)."
ALWAYS_PUBLIC = frozenset({"id", "title", "status", "date", "internal", "extensions"})


def _one_or_many(value: Any) -> Any:
    """Accept a single value where a list is expected."""
    return (value,) if isinstance(value, str) else value


class TimelineEntry(Frozen):
    """One event of the timeline."""

    at: MomentText = Field(
        description="When: `2024-03-01 13:42`, `13:42` (the day of the entry before, in the incident's zone), "
        "`~13:45` (approximate), a date alone, `unknown`; optional zone `UTC`, `+02:00`, `Europe/Paris`."
    )
    text: Line = Field(description="What happened (Markdown).")
    milestone: Annotated[
        tuple[Milestone, ...],
        BeforeValidator(_one_or_many),
        WithJsonSchema(
            {"anyOf": [{"enum": list(MILESTONES)}, {"type": "array", "items": {"enum": list(MILESTONES)}}]},
            mode="validation",  # written as one or a list; exported as a list
        ),
    ] = Field(default=(), description="Marks a milestone, or a list of them: " + ", ".join(MILESTONES) + ".")
    internal: bool = Field(default=False, description=INTERNAL_ITEM)


class Action(Frozen):
    """A corrective or preventive action."""

    what: Line = Field(description="What will be done (Markdown).")
    kind: ActionKind | None = Field(
        default=None, description="detect, mitigate, prevent, repair, investigate or process."
    )
    owner: str | None = Field(default=None, description="Who is accountable (a person or a team).")
    unassigned: bool = Field(
        default=False,
        description="true: the source names no owner (instead of `owner`); shown as unassigned, never as a person.",
    )
    due: DueText | None = Field(
        default=None,
        description="Due date: `2024-06-30`, or the month, quarter or year it is due in (`2024-06`, `2024-Q3`, "
        "`2025`); the end of that period decides when it is overdue.",
    )
    status: Annotated[
        ActionStatus,
        WithJsonSchema({"anyOf": [{"enum": [*ACTION_STATUSES, *COMMON_WORDS]}, {"type": "string"}]}, mode="validation"),
    ] = Field(
        default="open",
        description="open, in-progress, blocked, done or cancelled; or a word that means one, such as planned, "
        "ongoing, completed, won't do (see action_statuses in the configuration).",
    )
    as_of: DateText | None = Field(
        default=None,
        description="Day the status was last known, YYYY-MM-DD: an archived write-up is overdue only as of that day.",
    )
    link: str | None = Field(default=None, description="Ticket or merge request URL.")
    note: Markdown = Field(default=None, description="Anything worth knowing about its progress.")
    internal: bool = Field(default=False, description=INTERNAL_ITEM)

    @field_validator("status", mode="before")
    @classmethod
    def _status_word(cls, value: Any, info: ValidationInfo) -> Any:
        """Read the status words of real write-ups (``completed``, ``won't do``) as the status they mean."""
        if not isinstance(value, str):
            return value
        words = (info.context or {}).get("action_statuses")
        found = action_status(value, words=words)
        if found is None:
            own = f": {', '.join(words)}" if words else ""
            raise ValueError(
                f"unknown value {value!r}{did_you_mean(value, ACTION_STATUSES)}; use one of "
                f"{', '.join(ACTION_STATUSES)}, or a status word such as planned, ongoing, completed, won't do "
                f"(the configuration's action_statuses adds more{own})"
            )
        return found

    @model_validator(mode="after")
    def _owner_or_unassigned(self) -> Action:
        """An action names its owner or says the source names none, not both."""
        if self.unassigned and self.owner is not None:
            raise ValueError(f"action has owner {self.owner!r} and unassigned: true: keep one")
        return self

    def overdue(self, today: dt.date) -> bool:
        """True when the due date had passed on the day the status was last known (*today*, or ``as_of`` if earlier).

        A due period (a month, a quarter) has passed once its last day has.
        """
        if self.due is None or self.status in CLOSED_ACTION_STATUSES:
            return False
        return self.due.last < (min(today, self.as_of) if self.as_of else today)


class Responder(Frozen):
    """Someone who worked on the incident, and their role."""

    name: Line = Field(description="Person or team.")
    role: str | None = Field(default=None, description="e.g. incident commander, communications, operations, scribe.")
    internal: bool = Field(default=False, description=INTERNAL_ITEM)


class Reference(Frozen):
    """A ticket, dashboard, status-page post, chat log or source document."""

    title: str | None = Field(default=None, description="What it is.")
    url: str | None = Field(default=None, description="Where it is.")
    kind: ReferenceKind = Field(
        default="other", description="ticket, dashboard, status-page, chat, postmortem, source, document or other."
    )
    internal: bool = Field(default=False, description=INTERNAL_ITEM)

    @model_validator(mode="after")
    def _title_or_url(self) -> Reference:
        """A reference needs at least a title or a URL."""
        if not (self.title or self.url):
            raise ValueError("a reference needs a title or a url")
        return self


class Figure(Frozen):
    """One measured impact figure, such as 'Requests failed: 85%'."""

    label: Line = Field(description="What was measured.")
    value: str | int | float = Field(description="The figure, with its unit if any.")
    internal: bool = Field(default=False, description=INTERNAL_ITEM)

    @field_validator("value", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        """Refuse true and false, which would otherwise be read as the numbers 1 and 0."""
        if isinstance(value, bool):
            raise ValueError(f"a figure is a number or text, not {str(value).lower()}: quote it to keep it as text")
        return value

    @field_validator("value")
    @classmethod
    def _bounded(cls, value: str | float) -> str | float:
        """A number that every reader of the export holds exactly: finite, and an integer within ±2⁵³."""
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("a figure must be a finite number (or text)")
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            raise ValueError(f"a figure must lie between -{MAX_NUMBER:,} and {MAX_NUMBER:,} (or be text)")
        return value


class Impact(Frozen):
    """Who and what was affected, in prose and in figures."""

    description: Markdown = Field(default=None, description="The impact in prose (Markdown).")
    users_affected: QuantityText | None = Field(
        default=None, description="Number of users affected: `1800`, `~50000000` (about) or `800-1000` (a range)."
    )
    downtime: DurationText | None = Field(default=None, description="Total downtime, e.g. 2h.")
    data_loss: str | None = Field(default=None, description="Data lost, in words (e.g. '6 hours of writes').")
    figures: tuple[Figure, ...] = Field(default=(), description="Other figures: `{label, value}`.")

    @property
    def quantified(self) -> bool:
        """True when at least one figure measures the impact."""
        return bool(self.users_affected is not None or self.downtime or self.data_loss or self.figures)


def _lesson_shorthand(value: Any) -> Any:
    """Accept a plain string for a lesson."""
    return {"text": value} if isinstance(value, str) else value


class Lesson(Frozen):
    """A lesson to keep; the same id in several incidents marks a lesson that recurs."""

    text: Line = Field(description="The lesson (Markdown).")
    id: Slug | None = Field(default=None, description="Stable key shared by incidents that teach the same lesson.")
    tags: tuple[str, ...] = Field(default=(), description="Themes; the incident's tags when omitted.")
    internal: bool = Field(default=False, description=INTERNAL_ITEM)


LessonItem = Annotated[Lesson, BeforeValidator(_lesson_shorthand, json_schema_input_type=Line | Lesson)]


class Lessons(Frozen):
    """What the incident taught."""

    went_well: tuple[Line, ...] = Field(default=(), description="What went well.")
    went_wrong: tuple[Line, ...] = Field(default=(), description="What went wrong.")
    lucky: tuple[Line, ...] = Field(default=(), description="Where we got lucky.")
    to_keep: tuple[LessonItem, ...] = Field(default=(), description="Lessons to keep: text, or `{text, id, tags}`.")

    @property
    def empty(self) -> bool:
        """True when no lesson of any kind is written."""
        return not (self.went_well or self.went_wrong or self.lucky or self.to_keep)


@dataclass(frozen=True, slots=True)
class Placed:
    """A timeline entry with its day and, when known, its exact moment."""

    index: int
    entry: TimelineEntry
    day: dt.date | None
    when: dt.datetime | None
    until: dt.datetime | None = None  # the end of a range such as 14:02–14:07

    def at(self, milestone: str) -> dt.datetime | None:
        """The instant a milestone here stands for: a range's end for mitigated and resolved, else its start."""
        return (self.until or self.when) if milestone in ENDING_MILESTONES else self.when


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
    internal: Annotated[bool | tuple[str, ...], BeforeValidator(_one_or_many)] = Field(
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
        result = []
        for index, entry in enumerate(self.timeline):
            at = entry.at
            day = at.date or carried_day(last, zone_name=at.zone or self.timezone)
            when = resolve(at, day=day, default_zone=self.timezone)
            until = resolve_end(at, start=when, default_zone=self.timezone)
            result.append(Placed(index=index, entry=entry, day=None if at.unknown else day, when=when, until=until))
            if not at.unknown:
                last = _continued(at, when=when, until=until)
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
        approximate = first.entry.at.approximate or last.entry.at.approximate
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
