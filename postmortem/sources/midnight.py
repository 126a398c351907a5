"""Sources stage helper: a timeline that crosses midnight in times alone gets the next day written where it does."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from typing import Any

from postmortem.model.moments import Moment, parse_moment

HALF_DAY = 12 * 60  # a time alone this many minutes or more before the one above it is on the next day


def days_across_midnight(timeline: list[Any], *, date: object, zones: Mapping[str, str]) -> None:
    """Write the day on each entry of *timeline* whose time alone falls half a day or more before the one above it.

    A write-up lists ``23:10``, then ``00:05`` and ``00:35`` under the incident's date: the last two are on the
    next day, which pm cannot tell from a time alone (``pm check`` asks for the date where a timeline crosses
    midnight). The day is *date* (the incident's) until an entry writes one; entries of another zone than the
    one above them, times that go back less than half a day (written out of order), and timelines whose times go
    back more often than forward (newest first, as status pages list them) are left as written.
    """
    read = [(entry, _moment(entry.get("at"), zones=zones)) for entry in timeline if isinstance(entry, dict)]
    forward = _forward([moment for _, moment in read])  # newest first, as status pages list them: no day to guess
    day = _day(date)
    last: tuple[int, str | None] | None = None  # the minute of the day and the zone of the entry above
    coarse = False  # the entry above is a month or a year (history): a time alone after it needs its day written
    for entry, moment in read:
        if moment is None:  # not read: nothing to go on after it
            last = None
        elif moment.time is None:  # a day alone sets the day (a month or a year does not); unknown changes nothing
            coarse = moment.date is not None and moment.period != "day"
            day, last = (moment.date, None) if moment.date is not None and not coarse else (day, last)
        else:
            if moment.date is not None:
                day = moment.date
            elif day is not None and (coarse or (forward and _next_day(moment, last))):
                day += dt.timedelta(days=0 if coarse else 1)  # after history ("June 2019: …"), the incident's day
                entry["at"] = f"{day.isoformat()} {entry['at']}"
            coarse = False
            day, last = _after(moment, day)


def _next_day(moment: Moment, last: tuple[int, str | None] | None) -> bool:
    """Whether *moment*, a time alone, falls half a day or more before the entry above, in the same zone."""
    return last is not None and last[1] == moment.zone and _minute(moment) <= last[0] - HALF_DAY


def _after(moment: Moment, day: dt.date | None) -> tuple[dt.date | None, tuple[int, str | None]]:
    """The day and the minute (with the zone) the entries after *moment* go on from: a range's end, if any."""
    end = moment.end if moment.end is not None and moment.end.time is not None else None
    if end is not None and day is not None:  # a range: the entries after it go on from its end's day
        day = end.date or (day + dt.timedelta(days=1) if _minute(end) < _minute(moment) else day)
    return day, (_minute(end or moment), moment.zone)


def _forward(moments: list[Moment | None]) -> bool:
    """Whether the times alone of a timeline go forward more often than back: a timeline listed oldest first."""
    minutes = [_minute(moment) for moment in moments if moment is not None and moment.time is not None]
    steps = [later - earlier for earlier, later in itertools.pairwise(minutes) if later != earlier]
    return sum(step > 0 for step in steps) > sum(step < 0 for step in steps)


def _day(value: object) -> dt.date | None:
    """The incident's date as a draft holds it (text, or a date), or None."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _moment(text: object, *, zones: Mapping[str, str]) -> Moment | None:
    """The moment *text* writes, or None when it is no text pm reads (the draft's check says so)."""
    if not isinstance(text, str):
        return None
    try:
        return parse_moment(text, zones=zones)
    except ValueError:
        return None


def _minute(moment: Moment) -> int:
    """The minute of the day of a moment's time."""
    assert moment.time is not None
    return moment.time.hour * 60 + moment.time.minute
