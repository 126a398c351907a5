"""Validate stage: rules on an incident's timeline: times that can be right, events and milestones in order."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from postmortem.errors import Level, Problem
from postmortem.load.yaml import Document
from postmortem.model.incident import Incident, Placed
from postmortem.model.messages import place
from postmortem.model.moments import military
from postmortem.model.parts import ENDING_MILESTONES, MILESTONES
from postmortem.model.times import carried_day, in_range
from postmortem.model.zones import season_mismatch, wall_clock_problem, zone


def times_in_range(incident: Incident, doc: Document) -> Iterator[Problem]:
    """Each exact time can be shown in every time zone: the last hours of year 9999 cannot."""
    for placed in incident.placed:
        if any(when is not None and not in_range(when) for when in (placed.when, placed.until)):
            yield doc.problem(
                ("timeline", placed.index, "at"),
                "bad-time",
                f"time {placed.entry.at} is too late: times must fall before 9999-12-31 00:00 UTC",
            )


def _before(earlier: Placed, later: Placed, *, zone: str, name: str = "", later_name: str = "") -> bool:
    """True when *later* is known to come before *earlier* (a month or a year lasts until its last day).

    With milestone names, each entry counts by the instant its milestone takes (a range's end for mitigated
    and resolved). A day without a time after an instant is compared with that instant's day where the later
    day is read (its own zone, or the incident's, *zone*): 12:36 PM JST on 23 August is 22 August in California.
    """
    first, second = earlier.at(name), later.at(later_name)
    if first is not None and second is not None:
        return second < first
    end = earlier.entry.at.end
    if first is not None:
        first_day = carried_day(first, zone_name=later.entry.at.zone or zone)
    else:
        first_day = end.date if name in ENDING_MILESTONES and end is not None and end.date else earlier.day
    second_day = later.entry.at.last_day if later.entry.at.date else later.day
    return bool(first_day and second_day and second_day < first_day)


def written_times(incident: Incident, doc: Document) -> Iterator[Problem]:
    """What each entry's own text says that cannot be right: a range ending first, a season, a time with no day."""
    for placed in incident.placed:
        at, where = placed.entry.at, ("timeline", placed.index, "at")
        if placed.when and placed.until and placed.until < placed.when:
            yield doc.problem(where, "bad-time", f"{at}: the end of the range comes before its start")
        elif (
            at.end
            and at.end.date is None
            and placed.when
            and placed.until
            and _wraps_long(placed.when, placed.until, zone_name=at.end.zone or incident.timezone)
        ):
            yield doc.problem(where, "ambiguous-time", f"{at}: its end comes before its start on the clock, so it is "
                              "read as the next day, more than 12 hours later; give the end's date, or AM/PM on "
                              "both sides, to be sure", level=Level.WARNING)  # fmt: skip
        if at.time is not None and placed.when is None and not at.unknown:
            yield doc.problem(
                where, "bad-time", f"{at} gives a time but no date, after an entry that gives only a month or a year"
            )
        for part, when in ((at, placed.when), (at.end, placed.until)):
            mismatch = part and part.zone and when and season_mismatch(part.zone, when)
            if mismatch:
                yield doc.problem(where, "zone-season", mismatch, level=Level.WARNING)
            shifted = part and part.time and when and _wall_clock(part.time, when, part.zone or incident.timezone)
            if shifted:
                yield doc.problem(where, "ambiguous-time", shifted, level=Level.WARNING)


def _wraps_long(start: dt.datetime, end: dt.datetime, *, zone_name: str) -> bool:
    """True when a range's end, read on the day after its start, lies more than 12 hours after it."""
    where = zone(zone_name)
    return end - start > dt.timedelta(hours=12) and end.astimezone(where).date() != start.astimezone(where).date()


def _wall_clock(time: dt.time, when: dt.datetime, name: str) -> str | None:
    """Why a written time is not one instant in its zone (a daylight-saving change), or None."""
    where = zone(name)
    if isinstance(where, dt.timezone):  # a fixed offset (UTC, +02:00): its clocks never change, no day to find
        return None
    try:
        return wall_clock_problem(when.astimezone(where).date(), time, name)
    except OverflowError:
        return None


def timeline_order(incident: Incident, doc: Document, *, skip: frozenset[int]) -> Iterator[Problem]:
    """Each event must not come before the last event with a known time; a bare time after another zone is unsure."""
    last: Placed | None = None
    for placed in incident.placed:
        if placed.day is None or placed.index in skip:
            continue
        if last is not None and last.entry.at.time is not None and (unsure := _year_or_clock(placed)):
            yield doc.problem(("timeline", placed.index, "at"), "ambiguous-time", unsure, level=Level.WARNING)
        if last is not None and _before(last, placed, zone=incident.timezone):
            yield doc.problem(
                ("timeline", placed.index, "at"),
                "timeline-order",
                f"timeline out of order: {placed.entry.at} comes before {last.entry.at} "
                f"({place(('timeline', last.index))}); {_likely_cause(last, placed, incident.timezone)}",
            )
        elif last is not None and (unsure := _other_zone(last, placed, incident.timezone)):
            yield doc.problem(("timeline", placed.index, "at"), "ambiguous-time", unsure, level=Level.WARNING)
        last = placed


def _year_or_clock(placed: Placed) -> str | None:
    """Why a year alone after a time of day may be that time without its colon (``2100``); or None."""
    at = placed.entry.at
    clock = military(at.text) if at.period == "year" and at.end is None else None
    if clock is None or at.date is None:
        return None
    year = at.date.year
    return f"{at.text.strip()!r} is read as the year {year}; if it is a time of day, write it with a colon, as {clock}"


def _zone_of(placed: Placed, default: str) -> str:
    """The zone an entry's time is read in."""
    return placed.entry.at.zone or default


def _likely_cause(earlier: Placed, later: Placed, default: str) -> str:
    """What most likely put two entries out of order: zones, a missing date, or the order they are listed in."""
    if _offsets_differ(earlier, later, default):
        return (
            f"they are read in different zones ({_zone_of(earlier, default)}, {_zone_of(later, default)}): "
            "check each entry's zone"
        )
    if later.entry.at.date is None and later.entry.at.time is not None and _half_a_day_back(earlier, later):
        return "give the date when the timeline crosses midnight"
    return "list the entries in the order they happened"


def _half_a_day_back(earlier: Placed, later: Placed) -> bool:
    """Whether *later* goes back half a day or more on the clock: past midnight, more likely than out of order.

    ``23:10`` then ``00:05`` crossed midnight; ``18:01`` then ``17:46`` is listed out of order.
    """
    if earlier.when is None or later.when is None:
        return True
    return (earlier.until or earlier.when) - later.when >= dt.timedelta(hours=12)


def _offsets_differ(earlier: Placed, later: Placed, default: str) -> bool:
    """True when two timed entries are read in zones whose clocks differ at their instants (not merely by name)."""
    names = (_zone_of(earlier, default), _zone_of(later, default))
    if names[0] == names[1] or earlier.when is None or later.when is None:
        return False
    try:
        return earlier.when.astimezone(zone(names[0])).utcoffset() != later.when.astimezone(zone(names[1])).utcoffset()
    except OverflowError:  # the last hours of year 9999: refused on their own
        return True


def _other_zone(last: Placed, placed: Placed, default: str) -> str | None:
    """Why a time with neither date nor zone, right after an entry written in another zone, is unsure; or None."""
    at, when = placed.entry.at, placed.when
    if at.date or at.zone or when is None or last.when is None or not last.entry.at.zone:
        return None
    if not (in_range(last.when) and in_range(when)):  # the last hours of year 9999: an error of their own
        return None
    if last.when.astimezone(zone(default)).utcoffset() == last.when.astimezone(zone(last.entry.at.zone)).utcoffset():
        return None
    return (
        f"{at} gives neither date nor zone after {place(('timeline', last.index))}, written in {last.entry.at.zone}: "
        f"it is read as {when.astimezone(zone(default)):%Y-%m-%d %H:%M} in {default}, the incident's zone; "
        "write its date and zone to be sure"
    )


def start_date(incident: Incident, doc: Document) -> Iterator[Problem]:
    """The ``started`` milestone on another day than the incident's ``date``, in the incident's zone: one is wrong.

    Times copied from another zone's status page (``12:36 PM JST``) put the start on the day before or after the
    one the team knows, and the metrics count the incident in the period its ``date`` gives.
    """
    started = incident.milestones.get("started")
    if started is None or started.when is None or not in_range(started.when):
        return
    day = started.when.astimezone(zone(incident.timezone)).date()
    if day != incident.date:
        yield doc.problem(("timeline", started.index, "at"), "start-date",
                          f"the timeline starts on {day:%Y-%m-%d} in {incident.timezone} ({started.entry.at}), the "
                          f"incident's date is {incident.date:%Y-%m-%d}: correct the date, or the time or its zone",
                          level=Level.WARNING)  # fmt: skip


def milestone_order(incident: Incident, doc: Document, *, skip: frozenset[int]) -> Iterator[Problem]:
    """Each milestone appears once, in the order started, detected, acknowledged, mitigated, resolved."""
    seen: dict[str, Placed] = {}
    for placed in incident.placed:
        for name in placed.entry.milestone:
            if name in seen:
                yield doc.problem(
                    ("timeline", placed.index, "milestone"),
                    "duplicate-milestone",
                    f"milestone {name!r} is already marked on {place(('timeline', seen[name].index))}",
                )
            else:
                seen[name] = placed
    ordered = [(name, seen[name]) for name in MILESTONES if name in seen and seen[name].index not in skip]
    for (name, earlier), (later_name, later) in itertools.pairwise(ordered):
        if _before(earlier, later, zone=incident.timezone, name=name, later_name=later_name):
            yield doc.problem(
                ("timeline", later.index, "milestone"),
                "milestone-order",
                f"milestone {later_name!r} ({later.entry.at}) comes before {name!r} ({earlier.entry.at}); "
                f"expected order: {', '.join(MILESTONES)}",
            )
