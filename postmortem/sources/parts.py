"""Sources stage helper: what a reader finds in a source, as typed parts, each with the text it came from."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

MAX_SOURCE_BYTES = 1024 * 1024  # a write-up is text: a megabyte is hundreds of pages
MAX_INCIDENTS = 500  # incidents one source may hold (rows of a table)
LINE_LIMIT = 500  # the longest text a one-line field (a timeline entry, an action, a lesson) holds
NOTES = "notes"
LIST_FIELDS = frozenset({"authors", "tags", "components", "contributing_factors", "timeline", "actions", "responders",
                         "lessons.went_well", "lessons.went_wrong", "lessons.lucky", "lessons.to_keep",
                         "impact.figures", "references"})  # fmt: skip
ONE_VALUE = frozenset({"title", "date", "severity", "timezone", "language", "time_spent", "impact.downtime",
                       "impact.users_affected", "impact.data_loss"})  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """One part of a source and the field it fills: its value, the text it was read from, where, under what name.

    *value* is plain data as an incident file holds it: text, or a mapping for a timeline entry, an action, a
    figure or a reference. *label* is the heading, bold label or column name that named the field, as written.
    """

    field: str
    value: Any
    source: str
    line: int
    label: str = ""

    def as_note(self) -> Part:
        """The same part kept verbatim in the notes, for a value no field can take."""
        return replace(self, field=NOTES, value=self.source)


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """One incident found in a source: its parts in the order of the source, and what names it (file, row)."""

    origin: str
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Read:
    """What one source holds: its incidents, and the text that belongs to none (the page around a table)."""

    found: tuple[Found, ...]
    left_out: tuple[Part, ...] = field(default=())
