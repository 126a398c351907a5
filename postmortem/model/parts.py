"""Model stage: the parts of an incident file (timeline entries, actions, impact, lessons…) as frozen objects."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from postmortem.errors import did_you_mean
from postmortem.model.fieldtypes import (
    MAX_NUMBER,
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
from postmortem.model.statuses import ACTION_STATUSES, CLOSED_ACTION_STATUSES, COMMON_WORDS, ActionStatus, action_status

Milestone = Literal["started", "detected", "acknowledged", "mitigated", "resolved"]
MILESTONES: tuple[Milestone, ...] = ("started", "detected", "acknowledged", "mitigated", "resolved")
ENDING_MILESTONES = frozenset({"mitigated", "resolved"})  # on a range, these take its end; the others its start
ActionKind = Literal["detect", "mitigate", "prevent", "repair", "investigate", "process"]
ReferenceKind = Literal["ticket", "dashboard", "status-page", "chat", "postmortem", "source", "document", "other"]
INTERNAL_ITEM = "true: left out of public builds (`pm render --audience public`)."


def one_or_many(value: Any) -> Any:
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
        BeforeValidator(one_or_many),
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
