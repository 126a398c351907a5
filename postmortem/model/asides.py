"""Model stage helper: a time repeated in brackets in another zone (``13:01 PDT (20:01 UTC)``), checked to agree."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from postmortem.model.zones import zone

if TYPE_CHECKING:
    from postmortem.model.moments import Moment

ALSO = re.compile(r"\s*\((?P<clock>~?\d{1,2}:\d{2})\s*(?P<zone>[^()\s]+)\)\Z")  # at the end of a written time


def check_aside(main: Moment, other: Moment, *, whole: str) -> None:
    """Raise ValueError unless *other*, written in brackets after *main*, is the same instant, as far as is known.

    With a day written, the two instants are compared; without one, a region's zone (``America/Los_Angeles``)
    may have any offset it has had, and the two must agree under one of them. A time before the brackets without
    its zone (the incident's, unknown here) could not be compared: it is refused, rather than one taken in silence.
    """
    if main.time is None or main.end is not None or other.time is None or other.zone is None:
        raise ValueError(f"cannot read time {whole!r}: a time in brackets repeats one time of day given with its zone")
    if main.zone is None:
        raise ValueError(f"cannot read time {whole!r}: give the zone of both times, as in 13:01 PDT (20:01 UTC), or "
                         "keep one of them")  # fmt: skip
    if main.date is not None:
        first = dt.datetime.combine(main.date, main.time, tzinfo=zone(main.zone))
        second = dt.datetime.combine(main.date, other.time, tzinfo=zone(other.zone))
        gaps = {round((second - first).total_seconds() / 60) % 1440}
    else:  # a region's offset depends on the day, not written here: the same instant under one of its offsets
        clocks = (main.time.hour * 60 + main.time.minute, other.time.hour * 60 + other.time.minute)
        gaps = {(clocks[1] - off2 - clocks[0] + off1) % 1440 for off1 in _offsets(main.zone)
                for off2 in _offsets(other.zone)}  # fmt: skip
    if 0 not in gaps:
        apart = min(min(gap, 1440 - gap) for gap in gaps)
        raise ValueError(f"cannot read time {whole!r}: {other.text} is not the same time, {apart} minutes apart: "
                         "keep the one you are sure of")  # fmt: skip


@functools.cache
def _offsets(name: str) -> frozenset[int]:
    """The offsets from UTC, in minutes, that the zone *name* has had on the 1st and 15th of each month since 1970."""
    tz = zone(name)
    fixed = tz.utcoffset(None)
    if fixed is not None:
        return frozenset({round(fixed.total_seconds() / 60)})
    days = (dt.datetime(year, month, day, 12, tzinfo=tz) for year in range(1970, 2040) for month in range(1, 13)
            for day in (1, 15))  # fmt: skip
    return frozenset(round(moment.utcoffset().total_seconds() / 60) for moment in days)  # type: ignore[union-attr]
