"""Model stage helper: timeline times as people write them: ``13:42``, ``~13:45``, a date alone, a range, unknown."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from postmortem.model.amounts import month_end
from postmortem.model.asides import ALSO, check_aside
from postmortem.model.durations import tilde
from postmortem.model.written_dates import after_day, iso_day
from postmortem.model.zones import ABBREVIATIONS, REGION_NAMES, zone

UNKNOWN_WORDS = frozenset({"", "?", "unknown", "inconnu", "inconnue", "n/a"})

Period = Literal["day", "month", "year"]
DAY: Period = "day"
FORMS = (
    "write it like 2024-03-01 13:42, 13:42, 9:37 PM, 13h42, ~13:45, 2024-03-01 14:05 UTC, 14:02–14:07, "
    "March 1, 2024 13:42, 2024-03-01 (date alone), 2024-03 (a month), 2024 (a year) or unknown"
)
_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?(?=$|[\sT~])")
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"|(?P<french>\s?[Hh](?:\s?(?P<french_minute>\d{2}))?(?![A-Za-z0-9])))?"  # French: 14h05, 14 h 05, 9h
    r"(?:\s*(?P<half>[AaPp])\.?\s?[Mm]\.?(?![A-Za-z]))?"
)
# "at" or "à" between a day (its year, or YYYY-MM-DD) and its time of day
_DAY_AT = re.compile(
    r"(?<=\d{4})(?P<rest>(?:-\d{1,2}-\d{1,2})?),?\s+(?:à|at)\s+(?=~?\d{1,2}(?::\d{2}|[Hh]|\s*[AaPp]\.?[Mm]))"
)
_RANGE = re.compile(r"\s*[–—]\s*|\s+(?:-|to|à|au|until)\s+")
# ISO 8601 (``2024-07-19T04:09``) and what ``date --rfc-3339`` or a log prints (``2024-07-19 04:09:00-07:00``, a
# time with its seconds): a hyphen after the time starts an offset, not a range
_ISO_T = re.compile(r"\dT\d|\d:\d\d:\d\d(?:[.,]\d+)?-\d\d:?\d\d\Z")
_RANGE_ATTACHED = re.compile(
    r"(?<=\d)-(?=\d{1,2}:\d{2})|(?<=\d[Hh])-(?=\d)|(?<=[Hh]\d\d)-(?=\d)|(?<=[Mm])-(?=\d)|(?<=[Mm]\.)-(?=\d)"
)


# What says a time of day is approximate after it: "14:30ish", "10pm-ish", "15:39 (approx.)", "9:10 approx."
_APPROXIMATE_AFTER = re.compile(r"(?:-?ish|approx\.?|\((?:approx\.?|approximately|circa|ca\.|environ)\))(?=\s|$)", re.I)

_PLAIN_MOMENT = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})[ T](?P<tilde>~?)"
    r"(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9])(?P<utc> UTC)?"
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
    def approximate_somewhere(self) -> bool:
        """True when the moment, or the end of its range, is approximate (``~14:02``, ``14:02–~14:30``)."""
        return self.approximate or (self.end is not None and self.end.approximate)

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
    if plain is not None and not (plain["utc"] and zones and "UTC" in zones):
        # the usual "2024-03-01 13:42", "~13:42" or "13:42 UTC": what the general reading makes of it, sooner
        try:
            day = dt.date(int(plain["year"]), int(plain["month"]), int(plain["day"]))
        except ValueError:
            day = None  # an impossible date: the general reading explains it
        if day is not None and day >= EARLIEST:
            clock = dt.time(int(plain["hour"]), int(plain["minute"]))
            return Moment(text=text, date=day, time=clock, zone="UTC" if plain["utc"] else None,
                          approximate=bool(plain["tilde"]))  # fmt: skip
    return read_moment(text, zones=zones)


def read_moment(text: str, *, zones: Mapping[str, str] | None = None) -> Moment:
    """:func:`parse_moment` for every form a time may be written in."""
    raw = text.strip()
    if raw.lower() in UNKNOWN_WORDS:
        return Moment(text=raw or "unknown")
    if (joined := _DAY_AT.sub(r"\g<rest> ", raw)) != raw:  # "2 juin 2019 à 11:45": "à" leads to the time,
        return replace(read_moment(joined, zones=zones), text=raw)  # not to a range's end
    if (also := ALSO.search(raw)) and also.start():  # "13:01 PDT (20:01 UTC)": the same instant in another zone
        main = read_moment(raw[: also.start()], zones=zones)
        other = _single(f"{also['clock']} {also['zone']}", whole=raw, zones=zones or {})
        check_aside(main, other, whole=raw)
        return replace(main, text=raw)
    parts = _in_words(raw) or _RANGE.split(raw)
    if len(parts) == 1 and not _ISO_T.search(raw):
        parts = _RANGE_ATTACHED.split(raw)
    if len(parts) == 1:
        return _single(raw, whole=raw, zones=zones or {})
    if len(parts) > 2 or not all(parts):
        raise ValueError(f"cannot read time {text!r}: a range has one start and one end, as in 14:02–14:07")
    start, end = _shared_half(parts[0], parts[1], whole=raw, zones=zones or {})
    return _range(raw, start, end)


_BETWEEN = re.compile(r"(?:between|entre)\s+(?P<start>\S.*?)\s+(?:and|et)\s+(?P<end>\S.*)", re.IGNORECASE)
_FROM = re.compile(r"(?:from|de|du)\s+(?=\S)", re.IGNORECASE)


def _in_words(raw: str) -> list[str] | None:
    """The two ends of a range written in words (``between 21:00 and 22:00 UTC``, ``from 11:00 to 12:00``), or None.

    A range in words with one end only (``from 11:00``) is not a time: the general reading refuses it.
    """
    if found := _BETWEEN.fullmatch(raw):
        return [found["start"], found["end"]]
    if (found := _FROM.match(raw)) and len(parts := _RANGE.split(raw[found.end() :])) == 2:
        return parts
    return None


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
    approximate, rest = tilde(part)
    approximate_day, day, period = False, None, DAY
    try:
        written = iso_day(rest)  # June 2, 2019 11:45 or 2017/01/31: read as 2019-06-02 11:45
    except ValueError as exc:
        raise ValueError(f"cannot read time {whole!r}: {exc}") from None
    rest = "".join(written) if written else rest
    if found := _DATE.match(rest):
        day, period = _calendar(found, whole)
        approximate_day, rest = approximate, after_day(rest[found.end() :].removeprefix("T")).lstrip()
        later, rest = tilde(rest)
        approximate = approximate or later
    clock, found = None, _CLOCK.match(rest)
    if found and (found["minute"] or found["french"] or found["half"]):
        if period != "day":
            raise ValueError(f"cannot read time {whole!r}: a time of day needs a full date (YYYY-MM-DD) or none")
        clock, rest = _clock(found, whole), rest[found.end() :].strip()
        if suffix := _APPROXIMATE_AFTER.match(rest):  # "14:30ish", "10pm-ish", "15:39 (approx.)"
            approximate, rest = True, rest[suffix.end() :].strip()
    elif day is None:
        raise ValueError(f"cannot read time {whole!r}: {FORMS}")
    if rest.startswith("(") and rest.endswith(")") and clock is not None:  # "14:02 (UTC)"
        rest = rest[1:-1].strip()
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


def _calendar(found: re.Match[str], whole: str) -> tuple[dt.date, Period]:
    """The first day of a written date, month or year, and which of the three it is."""
    year, month, day = found["year"], found["month"], found["day"]
    if day is not None:
        return _date(f"{year}-{int(month):02d}-{int(day):02d}", whole), "day"
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"cannot read time {whole!r}: {month!r} is not a month (01 to 12)")
        return _date(f"{year}-{int(month):02d}-01", whole), "month"
    if int(year) < EARLIEST.year and (clock := military(whole)):
        raise ValueError(f"cannot read time {whole!r}: write a time of day with a colon, as {clock}")
    return _date(f"{year}-01-01", whole), "year"


def _clock(found: re.Match[str], whole: str) -> dt.time:
    """A time of day on the 24-hour clock, or the 12-hour one with AM or PM."""
    hour, second = int(found["hour"]), int(found["second"] or 0)
    minute = int(found["minute"] or found["french_minute"] or 0)
    if second == 60:  # a leap second (23:59:60 UTC, as Cloudflare logged 2016's): timings count minutes
        second = 59
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
        shown, seconds = found.group(0).strip(), ", seconds 0 to 59" if found["second"] else ""
        raise ValueError(
            f"cannot read time {whole!r}: {shown!r} is not a time of day (hours 0 to 23, minutes 0 to 59{seconds})"
        ) from None


def _zone_name(rest: str, *, whole: str, zones: Mapping[str, str], clock: dt.time | None) -> str:
    """The zone written after a time, checked: the configuration's own names first, then those :func:`zone` knows."""
    known = rest.upper() in ABBREVIATIONS or rest.upper() in REGION_NAMES
    name = zones.get(rest) or zones.get(rest.upper()) or (rest.upper() if known else rest)
    try:
        zone(name)
    except ValueError as exc:
        if clock is None:
            raise ValueError(f"cannot read time {whole!r}: {_not_a_clock(rest)}") from None
        raise ValueError(f"cannot read time {whole!r}: {exc}") from None
    if clock is None:
        raise ValueError(f"cannot read time {whole!r}: {rest!r} after a date; a time zone needs a time of day")
    return name


_HHMM = re.compile(r"(?P<hour>[01][0-9]|2[0-3])(?P<minute>[0-5][0-9])")


def military(text: str) -> str | None:
    """``21:00`` when *text* is a time of day written without its colon (``2100``), else None."""
    found = _HHMM.fullmatch(text.strip())
    return f"{found['hour']}:{found['minute']}" if found else None


def _not_a_clock(rest: str) -> str:
    """Why what follows a date is not a time: a time without its colon (``0930``), or words (``(evening)``)."""
    if clock := military(rest):
        return f"write a time of day with a colon, as {clock}"
    return (
        f"{rest!r} is not a time of day: write the date alone and say the rest in the text, or give a time such as "
        "~19:00"
    )


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
    return replace(start, text=raw, zone=shared_zone, end=end)  # each end says if it is approximate


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
