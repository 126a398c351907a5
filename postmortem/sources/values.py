"""Sources stage helper: a value written in a source, read as the field it names, with pm's own readers only."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from postmortem.model.amounts import parse_quantity
from postmortem.model.durations import parse_duration
from postmortem.model.moments import parse_date, parse_moment
from postmortem.sources.parts import LINE_LIMIT, LIST_FIELDS, NOTES, Part

_SEPARATORS = (";", ",", " and ", " et ", " & ")
_SKIPPED = " \t:—–-|,.;"
_ITEMS = (
    "timeline",
    "actions",
    "responders",
    "references",
)  # lists of mappings: read from their sections only  # what separates a time or a label from its text


_NUMBERED_LEVEL = re.compile(r"(?:sev(?:erity)?|s|p|priority|niveau|level|gravit[ée])\s*[-_ ]?\s*(?P<number>\d)(?!\d)")
_LEVEL_NUMBER = re.compile(r"\d+$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Values:
    """What a value must match to fill a field: the configuration's severity levels, and its own zone names."""

    levels: Collection[str]
    zones: Mapping[str, str] = field(default_factory=dict)


def value_parts(field: str, text: str, *, source: str, line: int, label: str, values: Values) -> list[Part]:
    """The parts a labelled value fills: the field read from *text*, or the notes with *source* when it cannot be."""
    text = text.strip()
    keep = Part(field=NOTES, value=source, source=source, line=line, label=label)
    if not text:
        return [keep]
    if field in ("authors", "tags", "components"):
        items = _split(text)
        if all(0 < len(item) <= LINE_LIMIT and "\n" not in item for item in items):
            each = [Part(field=field, value=item, source=source, line=line, label=label) for item in items]
            return each if letters("".join(items)) == letters(text) else [*each, keep]
        return [keep]
    if field in LIST_FIELDS and field not in _ITEMS:
        return (
            [Part(field=field, value=text, source=source, line=line, label=label)]
            if len(text) <= LINE_LIMIT
            else [keep]
        )
    if field in _ITEMS:
        return [keep]
    found = one_value(field, text, values=values)
    if found is None:
        return [keep]
    read = Part(field=field, value=found, source=source, line=line, label=label)
    return [read] if letters(found) == letters(text) else [read, keep]  # "P2 (major)": P2, and the words kept


def letters(text: str) -> str:
    """The letters and digits of *text*, folded: what must survive an import, whatever the markup around it."""
    return "".join(char for char in text.casefold() if char.isalnum())


def one_value(field: str, text: str, *, values: Values) -> str | None:
    """*text* as the value of a one-value field, or None when it does not read as one; Markdown fields take it all."""
    readers = {"title": _title, "date": _day, "severity": lambda t: _level(t, values.levels),
               "time_spent": _duration, "impact.downtime": _duration, "impact.users_affected": _count}  # fmt: skip
    reader = readers.get(field)
    return reader(text) if reader else text


def _title(text: str) -> str | None:
    """One line of at most 200 characters."""
    text = text.strip().strip("*_#").strip()
    return text if text and "\n" not in text and len(text) <= 200 else None


def _day(text: str) -> str | None:
    """The day of a written date or time (``2015-10-21``, ``2015-10-21 14:51 UTC``), as YYYY-MM-DD."""
    text = text.strip().strip("*_`").strip()
    try:
        return parse_date(text).isoformat()
    except ValueError:
        pass
    try:
        moment = parse_moment(text)
    except ValueError:
        return None
    return moment.date.isoformat() if moment.date and moment.period == "day" and moment.end is None else None


def _level(text: str, levels: Collection[str]) -> str | None:
    """A severity level of the configuration: written alone (``P2``, ``p2``), or first in its cell (``P2 — major``)."""
    words = text.replace("*", " ").replace("`", " ").replace("—", " ").replace("(", " ").split()
    by_case = {level.casefold(): level for level in levels}
    for word in words[:1]:
        found = by_case.get(word.strip(":,.").casefold())
        if found:
            return found
    numbered = _NUMBERED_LEVEL.match(" ".join(words).casefold())
    return _level_numbered(numbered["number"], levels) if numbered else None


def _level_numbered(number: str, levels: Collection[str]) -> str | None:
    """The one configured level whose name ends with *number* (``SEV-2`` → ``P2``), or None when none or several do."""
    matching = [level for level in levels if (tail := _LEVEL_NUMBER.search(level)) and int(tail[0]) == int(number)]
    return matching[0] if len(matching) == 1 else None


def _duration(text: str) -> str | None:
    """A duration pm reads (2h, 1h30, 30min), written alone."""
    try:
        parse_duration(text)
    except ValueError:
        return None
    return text


def _count(text: str) -> str | None:
    """A count pm reads (1800, ~5000, 800-1000), written alone."""
    try:
        parse_quantity(text)
    except ValueError:
        return None
    return text


def _split(text: str) -> list[str]:
    """Names written in one line: ``Alice, Bob and Carol``."""
    items = [text]
    for separator in _SEPARATORS:
        items = [piece for item in items for piece in item.split(separator)]
    return [item.strip() for item in items if item.strip()]


def after_separator(text: str) -> str:
    """*text* without what separates it from a time or label before it (spaces, a colon, a dash)."""
    return text.lstrip(_SKIPPED)
