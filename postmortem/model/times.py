"""Model stage helper: times and durations as people write them: ``1h30``, ``~13:45``, a date alone, unknown, zones."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from postmortem.model.amounts import month_end
from postmortem.model.zones import ABBREVIATIONS
from postmortem.model.zones import zone as zone

UNKNOWN_WORDS = frozenset({"", "?", "unknown", "inconnu", "inconnue", "n/a"})

_DURATION_PART = re.compile(
    r"([0-9]+(?:[.,][0-9]+)?)\s*(days?|jours?|d|j|hours?|heures?|h|minutes?|mins?|mn|m)?\s*", re.IGNORECASE
)
_UNIT_MINUTES = {"d": 1440, "j": 1440, "h": 60, "m": 1}
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
    """Read ``2h``, ``1h30``, ``30min``, ``1d 4h``, ``1.5h`` or ISO ``PT1H30M``, ``~`` first when approximate."""
    written = text.strip()
    approximate, raw = _tilde(written)
    iso = _ISO_DURATION.match(raw)
    if iso and any(iso.groupdict().values()):
        parts = {key: float(value or 0) for key, value in iso.groupdict().items()}
        found = _bounded(parts["d"] * 1440 + parts["h"] * 60 + parts["m"], text=written)
    else:
        found = _bounded(_minutes(raw, text), text=written)
    return replace(found, approximate=approximate)


def _bounded(minutes: float, *, text: str) -> Duration:
    """A duration of *minutes*, refused beyond the longest one pm reads (a float of many digits is infinite)."""
    if not minutes <= MAX_DURATION_DAYS * 1440:
        shown = text if len(text) <= 24 else text[:24] + "…"
        raise ValueError(f"duration {shown!r} is too long: at most {MAX_DURATION_DAYS:,} days")
    return Duration(minutes=round(minutes), text=text)


def _minutes(raw: str, text: str) -> float:
    """The minutes of a duration written as numbers with units (``1d 4h``, ``1h30``)."""
    return sum(number * _UNIT_MINUTES[unit] for number, unit in _parts(raw, text))


def written_parts(text: str) -> tuple[tuple[float, str], ...]:
    """The numbers and units of a duration as written, units as ``d``, ``h`` or ``m``: ``1h30`` is 1 h and 30 m.

    Raises ValueError for what :func:`parse_duration` cannot read.
    """
    _, raw = _tilde(text.strip())
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
        if match is None or match.end() == position:
            raise ValueError(f"cannot read duration {text!r}: write it like 2h, 1h30, 30min or 1d 4h")
        number, unit = match.groups()
        if unit is None and (last_unit != "h" or match.end() != len(raw) or float(number) >= 60):
            raise ValueError(f"cannot read duration {text!r}: give a unit (d, h or min), as in 90min or 1h30")
        key = (unit or "m")[0].lower()
        parts.append((float(number.replace(",", ".")), "d" if key == "j" else key))
        last_unit, position = key, match.end()
    return tuple(parts)


Period = Literal["day", "month", "year"]
DAY: Period = "day"
FORMS = (
    "write it like 2024-03-01 13:42, 13:42, 9:37 PM, 13h42, ~13:45, 2024-03-01 14:05 UTC, 14:02–14:07, "
    "2024-03-01 (date alone), 2024-03 (a month), 2024 (a year) or unknown"
)
_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?(?=$|[\sT~])")
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"|(?P<french>\s?[Hh](?:\s?(?P<french_minute>\d{2}))?(?![A-Za-z0-9])))?"  # French: 14h05, 14 h 05, 9h
    r"(?:\s*(?P<half>[AaPp])\.?\s?[Mm]\.?(?![A-Za-z]))?"
)
_RANGE = re.compile(r"\s*[–—]\s*|\s+(?:-|to|à|au|until)\s+")
_ISO_T = re.compile(r"\dT\d")  # ISO 8601: a hyphen after the time starts an offset, not a range
_RANGE_ATTACHED = re.compile(
    r"(?<=\d)-(?=\d{1,2}:\d{2})|(?<=\d[Hh])-(?=\d)|(?<=[Hh]\d\d)-(?=\d)|(?<=[Mm])-(?=\d)|(?<=[Mm]\.)-(?=\d)"
)


_PLAIN_MOMENT = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})[ T](?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9])"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Moment:
    """A point or period in a timeline as written: date, time and zone may each be missing; it may be approximate.

    A coarse date (a month, a year) has ``date`` on its first day and ``period`` saying how long it lasts. A range
    (``14:02–14:07``) has its ``end``, whose missing parts come from the start (and the zone goes both ways).
    """

    text: str
    date: dt.date | None = None
    time: dt.time | None = None
    zone: str | None = None
    approximate: bool = False
    approximate_day: bool = False
    period: Period = "day"
    end: Moment | None = None

    @property
    def unknown(self) -> bool:
        """True when the author did not know when this happened."""
        return self.date is None and self.time is None

    @property
    def last_day(self) -> dt.date | None:
        """The last day the written date covers: itself, the end of its month or of its year."""
        if self.date is None or self.period == "day":
            return self.date
        if self.period == "year":
            return self.date.replace(month=12, day=31)
        return month_end(self.date)

    def __str__(self) -> str:
        """Show the moment as its author wrote it."""
        return self.text


def parse_moment(text: str, *, zones: Mapping[str, str] | None = None) -> Moment:
    """Read a timeline time as written (see FORMS, and zone names of :func:`zone`); raise ValueError naming the part.

    *zones* maps the configuration's own zone abbreviations to an offset or IANA name.
    """
    plain = _PLAIN_MOMENT.fullmatch(text)
    if plain is not None:  # the usual "2024-03-01 13:42": what the general reading makes of it, sooner
        try:
            day = dt.date(int(plain["year"]), int(plain["month"]), int(plain["day"]))
        except ValueError:
            day = None  # an impossible date: the general reading explains it
        if day is not None and day >= EARLIEST:
            return Moment(text=text, date=day, time=dt.time(int(plain["hour"]), int(plain["minute"])))
    return read_moment(text, zones=zones)


def read_moment(text: str, *, zones: Mapping[str, str] | None = None) -> Moment:
    """:func:`parse_moment` for every form a time may be written in."""
    raw = text.strip()
    if raw.lower() in UNKNOWN_WORDS:
        return Moment(text=raw or "unknown")
    parts = _RANGE.split(raw)
    if len(parts) == 1 and not _ISO_T.search(raw):
        parts = _RANGE_ATTACHED.split(raw)
    if len(parts) == 1:
        return _single(raw, whole=raw, zones=zones or {})
    if len(parts) > 2 or not all(parts):
        raise ValueError(f"cannot read time {text!r}: a range has one start and one end, as in 14:02–14:07")
    start, end = _shared_half(parts[0], parts[1], whole=raw, zones=zones or {})
    return _range(raw, start, end)


_HALF = re.compile(r"\d\s*([AaPp]\.?\s?[Mm]\.?)(?![A-Za-z])")
_BARE_CLOCK = re.compile(r"\s*~?\s*\d{1,2}(?::\d{2})?\s*")


def _shared_half(first: str, second: str, *, whole: str, zones: Mapping[str, str]) -> tuple[Moment, Moment]:
    """Both ends of a range; a bare clock on one side takes the other's AM or PM when that keeps them in order.

    ``12:30 PM–1:00`` ends at 13:00 and ``9–11 AM`` starts at 09:00; ``11:30 PM–1:00`` still ends after midnight.
    """
    halves = [_HALF.search(first), _HALF.search(second)]
    sides = [first, second]
    if bool(halves[0]) != bool(halves[1]):
        bare = 0 if halves[1] else 1
        half = (halves[1] or halves[0]).group(1)  # type: ignore[union-attr]
        if _BARE_CLOCK.fullmatch(sides[bare]):
            shared = list(sides)
            shared[bare] = f"{sides[bare].strip()} {half}"
            try:
                start, end = (_single(side, whole=whole, zones=zones) for side in shared)
            except ValueError:
                pass
            else:
                if start.time and end.time and start.time <= end.time:
                    return start, end
    start, end = (_single(side, whole=whole, zones=zones) for side in sides)
    return start, end


def _single(part: str, *, whole: str, zones: Mapping[str, str]) -> Moment:
    """One moment: ``~``, a date (day, month or year), ``T`` or a space, ``~``, a time of day, a zone."""
    approximate, rest = _tilde(part)
    approximate_day, day, period = False, None, DAY
    if found := _DATE.match(rest):
        day, period = _calendar(found, whole)
        approximate_day, rest = approximate, rest[found.end() :].removeprefix("T").lstrip()
        later, rest = _tilde(rest)
        approximate = approximate or later
    clock, found = None, _CLOCK.match(rest)
    if found and (found["minute"] or found["french"] or found["half"]):
        if period != "day":
            raise ValueError(f"cannot read time {whole!r}: a time of day needs a full date (YYYY-MM-DD) or none")
        clock, rest = _clock(found, whole), rest[found.end() :].strip()
    elif day is None:
        raise ValueError(f"cannot read time {whole!r}: {FORMS}")
    written_zone = _zone_name(rest, whole=whole, zones=zones, clock=clock) if rest else None
    return Moment(
        text=part,
        date=day,
        time=clock,
        zone=written_zone,
        approximate=approximate,
        approximate_day=approximate_day,
        period=period,
    )


def _tilde(text: str) -> tuple[bool, str]:
    """Whether *text* starts with ``~`` (approximate), and the rest."""
    stripped = text.lstrip()
    return (True, stripped[1:].lstrip()) if stripped.startswith("~") else (False, stripped)


def _calendar(found: re.Match[str], whole: str) -> tuple[dt.date, Period]:
    """The first day of a written date, month or year, and which of the three it is."""
    year, month, day = found["year"], found["month"], found["day"]
    if day is not None:
        return _date(f"{year}-{int(month):02d}-{int(day):02d}", whole), "day"
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"cannot read time {whole!r}: {month!r} is not a month (01 to 12)")
        return _date(f"{year}-{int(month):02d}-01", whole), "month"
    return _date(f"{year}-01-01", whole), "year"


def _clock(found: re.Match[str], whole: str) -> dt.time:
    """A time of day on the 24-hour clock, or the 12-hour one with AM or PM."""
    hour, second = int(found["hour"]), int(found["second"] or 0)
    minute = int(found["minute"] or found["french_minute"] or 0)
    if found["half"] and found["french"]:
        raise ValueError(f"cannot read time {whole!r}: write 14h05 or 2:05 PM, not both")
    if found["half"]:
        if not 1 <= hour <= 12:
            raise ValueError(
                f"cannot read time {whole!r}: {hour} is not an hour of the 12-hour clock (1 to 12 with AM or PM)"
            )
        hour = hour % 12 + (12 if found["half"].lower() == "p" else 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        shown = found.group(0).strip()
        raise ValueError(
            f"cannot read time {whole!r}: {shown!r} is not a time of day (hours 0 to 23, minutes 0 to 59)"
        ) from None


def _zone_name(rest: str, *, whole: str, zones: Mapping[str, str], clock: dt.time | None) -> str:
    """The zone written after a time, checked: the configuration's own names first, then those :func:`zone` knows."""
    if clock is None:
        raise ValueError(f"cannot read time {whole!r}: {rest!r} after a date; a time zone needs a time of day")
    name = zones.get(rest) or zones.get(rest.upper()) or (rest.upper() if rest.upper() in ABBREVIATIONS else rest)
    try:
        zone(name)
    except ValueError as exc:
        raise ValueError(f"cannot read time {whole!r}: {exc}") from None
    return name


