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
    forward = _forward(timeline, zones=zones)  # newest first, as status pages list them: no next day to guess
    day = _day(date)
    last: tuple[int, str | None] | None = None  # the minute of the day and the zone of the entry above
    coarse = False  # the entry above is a month or a year (history): a time alone after it needs its day written
    for entry in timeline:
        at = entry.get("at") if isinstance(entry, dict) else None
        moment = _moment(at, zones=zones) if isinstance(at, str) else None
        if moment is None:  # not read: nothing to go on after it
            last = None
            continue
        if moment.time is None:  # a day alone sets the day (a month or a year does not); unknown changes nothing
            coarse = moment.date is not None and moment.period != "day"
            day, last = (moment.date, None) if moment.date is not None and not coarse else (day, last)
            continue
        if moment.date is not None:
            day = moment.date
        elif day is not None and coarse:  # "June 2019: capacity plan postponed", then "23:10": the incident's day
            entry["at"] = f"{day.isoformat()} {at}"
        elif (
            day is not None
            and forward
            and last is not None
            and last[1] == moment.zone
            and (_minute(moment) <= last[0] - HALF_DAY)
        ):
            day += dt.timedelta(days=1)
            entry["at"] = f"{day.isoformat()} {at}"
        coarse = False
        end = moment.end if moment.end is not None and moment.end.time is not None else None
        if end is not None and day is not None:  # a range: the entries after it go on from its end's day
            day = end.date or (day + dt.timedelta(days=1) if _minute(end) < _minute(moment) else day)
        last = (_minute(end or moment), moment.zone)


def _forward(timeline: list[Any], *, zones: Mapping[str, str]) -> bool:
    """Whether the times alone of *timeline* go forward more often than back: a timeline listed oldest first."""
    minutes = [_minute(moment) for entry in timeline if isinstance(entry, dict) and isinstance(entry.get("at"), str)
               and (moment := _moment(entry["at"], zones=zones)) is not None and moment.time is not None]  # fmt: skip
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


def _moment(text: str, *, zones: Mapping[str, str]) -> Moment | None:
    """The moment *text* writes, or None when pm does not read it (the draft's check says so)."""
    try:
        return parse_moment(text, zones=zones)
    except ValueError:
        return None


def _minute(moment: Moment) -> int:
    """The minute of the day of a moment's time."""
    assert moment.time is not None
    return moment.time.hour * 60 + moment.time.minute
