"""Sources stage helper: the parts of one incident as the plain data of a draft incident file, in pm's field order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from postmortem.sources.midnight import days_across_midnight
from postmortem.sources.parts import LIST_FIELDS, NOTES, ONE_VALUE, Part
from postmortem.sources.values import Values, one_value

ORDER = ("title", "status", "date", "severity", "timezone", "language", "authors", "tags", "components", "summary",
         "impact", "detection", "trigger", "root_cause", "contributing_factors", "resolution", "time_spent", "timeline",
         "responders", "actions", "lessons", "references", NOTES)  # fmt: skip
IMPACT = ("description", "users_affected", "downtime", "figures")
LESSONS = ("went_well", "went_wrong", "lucky", "to_keep")
LATER = ("title", "date", "severity")  # left for the author when the source does not give them


@dataclass(frozen=True, slots=True, kw_only=True)
class Defaults:
    """What the command line sets when the source does not: the severity, and the status of every draft."""

    severity: str | None
    status: str
    language: str  # the configuration's: a source in another language says so in its draft


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """A draft's data (field order kept), the part each value came from, and the facts left for the author."""

    data: dict[str, Any]
    origins: dict[tuple[str | int, ...], tuple[int, ...]]  # where a value sits -> indexes of the parts it holds
    missing: tuple[str, ...]


def assemble(parts: Sequence[Part], *, defaults: Defaults, values: Values) -> Draft:
    """The draft of one incident: one-value fields take their first part, texts are joined, lists appended."""
    fields: dict[str, Any] = {}
    origins: dict[tuple[str | int, ...], list[int]] = {}
    notes: list[tuple[int, Part]] = []
    for index, part in enumerate(parts):
        if part.value is None:
            continue
        name = part.field
        if name in ONE_VALUE and name in fields:
            if fields[name] != part.value:
                notes.append((index, part.as_note()))
            continue
        if name == NOTES:
            notes.append((index, part))
            continue
        key = _place(fields, name, part.value)
        origins.setdefault(key, []).append(index)
    if notes:
        fields[NOTES] = _notes([part for _, part in notes])
        origins[(NOTES,)] = [index for index, _ in notes]
    fields.setdefault("status", defaults.status)
    if fields.get("language") == defaults.language:
        del fields["language"]
    if "date" not in fields:
        _first_day(fields, origins, values)
    days_across_midnight(fields.get("timeline", []), date=fields.get("date"), zones=values.zones)
    if "severity" not in fields and defaults.severity:
        fields["severity"] = defaults.severity
    missing = tuple(name for name in LATER if name not in fields)
    data = {name: fields[name] for name in ORDER if name in fields}
    return Draft(data=data, origins={key: tuple(found) for key, found in origins.items()}, missing=missing)


def _place(fields: dict[str, Any], name: str, value: Any) -> tuple[str | int, ...]:
    """Put *value* in its field (nested for impact.* and lessons.*), and say where it went."""
    if name == "impact":
        name = "impact.description"
    outer, _, inner = name.partition(".")
    holder = fields.setdefault(outer, {}) if inner else fields
    key = inner or outer
    if name in LIST_FIELDS:
        items = holder.setdefault(key, [])
        items.append(value)
        return (outer, inner, len(items) - 1) if inner else (outer, len(items) - 1)
    if key in holder and isinstance(holder[key], str) and isinstance(value, str):
        holder[key] = f"{holder[key]}\n\n{value}"
    else:
        holder[key] = value
    return (outer, inner) if inner else (outer,)


def _notes(parts: list[Part]) -> str:
    """The notes: each text as written, under the name of the section it was found in."""
    chunks: list[str] = []
    shown = ""
    for part in parts:
        text = str(part.value)
        if part.label and part.label != shown and part.label not in text.split("\n")[0]:
            chunks.append(f"**{part.label.strip().rstrip(':')}**")
        shown = part.label
        chunks.append(text.strip("\n"))
    return "\n\n".join(chunk for chunk in chunks if chunk.strip())


def _first_day(fields: dict[str, Any], origins: dict[tuple[str | int, ...], list[int]], values: Values) -> None:
    """Without a date in the source, the incident's day is the first day its timeline writes in full."""
    for index, entry in enumerate(fields.get("timeline", ())):
        day = one_value("date", str(entry.get("at", "")), values=values)
        if day is not None:
            fields["date"] = day
            origins[("date",)] = origins.get(("timeline", index), [])
            return
