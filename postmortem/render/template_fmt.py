"""Render stage helper: what templates see of a Formatter: its language and zone, and functions of plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from postmortem import plurals
from postmortem.model.amounts import Due, Quantity
from postmortem.model.durations import Duration
from postmortem.model.zones import zone
from postmortem.render.i18n import Formatter
from postmortem.render.plain import TemplateFunction


def template_formatter(fmt: Formatter) -> dict[str, Any]:
    """What templates see of *fmt*: its language and zone, and functions that take the plain values templates hold."""
    functions: dict[str, Callable[..., Any]] = {
        "date": fmt.date,
        "day": fmt.day,
        "duration": partial(_duration, fmt),
        "clock": partial(_clock, fmt),
        "local_day": partial(_local_day, fmt),
        "due": partial(_due, fmt),
        "quantity": partial(_quantity, fmt),
        "number": fmt.number,
        "figure": fmt.figure,
        "plural": fmt.plural,
        "target": partial(_target, fmt),
        "plural_forms": partial(_plural_forms, fmt),
        "plural_rules": partial(_plural_rules, fmt),
    }
    return {"language": fmt.language, "timezone": fmt.timezone} | {
        name: TemplateFunction(function) for name, function in functions.items()
    }


def _duration(fmt: Formatter, value: Mapping[str, Any] | int | float | None, approximate: bool = False) -> str:
    """``fmt.duration(incident.time_to_detect)`` or ``fmt.duration(90)``."""
    if isinstance(value, Mapping):
        return fmt.duration(int(value["minutes"]), approximate=approximate or bool(value.get("approximate")))
    return fmt.duration(None if value is None else int(value), approximate=approximate)


def _clock(fmt: Formatter, placed: Mapping[str, Any]) -> str:
    """``fmt.clock(placed)``: the time of a timeline entry in the zone, ``~`` when approximate."""
    at = placed["entry"]["at"]
    ending = bool(at.get("end") and at["end"]["approximate"])
    return fmt.span_clock(placed["when"], placed.get("until"), approximate=at["approximate"], end_approximate=ending)


def _due(fmt: Formatter, value: Mapping[str, Any]) -> str:
    """``fmt.due(action.due)``: a due date as precise as written."""
    return fmt.due(Due(first=value["first"], last=value["last"], period=value["period"], text=value["text"]))


def _quantity(fmt: Formatter, value: Mapping[str, Any] | int) -> str:
    """``fmt.quantity(incident.impact.users_affected)``: a count, approximate or a range as written."""
    if isinstance(value, int):
        return fmt.number(value)
    return fmt.quantity(
        Quantity(low=value["low"], high=value["high"], approximate=value["approximate"], text=value["text"])
    )


def _local_day(fmt: Formatter, placed: Mapping[str, Any]) -> dt.date | None:
    """``fmt.local_day(placed)``: the day of a timeline entry in the zone."""
    when: dt.datetime | None = placed["when"]
    day: dt.date | None = placed["day"]
    return when.astimezone(zone(fmt.timezone)).date() if when is not None else day


def _target(fmt: Formatter, value: Mapping[str, Any] | None, planned: str) -> str:
    """``fmt.target(level.target, t.planned)``: a response target as configured (``< 24 h``), else *planned*."""
    if value is None:
        return planned
    written = Duration(minutes=int(value["minutes"]), text=str(value["text"]), approximate=value["approximate"])
    return fmt.target(written, planned=planned)


def _plural_forms(fmt: Formatter, labels: Mapping[str, Any], name: str) -> dict[str, str]:
    """``fmt.plural_forms(s, "results")``: every form of a label, by plural category, for the site's script."""
    return plurals.forms(labels, name, language=fmt.language)


def _plural_rules(fmt: Formatter) -> list[Any]:
    """``fmt.plural_rules()``: the language's plural rules as data, for the site's script."""
    return plurals.rules_data(fmt.language)
