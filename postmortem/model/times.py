"""Model stage helper: times and durations as people write them: ``1h30``, ``~13:45``, a date alone, unknown, zones."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

UNKNOWN_WORDS = frozenset({"", "?", "unknown", "inconnu", "inconnue", "n/a"})

_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(days?|jours?|d|j|hours?|heures?|h|minutes?|mins?|mn|m)?\s*", re.IGNORECASE
)
_UNIT_MINUTES = {"d": 1440, "j": 1440, "h": 60, "m": 1}
_ISO_DURATION = re.compile(r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?)?$", re.IGNORECASE)
_MOMENT = re.compile(
    r"""^(?P<approx1>~\s*)?
        (?:(?P<date>\d{4}-\d{2}-\d{2}))?
        (?:(?:\s+|T)?(?P<approx2>~\s*)?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?
        \s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+)?$""",
    re.VERBOSE,
)
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of time as written (``1h30``) and in whole minutes."""

    minutes: int
    text: str

    def __str__(self) -> str:
        """Show the duration as its author wrote it."""
        return self.text


MAX_DURATION_DAYS = 36_500  # a hundred years: longer than any incident, short enough for every computation


def parse_duration(text: str) -> Duration:
    """Read ``2h``, ``1h30``, ``30min``, ``1d 4h``, ``1.5h`` or ISO ``PT1H30M``; raise ValueError otherwise."""
    raw = text.strip()
    iso = _ISO_DURATION.match(raw)
    if iso and any(iso.groupdict().values()):
        parts = {key: float(value or 0) for key, value in iso.groupdict().items()}
        return _bounded(parts["d"] * 1440 + parts["h"] * 60 + parts["m"], text=raw)
    return _bounded(_minutes(raw, text), text=raw)


def _bounded(minutes: float, *, text: str) -> Duration:
    """A duration of *minutes*, refused beyond the longest one pm reads (a float of many digits is infinite)."""
    if not minutes <= MAX_DURATION_DAYS * 1440:
        shown = text if len(text) <= 24 else text[:24] + "…"
        raise ValueError(f"duration {shown!r} is too long: at most {MAX_DURATION_DAYS:,} days")
    return Duration(minutes=round(minutes), text=text)


def _minutes(raw: str, text: str) -> float:
    """The minutes of a duration written as numbers with units (``1d 4h``, ``1h30``)."""
    total, position, last_unit = 0.0, 0, ""
    while position < len(raw) or not raw:
        match = _DURATION_PART.match(raw, position)
        if match is None or match.end() == position:
            raise ValueError(f"cannot read duration {text!r}: write it like 2h, 1h30, 30min or 1d 4h")
        number, unit = match.groups()
        if unit is None and (last_unit != "h" or match.end() != len(raw) or float(number) >= 60):
            raise ValueError(f"cannot read duration {text!r}: give a unit (d, h or min), as in 90min or 1h30")
        key = (unit or "m")[0].lower()
        total += float(number.replace(",", ".")) * _UNIT_MINUTES[key]
        last_unit, position = key, match.end()
    return total


@lru_cache(maxsize=256)
def zone(name: str) -> dt.tzinfo:
    """Return the time zone for ``UTC``, ``Z``, an offset such as ``+02:00``, or an IANA name; raise ValueError."""
    if name.upper() in {"Z", "UTC", "GMT"}:
        return dt.UTC
    offset = _OFFSET.match(name)
    if offset:
        sign, hours, minutes = offset.groups()
        delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
        if delta > dt.timedelta(hours=14):
            raise ValueError(f"offset {name!r} is out of range (at most ±14:00)")
        return dt.timezone(-delta if sign == "-" else delta)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Paris, UTC or an offset like +02:00"
        ) from None


@dataclass(frozen=True, slots=True, kw_only=True)
class Moment:
    """A point in a timeline as written: any of date, time and zone may be missing; it may be approximate."""

    text: str
    date: dt.date | None = None
    time: dt.time | None = None
    zone: str | None = None
    approximate: bool = False

    @property
    def unknown(self) -> bool:
        """True when the author did not know when this happened."""
        return self.date is None and self.time is None

    def __str__(self) -> str:
        """Show the moment as its author wrote it."""
        return self.text