def _range(raw: str, start: Moment, end: Moment) -> Moment:
    """A start and an end: the zone written on either side applies to both; an end without a date is placed later."""
    if (start.time is None) != (end.time is None):
        raise ValueError(f"cannot read time {raw!r}: give a time of day on both sides of a range, or on neither")
    if end.date is not None and start.date is None:
        raise ValueError(f"cannot read time {raw!r}: the end of a range gives a date, so its start needs one too")
    shared_zone = start.zone or end.zone
    end = replace(end, zone=end.zone or shared_zone)  # a zone written on one side only holds for both
    if start.time is None and start.date and end.date and (end.last_day or end.date) < start.date:
        raise ValueError(f"cannot read time {raw!r}: the end comes before the start")
    return replace(start, text=raw, zone=shared_zone, approximate=start.approximate or end.approximate, end=end)


def parse_date(text: str) -> dt.date:
    """Read a ``YYYY-MM-DD`` date; raise ValueError with a plain message."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
        raise ValueError(f"cannot read date {text!r}: write it as YYYY-MM-DD")
    return _date(text.strip())


EARLIEST = dt.date(1970, 1, 1)


def _date(text: str, whole: str | None = None) -> dt.date:
    """Build a date, explaining impossible ones such as 31 February, and refusing years before 1970."""
    prefix = f"cannot read time {whole!r}: " if whole else ""
    try:
        value = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{prefix}impossible date {text!r}: {exc}") from None
    if value < EARLIEST:
        raise ValueError(f"{prefix}date {text!r} is before 1970: check the year")
    return value


def resolve(moment: Moment, *, day: dt.date | None, default_zone: str) -> dt.datetime | None:
    """Return the aware datetime a moment stands for, taking its day and zone from context; None when not known."""
    if moment.time is None:
        return None
    date = moment.date or day
    if date is None:
        return None
    local = dt.datetime.combine(date, moment.time, tzinfo=zone(moment.zone or default_zone))
    try:
        return local.astimezone(dt.UTC)  # one instant, whatever the zone's changes (a time in a gap moves forward)
    except OverflowError:  # past the end of year 9999 in UTC: kept as written, for the rules to refuse
        return local


def resolve_end(moment: Moment, *, start: dt.datetime | None, default_zone: str) -> dt.datetime | None:
    """The instant a range ends; an end without its own date that would come before the start is on the next day."""
    end = moment.end
    if end is None or start is None or end.time is None:
        return None
    day = end.date or start.astimezone(zone(end.zone or default_zone)).date()
    when = resolve(end, day=day, default_zone=default_zone)
    if when is not None and when < start and end.date is None:
        try:
            when = resolve(end, day=day + dt.timedelta(days=1), default_zone=default_zone)
        except OverflowError:  # past the end of year 9999: left for the rules, which refuse such times
            return None
    return when


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
