"""Render stage helper: labels of the built-in templates, and dates, times and durations in the report's language."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_skeleton
from babel.units import format_unit

from postmortem.errors import PmError
from postmortem.model.incident import Placed, Span
from postmortem.model.times import Duration, zone

_UNITS = (("duration-day", 1440), ("duration-hour", 60), ("duration-minute", 1))


def load_labels(language: str, *, folders: list[Path]) -> dict[str, Any]:
    """The labels for *language*: ``i18n/<language>.toml`` from the first template folder that has it."""
    return _labels(language, tuple(folders), _stamps(language, folders))


def _stamps(language: str, folders: list[Path]) -> tuple[tuple[int, int], ...]:
    """When and how big each candidate labels file is: an edited file is read again (pm serve runs for hours)."""
    stamps = []
    for folder in folders:
        try:
            found = (folder / "i18n" / f"{language}.toml").stat()
        except OSError:
            stamps.append((0, -1))
        else:
            stamps.append((found.st_mtime_ns, found.st_size))
    return tuple(stamps)


@lru_cache(maxsize=16)
def _labels(language: str, folders: tuple[Path, ...], _stamps: tuple[tuple[int, int], ...]) -> dict[str, Any]:
    """Read the labels once as long as their files do not change (templates cannot change them: read-only)."""
    for folder in folders:
        path = folder / "i18n" / f"{language}.toml"
        if path.is_file():
            try:
                return tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise PmError(f"{path}: cannot read labels: {exc}") from None
    raise PmError(f"no labels for language {language!r} (looked for i18n/{language}.toml in the templates)")


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
        return str(format_skeleton("MMMd", value, locale=self.language))

    def duration(self, value: Duration | Span | int | None, *, approximate: bool = False) -> str:
        """A duration such as ``1 h 30 min``; ``~`` marks an approximate one; empty when unknown."""
        if value is None:
            return ""
        minutes = value if isinstance(value, int) else value.minutes
        approximate = approximate or bool(getattr(value, "approximate", False))
        return ("~" if approximate else "") + _duration(minutes, self.language)

    def clock(self, placed: Placed) -> str:
        """The time of an entry in the report's zone (``14:02–14:07`` for a range), ``~`` when approximate."""
        if placed.when is None:
            return ""
        local = placed.when.astimezone(zone(self.timezone))
        shown = ("~" if placed.entry.at.approximate else "") + local.strftime("%H:%M")
        if placed.until is None:
            return shown
        end = placed.until.astimezone(zone(self.timezone))
        if end.date() == local.date():
            return f"{shown}–{end:%H:%M}"
        return f"{shown} – {self.day(end.date())} {end:%H:%M}"

    def written_day(self, placed: Placed, day: dt.date) -> str:
        """The day of an entry for a table: ``Apr 12, 2022``, ``April 2022`` or ``2022``; ``~`` when approximate."""
        at = placed.entry.at
        if at.period == "month" and at.date:
            shown = str(format_skeleton("yMMMM", at.date, locale=self.language))
        elif at.period == "year" and at.date:
            shown = str(at.date.year)
        else:
            shown = self.date(day, "medium")
        return ("~" if at.approximate_day else "") + shown

    def local_day(self, placed: Placed) -> dt.date | None:
        """The day of a timeline entry in the report's zone."""
        if placed.when is not None:
            return placed.when.astimezone(zone(self.timezone)).date()
        return placed.day


@lru_cache(maxsize=4096)
def _date(value: dt.date, style: str, language: str) -> str:
    """Babel's date, remembered: a site shows the same dates many times."""
    return str(format_date(value, format=style, locale=language))


@lru_cache(maxsize=4096)
def _duration(minutes: int, language: str) -> str:
    """Days, hours and minutes in Babel's short units, remembered."""
    sign, minutes = ("-", -minutes) if minutes < 0 else ("", minutes)
    parts = []
    for unit, size in _UNITS:
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(format_unit(count, unit, length="short", locale=language))
    return sign + (" ".join(parts) or format_unit(0, "duration-minute", length="short", locale=language))