def parse_moment(text: str) -> Moment:
    """Read ``2024-03-01 13:42``, ``13:42``, ``~13:45 UTC``, ``2024-03-01``, ISO 8601 or ``unknown``; or ValueError."""
    raw = text.strip()
    if raw.lower() in UNKNOWN_WORDS:
        return Moment(text=raw or "unknown")
    match = _MOMENT.match(raw)
    if match is None or not (match["date"] or match["time"]):
        raise ValueError(
            f"cannot read time {text!r}: write it like 2024-03-01 13:42, 13:42, ~13:45, 2024-03-01 14:05 UTC, "
            "2024-03-01 (date alone) or unknown"
        )
    if match["zone"] and not match["time"]:
        raise ValueError(f"cannot read time {text!r}: a time zone needs a time of day")
    if match["zone"]:
        zone(match["zone"])
    return Moment(
        text=raw,
        date=_date(match["date"]) if match["date"] else None,
        time=_time(match["time"]) if match["time"] else None,
        zone=match["zone"],
        approximate=bool(match["approx1"] or match["approx2"]),
    )


def parse_date(text: str) -> dt.date:
    """Read a ``YYYY-MM-DD`` date; raise ValueError with a plain message."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(f"cannot read date {text!r}: write it as YYYY-MM-DD")
    return _date(text.strip())


EARLIEST = dt.date(1970, 1, 1)


def _date(text: str) -> dt.date:
    """Build a date, explaining impossible ones such as 31 February, and refusing years before 1970."""
    try:
        value = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"impossible date {text!r}: {exc}") from None
    if value < EARLIEST:
        raise ValueError(f"date {text!r} is before 1970: check the year")
    return value


def _time(text: str) -> dt.time:
    """Build a time of day, explaining impossible ones such as 25:00."""
    hour, minute, *rest = (int(p) for p in text.split(":"))
    try:
        return dt.time(hour, minute, rest[0] if rest else 0)
    except ValueError:
        raise ValueError(f"impossible time of day {text!r}: hours go from 0 to 23, minutes from 0 to 59") from None


def resolve(moment: Moment, *, day: dt.date | None, default_zone: str) -> dt.datetime | None:
    """Return the aware datetime a moment stands for, taking its day and zone from context; None when not known."""
    if moment.time is None:
        return None
    date = moment.date or day
    if date is None:
        return None
    return dt.datetime.combine(date, moment.time, tzinfo=zone(moment.zone or default_zone))


def carried_day(last: dt.date | None, *, zone_name: str) -> dt.date | None:
    """The day a time without a date falls on: that of the entry before (*last*), seen in the zone it is read in."""
    if isinstance(last, dt.datetime):
        try:
            return last.astimezone(zone(zone_name)).date()
        except OverflowError:  # the last hours of year 9999: refused by the rules, which read the day as written
            return last.date()
    return last


LATEST_INSTANT = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)  # a day before the end of time: shown in every zone


def in_range(when: dt.datetime) -> bool:
    """True when *when* can be shown in every time zone (the latest dates, late in the day, cannot)."""
    try:
        return when.astimezone(dt.UTC) < LATEST_INSTANT
    except OverflowError:
        return False


LATEST_EPOCH = int((LATEST_INSTANT - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)).total_seconds())


def source_date(text: str) -> dt.date | None:
    """The build date a ``SOURCE_DATE_EPOCH`` value stands for; None when empty; ValueError when malformed.

    The reproducible-builds specification asks for an integer of seconds as ``date +%s`` prints it, and for a
    build to fail on a value it cannot honour; pm's dates end in year 9999.
    """
    value = text.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(LATEST_EPOCH)) or int(value) > LATEST_EPOCH:
        shown = value if len(value) <= 24 else value[:24] + "…"
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to {LATEST_EPOCH}, not {shown!r}")
    return (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=int(value))).date()


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole minutes from *start* to *end* (negative when *end* is earlier)."""
    return int((end - start).total_seconds() // 60)
