"""Model stage helper: durations as people write them: ``2h``, ``1h30``, ``30min``, ``1d 4h``, ``~2h``, ``an hour``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from postmortem.model.worded import bound, duration_in_figures

_THOUSANDS = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9.,])"  # 1,440: groups of three digits, as counts are written
_UNITS = r"weeks?|wks?|w|semaines?|days?|jours?|d|j|hours?|hrs?|heures?|h|minutes?|mins?|mn|m"
_DURATION_PART = re.compile(
    rf"({_THOUSANDS}|[0-9]+(?:[.,][0-9]+)?)\s*(?:({_UNITS})(?![^\W\d_]))?\s*",  # a whole word: not 'months' 'm'
    re.IGNORECASE,
)
_SECONDS = re.compile(r"s|secs?|seconds?|secondes?", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_UNIT_MINUTES = {"w": 10080, "d": 1440, "h": 60, "m": 1}
_ISO_DURATION = re.compile(r"^P(?:(?P<d>[0-9]+)D)?(?:T(?:(?P<h>[0-9]+)H)?(?:(?P<m>[0-9]+)M)?)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of time as written (``1h30``) and in whole minutes."""

    minutes: int
    text: str
    approximate: bool = False

    def __str__(self) -> str:
        """Show the duration as its author wrote it."""
        return self.text


MAX_DURATION_DAYS = 36_500  # a hundred years: longer than any incident, short enough for every computation


def parse_duration(text: str) -> Duration:
    """Read ``2h``, ``1h30``, ``30min``, ``1d 4h``, ``1.5h`` or ``PT1H30M``; ``~`` or ``about`` first if approximate."""
    written = text.strip()
    approximate, raw = tilde(written)
    if word := bound(raw):
        raise ValueError(f"cannot read duration {text!r}: {word!r} makes it a bound, not an amount: write "
                         f"~{raw.strip()[len(word) :].strip()} for about that, and say {word} in the text")  # fmt: skip
    raw = duration_in_figures(raw)
    iso = _ISO_DURATION.match(raw)
    if iso and any(iso.groupdict().values()):
        parts = {key: float(value or 0) for key, value in iso.groupdict().items()}
        return _bounded(parts["d"] * 1440 + parts["h"] * 60 + parts["m"], text=written, approximate=approximate)
    return _bounded(_minutes(raw, text), text=written, approximate=approximate)


def _bounded(minutes: float, *, text: str, approximate: bool) -> Duration:
    """A duration of *minutes*, refused beyond the longest one pm reads (a float of many digits is infinite)."""
    if not minutes <= MAX_DURATION_DAYS * 1440:
        shown = text if len(text) <= 24 else text[:24] + "…"
        raise ValueError(f"duration {shown!r} is too long: at most {MAX_DURATION_DAYS:,} days")
    return Duration(minutes=round(minutes), text=text, approximate=approximate)


def _minutes(raw: str, text: str) -> float:
    """The minutes of a duration written as numbers with units (``1d 4h``, ``1h30``)."""
    return sum(number * _UNIT_MINUTES[unit] for number, unit in _parts(raw, text))


def written_parts(text: str) -> tuple[tuple[float, str], ...]:
    """The numbers and units of a duration as written, units as ``d``, ``h`` or ``m``: ``1h30`` is 1 h and 30 m.

    Raises ValueError for what :func:`parse_duration` cannot read.
    """
    _, raw = tilde(text.strip())
    raw = duration_in_figures(raw)
    iso = _ISO_DURATION.match(raw)
    if iso and any(iso.groupdict().values()):
        return tuple((float(value), unit) for unit, value in iso.groupdict().items() if value)
    return _parts(raw, text)


def _parts(raw: str, text: str) -> tuple[tuple[float, str], ...]:
    """The numbers and units of a duration written as numbers with units (``1d 4h``, ``1h30``)."""
    parts: list[tuple[float, str]] = []
    position, last_unit = 0, ""
    while position < len(raw) or not raw:
        match = _DURATION_PART.match(raw, position)
        if parts and (match is None or match.end() == position) and raw[position:].lstrip()[:1] in ("-", "–", "—"):
            raise ValueError(f"cannot read duration {text!r}: {_unit_missing(raw[position:])}")  # a range of them
        if match is None or match.end() == position:
            raise ValueError(
                f"cannot read duration {text!r}: write it like 2h, 1h30, 30min or 1d 4h, and ~3h for about 3 hours"
            )
        number, unit = match.groups()
        if unit is None and (last_unit != "h" or match.end() != len(raw) or float(number) >= 60):
            raise ValueError(f"cannot read duration {text!r}: {_unit_missing(raw[match.end() :])}")
        key = _unit_key(unit or "m")
        parts.append((_number(number), key))
        last_unit, position = key, match.end()
    return tuple(parts)


def _unit_key(unit: str) -> str:
    """``w``, ``d``, ``h`` or ``m`` for a unit as written (``semaines`` and ``jours`` too)."""
    first = unit[0].lower()
    return {"s": "w", "j": "d"}.get(first, first)


def _unit_missing(rest: str) -> str:
    """Why a number has no unit pm counts: none written, seconds, or a word that is no unit."""
    word = _WORD.match(rest)
    if word and _SECONDS.fullmatch(word.group()):
        return "pm counts durations in whole minutes: write 1min, or ~1min"
    if word:
        return f"unknown unit {word.group()!r}: use d, h or min (or w for weeks), as in 90min or 1h30"
    if rest.lstrip()[:1] in ("+", "-", "–"):  # "6+ hours", "2-3h": more than, or between, is not one duration
        return "a duration is one amount, as ~3h for about 3 hours: say more than or between in the text"
    return "give a unit (d, h or min), as in 90min or 1h30"


def _number(written: str) -> float:
    """A number of a duration: ``1,440`` groups thousands (as a count does), ``1,5`` and ``1.5`` have decimals."""
    if re.fullmatch(_THOUSANDS, written):
        return float(written.replace(",", ""))
    return float(written.replace(",", "."))


APPROXIMATE_WORDS = ("about", "around", "approximately", "approx.", "approx", "roughly", "nearly", "almost", "circa",
                     "ca.", "environ", "env.", "vers")  # fmt: skip
_APPROXIMATE = re.compile(
    r"(?:[~≈±]|(?:" + "|".join(map(re.escape, sorted(APPROXIMATE_WORDS, key=len, reverse=True))) + r")(?=\s))\s*",
    re.IGNORECASE,
)


def tilde(text: str) -> tuple[bool, str]:
    """Whether *text* says it is approximate (``~``, ``≈``, ``±``, ``about``, ``environ``…), and the rest."""
    stripped = text.lstrip()
    found = _APPROXIMATE.match(stripped)
    return (True, stripped[found.end() :]) if found else (False, stripped)
