"""Render stage helper: labels of the built-in templates, and dates, times and durations in the report's language."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_skeleton
from babel.units import format_unit

from postmortem.errors import PmError, display_path
from postmortem.model.incident import Placed, Span
from postmortem.model.times import Duration, zone
from postmortem.render.loader import RefusedFile, read_confined
from postmortem.render.plain import TemplateFunction

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
        try:
            found = read_confined(folder, f"i18n/{language}.toml")
            if found is not None:
                return tomllib.loads(found[0])
        except RefusedFile as exc:
            raise PmError(f"cannot read labels: {exc.message}") from None
        except tomllib.TOMLDecodeError as exc:
            raise PmError(f"{display_path(folder / 'i18n' / f'{language}.toml')}: cannot read labels: {exc}") from None
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
        """The time of a timeline entry in the report's zone, ``~`` when approximate; empty when not known."""
        if placed.when is None:
            return ""
        local = placed.when.astimezone(zone(self.timezone))
        return ("~" if placed.entry.at.approximate else "") + local.strftime("%H:%M")

    def local_day(self, placed: Placed) -> dt.date | None:
        """The day of a timeline entry in the report's zone."""
        if placed.when is not None:
            return placed.when.astimezone(zone(self.timezone)).date()
        return placed.day


def template_formatter(fmt: Formatter) -> dict[str, Any]:
    """What templates see of *fmt*: its language and zone, and functions that take the plain values templates hold."""

    def duration(value: Mapping[str, Any] | int | float | None, approximate: bool = False) -> str:
        """``fmt.duration(incident.time_to_detect)`` or ``fmt.duration(90)``."""
        if isinstance(value, Mapping):
            return fmt.duration(int(value["minutes"]), approximate=approximate or bool(value.get("approximate")))
        return fmt.duration(None if value is None else int(value), approximate=approximate)

    def clock(placed: Mapping[str, Any]) -> str:
        """``fmt.clock(placed)``: the time of a timeline entry in the zone, ``~`` when approximate."""
        when: dt.datetime | None = placed["when"]
        if when is None:
            return ""
        local = when.astimezone(zone(fmt.timezone))
        return ("~" if placed["entry"]["at"]["approximate"] else "") + local.strftime("%H:%M")

    def local_day(placed: Mapping[str, Any]) -> dt.date | None:
        """``fmt.local_day(placed)``: the day of a timeline entry in the zone."""
        when: dt.datetime | None = placed["when"]
        day: dt.date | None = placed["day"]
        return when.astimezone(zone(fmt.timezone)).date() if when is not None else day

    functions: dict[str, Callable[..., Any]] = {
        "date": fmt.date,
        "day": fmt.day,
        "duration": duration,
        "clock": clock,
        "local_day": local_day,
    }
    return {"language": fmt.language, "timezone": fmt.timezone} | {
        name: TemplateFunction(function) for name, function in functions.items()
    }


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
