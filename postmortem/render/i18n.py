"""Render stage helper: dates, times, durations, numbers and plurals in the report's language and zone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from babel.units import format_unit

from postmortem import plurals
from postmortem.model.amounts import Due, Quantity, parse_quantity
from postmortem.model.durations import Duration, parse_duration, tilde, written_parts
from postmortem.model.incident import Placed, Span
from postmortem.model.worded import scaled_count
from postmortem.model.zones import zone

_MILLIONS = re.compile(r"\d\s*m$", re.IGNORECASE)
_UNITS = (("duration-day", 1440), ("duration-hour", 60), ("duration-minute", 1))


@dataclass(frozen=True, slots=True)
class Formatter:
    """Dates, times and durations written for one language and one time zone."""

    language: str
    timezone: str

    def date(self, value: dt.date, style: str = "long") -> str:
        """A date such as ``15 février 2025`` or ``Feb 15, 2025``."""
        return _date(value, style, self.language)

    def day(self, value: dt.date) -> str:
        """A day without its year, such as ``15 févr.`` or ``Feb 15``, for chart ticks."""
        return _skeleton(value, "MMMd", self.language)

    def duration(self, value: Duration | Span | int | None, *, approximate: bool = False) -> str:
        """A duration such as ``1 h 30 min``; ``~`` marks an approximate one; empty when unknown."""
        if value is None:
            return ""
        minutes = value if isinstance(value, int) else value.minutes
        approximate = approximate or bool(getattr(value, "approximate", False))
        return ("~" if approximate else "") + _duration(minutes, self.language)

    def written(self, value: Duration) -> str:
        """A duration in the units its author wrote, in the language: ``24h`` is ``24 h``, ``1d`` is ``1 j``."""
        try:
            parts = written_parts(value.text)
        except ValueError:  # a duration pm made, not one that was written
            return self.duration(value)
        units = {"w": "duration-week", "d": "duration-day", "h": "duration-hour", "m": "duration-minute"}
        shown = " ".join(_unit(number, units[unit], self.language) for number, unit in parts)
        return ("~" if value.approximate else "") + shown

    def target(self, value: Duration | None, *, planned: str) -> str:
        """A response target as the configuration writes it (``< 24 h``), or *planned* when there is none."""
        return planned if value is None else f"<\u00a0{self.written(value)}"

    def clock(self, placed: Placed) -> str:
        """The time of an entry in the report's zone (``14:02–14:07`` for a range), ``~`` when approximate."""
        at = placed.entry.at
        ending = at.end is not None and at.end.approximate
        return self.span_clock(placed.when, placed.until, approximate=at.approximate, end_approximate=ending)

    def instant(self, moment: dt.datetime, *, approximate: bool, day: bool = True) -> str:
        """``Oct 31, 2021 16:45`` in the report's zone (``16:45`` without *day*), ``~16:45`` when approximate."""
        local = moment.astimezone(zone(self.timezone))
        clock = ("~" if approximate else "") + wall_clock(local)
        return f"{self.date(local.date(), 'medium')} {clock}" if day else clock

    def span_clock(
        self, when: dt.datetime | None, until: dt.datetime | None, *, approximate: bool, end_approximate: bool = False
    ) -> str:
        """``14:02``, ``~14:02``, ``14:02–~14:07`` or ``13:37 – Oct 31 16:45`` in the report's zone.

        Each end of a range is marked ``~`` when it is approximate (*approximate*: the start, *end_approximate*).
        """
        if when is None:
            return ""
        local = when.astimezone(zone(self.timezone))
        shown = ("~" if approximate else "") + wall_clock(local)
        if until is None:
            return shown
        end = until.astimezone(zone(self.timezone))
        ended = ("~" if end_approximate else "") + wall_clock(end)
        if end.date() == local.date():
            return f"{shown}–{ended}"
        return f"{shown} – {self.day(end.date())} {ended}"

    def number(self, value: float) -> str:
        """A number as the language writes it: ``80,000`` or ``80 000`` (as Python writes it when Babel cannot)."""
        return _number(value, self.language)

    def plural(self, labels: Mapping[str, Any], name: str, count: float, **values: object) -> str:
        """Label *name* of *labels* in the form *count* takes (``1 résultat``, ``2 résultats``), its fields filled.

        ``{count}`` is *count*; numbers among *values* are written in the language too.
        """
        key = plurals.label_key(labels, name, count, language=self.language)
        shown = {"count": count, **values}
        return str(labels[key]).format(**{k: self._shown(v) for k, v in shown.items()})

    def _shown(self, value: object) -> object:
        """A number as the language writes it, anything else as it is."""
        return self.number(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    def quantity(self, value: Quantity) -> str:
        """A count as written, in the language: ``1,800``, ``~50,000,000``, ``800–1,000``; ``~1.5 million`` as is."""
        approximate, written = tilde(value.text)
        if scaled_count(written) is not None:  # its author's own rounding, in words: kept
            return ("~" if approximate else "") + written
        shown = (
            self.number(value.low) if value.low == value.high else f"{self.number(value.low)}–{self.number(value.high)}"
        )
        return ("~" if value.approximate else "") + shown

    def due(self, value: Due) -> str:
        """A due date as precise as written: ``Mar 31, 2022``, ``March 2022``, ``Q1 2022`` or ``2022``."""
        if value.period == "day":
            return self.date(value.first, "medium")
        if value.period == "month":
            return _skeleton(value.first, "yMMMM", self.language)
        if value.period == "quarter":
            return _date(value.first, "QQQ y", self.language)
        return str(value.first.year)

    def figure(self, value: str | float) -> str:
        """An impact figure: numbers in the language, durations (``70min``) as durations, other text as written."""
        if not isinstance(value, str):
            return self.number(value)
        try:
            if not _MILLIONS.search(value):  # "5m" is more often five million than five minutes
                return self.duration(parse_duration(value))
        except ValueError:
            pass
        try:
            return self.quantity(parse_quantity(value))
        except ValueError:
            return value

    def written_day(self, placed: Placed, day: dt.date) -> str:
        """The day of an entry for a table: ``Apr 12, 2022``, ``April 2022`` or ``2022``; ``~`` when approximate."""
        at = placed.entry.at
        if at.period == "month" and at.date:
            shown = _skeleton(at.date, "yMMMM", self.language)
        elif at.period == "year" and at.date:
            shown = str(at.date.year)
        else:
            shown = self.date(day, "medium")
        if at.end is not None and at.end.date is not None and at.time is None:  # a range of days
            shown += " – " + self.date(at.end.date, "medium")
        return ("~" if at.approximate_day else "") + shown

    def local_day(self, placed: Placed) -> dt.date | None:
        """The day of a timeline entry in the report's zone."""
        if placed.when is not None:
            return placed.when.astimezone(zone(self.timezone)).date()
        return placed.day


@lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    """Babel's data of *language*, looked up once: Babel parses a language's name again at every call given text."""
    return Locale.parse(language)


def hours_minutes(moment: dt.datetime) -> str:
    """``14:02``: what ``strftime("%H:%M")`` writes, without its cost (every timeline row and chart tick shows one)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def wall_clock(moment: dt.datetime) -> str:
    """``14:02``; ``02:30 CEST`` or ``02:30 CET`` in the hour the clocks go back, which its zone's time repeats."""
    shown = hours_minutes(moment)
    other = moment.replace(fold=1 - moment.fold)
    if other.utcoffset() != moment.utcoffset():  # the same wall-clock time names another instant too
        shown += f" {moment.tzname() or moment.strftime('%z')}"
    return shown


@lru_cache(maxsize=4096)
def _date(value: dt.date, style: str, language: str) -> str:
    """Babel's date, remembered: a site shows the same dates many times."""
    return str(format_date(value, format=style, locale=_locale(language)))


_EXACT = 10**15  # counts below this Babel writes exactly (its decimals hold 28 digits): the others are its own


@lru_cache(maxsize=4096, typed=True)  # typed: 1 and 1.0 are remembered apart
def _number(value: float, language: str) -> str:
    """Babel's number, remembered: each report writes its counts and figures."""
    group = _thousands(language) if type(value) is int and abs(value) < _EXACT else None
    if group is not None:  # a count, in a language that groups its digits by three: no need for Babel's decimals
        return ("-" if value < 0 else "") + f"{abs(value):,}".replace(",", group)
    try:
        return str(format_decimal(value, locale=_locale(language)))
    except ArithmeticError:  # beyond the precision of Babel's decimals, such as 1e300
        return str(value)


@lru_cache(maxsize=64)
def _thousands(language: str) -> str | None:
    """The separator of thousands when *language* writes whole numbers as ``-12,345,678``, with its own; else None.

    Another grouping (``12,34,567``) or another minus sign is left to Babel.
    """
    locale = _locale(language)
    pattern = locale.decimal_formats.get(None)
    symbols = locale.number_symbols.get("latn", {})
    plain = pattern is not None and pattern.pattern == "#,##0.###" and pattern.grouping == (3, 3)
    return str(symbols["group"]) if plain and symbols.get("minusSign") == "-" and "group" in symbols else None


@lru_cache(maxsize=4096)
def _skeleton(value: dt.date, skeleton: str, language: str) -> str:
    """Babel's date in the form *skeleton* takes in the language (``MMMd``: ``Feb 15``), remembered."""
    return str(format_skeleton(skeleton, value, locale=_locale(language)))


@lru_cache(maxsize=256)
def _unit(number: float, unit: str, language: str) -> str:
    """One number with its unit in Babel's short form (``24 h``, ``1,5 h``)."""
    shown = int(number) if number.is_integer() else number
    return str(format_unit(shown, unit, length="short", locale=_locale(language)))


@lru_cache(maxsize=4096)
def _duration(minutes: int, language: str) -> str:
    """Days, hours and minutes in Babel's short units, remembered."""
    sign, minutes = ("-", -minutes) if minutes < 0 else ("", minutes)
    parts = []
    for unit, size in _UNITS:
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(_count(count, unit, language))
    return sign + (" ".join(parts) or _count(0, "duration-minute", language))


@lru_cache(maxsize=1024)
def _count(count: int, unit: str, language: str) -> str:
    """A whole number of days, hours or minutes in Babel's short form (``3 h``): few, and each met again and again."""
    return str(format_unit(count, unit, length="short", locale=_locale(language)))
