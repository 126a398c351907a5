"""Validate stage helper: a draft may leave its title, date and severity for later, and `pm check` says so."""

from __future__ import annotations

from typing import Any

from postmortem.model.moments import EARLIEST, parse_moment

LATER_FACTS = ("title", "date", "severity")  # the facts every row of the index shows
IMPORTED = "x-imported-from"  # the source `pm import` read a draft from
_WHY = {
    "title": "write a one-line title",
    "date": "write the day the incident started, YYYY-MM-DD",
    "severity": "choose a level of the configuration; it is required from in-review on",
}


def missing_facts(data: dict[Any, Any]) -> tuple[str, ...]:
    """The facts a draft leaves for later, written blank (``date:``): its title, its date, its severity.

    A title or date not written at all is still an error, as it always was. A blank severity is said only of a
    draft that `pm import` wrote (it names its source): any other draft may leave it blank, as it always could.
    """
    if data.get("status") != "draft":
        return ()
    return tuple(name for name in LATER_FACTS if name in data and _blank(data[name])
                 and (name != "severity" or IMPORTED in data))  # fmt: skip


def stand_ins(data: dict[Any, Any], missing: tuple[str, ...]) -> dict[Any, Any]:
    """*data* with a stand-in for a missing title or date, so that every other rule still checks the draft.

    The stand-in date is the first full date of the timeline, else the earliest date pm reads: rules that would
    compare with the incident's date are told it is unsure.
    """
    filled = dict(data)
    if "title" in missing:
        filled["title"] = "untitled"
    if "date" in missing:
        filled["date"] = _first_day(data.get("timeline")) or EARLIEST.isoformat()
    return filled


def missing_message(name: str) -> str:
    """What `pm check` says about a fact a draft leaves for later."""
    left_out = "; until then the draft is left out of reports" if name in ("title", "date") else ""
    return f"{name!r} is not written yet: {_WHY[name]}{left_out}"


def _blank(value: Any) -> bool:
    """True for no value, or text that is only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _first_day(timeline: Any) -> str | None:
    """The first day a timeline entry writes in full (YYYY-MM-DD), if any."""
    for entry in timeline if isinstance(timeline, list) else ():
        at = entry.get("at") if isinstance(entry, dict) else None
        try:
            moment = parse_moment(at) if isinstance(at, str) else None
        except ValueError:
            continue
        if moment is not None and moment.date is not None and moment.period == "day":
            return moment.date.isoformat()
    return None
