"""Model stage helper: the types of incident-file fields: text, Markdown, dates, times, durations, ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue

from postmortem.model import patterns
from postmortem.model.amounts import MAX_AMOUNT, Due, Quantity, parse_due, parse_quantity
from postmortem.model.durations import Duration, parse_duration
from postmortem.model.moments import Moment, parse_date, parse_moment


def _blank_to_none(value: Any) -> Any:
    """Treat an empty or blank text as a missing value."""
    return None if isinstance(value, str) and not value.strip() else value


def _text_only(kind: str, parse: Any) -> Any:
    """A validator that accepts text only and parses it with *parse*."""

    def validate(value: Any) -> Any:
        """Parse text, refuse other YAML types with a plain message."""
        if not isinstance(value, str):
            raise ValueError(f"expected {kind} written as text, got {_shown(value)}")
        return parse(value)

    return validate


def _moment(value: Any, info: ValidationInfo) -> Moment:
    """A timeline time, with the team's own zone abbreviations; a year written bare (``2021``) is a coarse date."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a time such as 2024-03-01 13:42 written as text, got {_shown(value)}")
    return parse_moment(value, zones=(info.context or {}).get("zones"))


@dataclass(frozen=True, slots=True)
class Written:
    """In the schema of what may be written (not of what the export holds), text must match a pattern.

    The pattern is made when a schema is, not when pm starts: it takes a walk through Unicode's tables.
    """

    pattern: Callable[[], str]

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """Add the pattern (in place of a format, which a reader's own stripping of blanks would not match)."""
        schema = handler(core)
        if handler.mode != "validation":
            return schema
        return {key: value for key, value in schema.items() if key != "format"} | {"pattern": self.pattern()}


def _shown(value: Any) -> str:
    """Name a YAML value's type for messages."""
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


Markdown = Annotated[
    str | None,
    BeforeValidator(_blank_to_none),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
Line = Annotated[str, Field(min_length=1, max_length=500)]
DurationText = Annotated[
    Duration,
    PlainValidator(_text_only("a duration such as 1h30", parse_duration)),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["2h", "1h30", "30min", "1d 4h"]}),
    Written(patterns.duration_pattern),
]
MomentText = Annotated[
    Moment,
    PlainValidator(_moment),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "examples": ["2024-03-01 13:42", "~13:45", "9:37 AM PST", "14:02–14:07", "2022-04", "unknown"],
        }
    ),
]


def _quantity(value: Any) -> Quantity:
    """A count written as a number, or as text for an approximate count or a range."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"expected a count such as 1800, ~50000000 or 800-1000, got {_shown(value)}")
    return parse_quantity(value)


QuantityText = Annotated[
    Quantity,
    PlainValidator(_quantity),
    PlainSerializer(lambda q: q.low if q.exact else q.text, return_type=int | str),
    WithJsonSchema(
        {
            "type": ["integer", "string"],
            "minimum": 0,
            "maximum": MAX_AMOUNT,
            "examples": [1800, "~50000000", "800-1000"],
        }
    ),
    Written(patterns.quantity_pattern),
]


def _due(value: Any) -> Due:
    """A due date; a year written bare (``due: 2025``), which YAML reads as a number, is that year."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(
            f"expected a due date such as 2024-03-01, 2024-03 or 2024-Q1 written as text, got {_shown(value)}"
        )
    return parse_due(value)


DueText = Annotated[
    Due,
    PlainValidator(_due),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "minimum": 1000,
            "maximum": 9999,
            "examples": ["2024-06-30", "2024-06", "2024-Q3", 2025],
        }
    ),
    Written(patterns.due_pattern),
]
DateText = Annotated[
    dt.date,
    PlainValidator(_text_only("a date such as 2024-03-01", parse_date)),
    PlainSerializer(dt.date.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
    Written(patterns.date_pattern),
]
Slug = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")]
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(10)}
)
MAX_NUMBER = 2**53 - 1  # the largest integer that every JSON reader (JavaScript's too) holds exactly
Count = Annotated[int, Field(ge=0, le=MAX_NUMBER)]
Number = Annotated[int, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
MAX_TIMELINE = 2000
MAX_LIST = 500


class Frozen(BaseModel):
    """Base of every model: immutable, and unknown keys are errors; as exported, every key is present.

    Validators are built when first used, not when pm starts: a render that finds nothing changed, or whose
    incidents all come from the cache, never validates an incident.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=False,
        json_schema_serialization_defaults_required=True,
        defer_build=True,
    )
