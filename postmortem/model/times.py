"""Model stage helper: written times placed in time (their day and zone taken from context), and pm's range of dates."""

from __future__ import annotations

import datetime as dt

from postmortem.model.moments import Moment
from postmortem.model.zones import zone


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
