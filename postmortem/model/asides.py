"""Model stage helper: a time repeated in brackets in another zone (``13:01 PDT (20:01 UTC)``), checked to agree."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from postmortem.model.zones import zone

if TYPE_CHECKING:
    from postmortem.model.moments import Moment

ALSO = re.compile(r"\s*\((?P<clock>~?\d{1,2}:\d{2})\s*(?P<zone>[^()\s]+)\)\Z")  # at the end of a written time
_ANY_DAY = dt.date(2000, 1, 3)  # for zones of one offset all year, any day gives the same answer


def check_aside(main: Moment, other: Moment, *, whole: str) -> None:
    """Raise ValueError unless *other*, written in brackets after *main*, is the same instant, as far as is known.

    Both are compared when each zone has one offset (``PDT``, ``UTC``, ``+02:00``), or when a day is written to
    find a region's; otherwise the time before the brackets holds. A time before them without its zone (the
    incident's, unknown here) could not be compared: it is refused, rather than one of the two taken in silence.
    """
    if main.time is None or main.end is not None or other.time is None or other.zone is None:
        raise ValueError(f"cannot read time {whole!r}: a time in brackets repeats one time of day given with its zone")
    if main.zone is None:
        raise ValueError(f"cannot read time {whole!r}: give the zone of both times, as in 13:01 PDT (20:01 UTC), or "
                         "keep one of them")  # fmt: skip
    if main.date is None and not (_fixed(main.zone) and _fixed(other.zone)):
        return  # a region's offset depends on the day, which is not written here
    day = main.date or _ANY_DAY
    first = dt.datetime.combine(day, main.time, tzinfo=zone(main.zone))
    second = dt.datetime.combine(day, other.time, tzinfo=zone(other.zone))
    apart = round((second - first).total_seconds() / 60) % 1440
    if min(apart, 1440 - apart):
        raise ValueError(f"cannot read time {whole!r}: {other.text} is not the same time, {min(apart, 1440 - apart)} "
                         "minutes apart: keep the one you are sure of")  # fmt: skip


def _fixed(name: str) -> bool:
    """Whether the zone *name* has one offset all year (UTC, an offset, an abbreviation)."""
    return zone(name).utcoffset(None) is not None
