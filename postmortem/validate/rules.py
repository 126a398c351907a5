"""Validate stage: rules that look at a whole incident (order of events, completeness, review checklist)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from postmortem.config.model import Config
from postmortem.errors import Level, Problem
from postmortem.load.fences import block_problem, may_hold_blocks, prose
from postmortem.load.yaml import Document
from postmortem.model.incident import Incident, Placed
from postmortem.model.messages import Loc, place
from postmortem.model.parts import ENDING_MILESTONES, MILESTONES, Lessons
from postmortem.model.statuses import CLOSED_ACTION_STATUSES
from postmortem.model.times import in_range
from postmortem.model.zones import season_mismatch, wall_clock_problem, zone

_HUMAN_ERROR = re.compile(r"^\W*(human|operator|user|pilot)[\s-]+error\W*$|^\W*erreur[\s-]+humaine\W*$", re.IGNORECASE)


def check(
    incident: Incident, *, doc: Document, config: Config, unread: frozenset[Loc] = frozenset()
) -> Iterator[Problem]:
    """Every rule that needs the whole incident, in a stable order.

    *unread* holds where the file's values could not be read (an incident with errors, read without them): a
    rule that would find something missing there stays silent, for the value is written, only wrong.
    """
    unsure = _Unsure(unread)
    yield from _in_range(incident, doc)
    yield from dict.fromkeys(_written_times(incident, doc))  # both ends of a range may say the same
    unsure_days = _unsure_days(incident, unsure)
    yield from _timeline_order(incident, doc, skip=unsure_days)
    yield from _milestones(incident, doc, skip=unsure_days)
    yield from _completeness(incident, doc, config, unsure)
    yield from _actions(incident, doc, unsure)
    yield from _internal_blocks(incident, doc)
    if incident.status != "draft":
        yield from _review_checklist(incident, doc, config, unsure)


@dataclass(frozen=True, slots=True)
class _Unsure:
    """Where values of the file could not be read."""

    unread: frozenset[Loc]

    def any(self, *locs: Loc) -> bool:
        """True when a value at one of *locs*, or one holding it, could not be read."""
        return any(loc[:end] in self.unread for loc in locs for end in range(1, len(loc) + 1))

    def items(self, loc: Loc) -> bool:
        """True when the list at *loc*, or one of its items (left out or stood in for), could not be read."""
        return self.any(loc) or any(len(u) == len(loc) + 1 and u[: len(loc)] == loc for u in self.unread)


def _in_range(incident: Incident, doc: Document) -> Iterator[Problem]:
    """Each exact time can be shown in every time zone: the last hours of year 9999 cannot."""
    for placed in incident.placed:
        if any(when is not None and not in_range(when) for when in (placed.when, placed.until)):
            yield doc.problem(
                ("timeline", placed.index, "at"),
                "bad-time",
                f"time {placed.entry.at} is too late: times must fall before 9999-12-31 00:00 UTC",
            )


def _before(earlier: Placed, later: Placed, *, name: str = "", later_name: str = "") -> bool:
    """True when *later* is known to come before *earlier* (a month or a year lasts until its last day).

    With milestone names, each entry counts by the instant its milestone takes (a range's end for mitigated
    and resolved).
    """
    first, second = earlier.at(name), later.at(later_name)
    if first is not None and second is not None:
        return second < first
    end = earlier.entry.at.end
    first_day = end.date if name in ENDING_MILESTONES and end is not None and end.date else earlier.day
    second_day = later.entry.at.last_day if later.entry.at.date else later.day
    return bool(first_day and second_day and second_day < first_day)


def _written_times(incident: Incident, doc: Document) -> Iterator[Problem]:
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
    try:
        return wall_clock_problem(when.astimezone(zone(name)).date(), time, name)
    except OverflowError:
        return None


def _unsure_days(incident: Incident, unsure: _Unsure) -> frozenset[int]:
    """Entries whose day comes from a value that could not be read: the incident's date or zone, an earlier time."""
    if unsure.any(("timezone",)):  # a time without a zone is read in the incident's
        return frozenset(range(len(incident.timeline)))
    found, carried = set(), unsure.any(("date",))  # the first times without a date fall on the incident's
    for placed in incident.placed:
        if unsure.any(("timeline", placed.index, "at")):
            carried = True
        elif placed.entry.at.date is not None:
            carried = False
        elif carried and not placed.entry.at.unknown:
            found.add(placed.index)
    return frozenset(found)


def _timeline_order(incident: Incident, doc: Document, *, skip: frozenset[int]) -> Iterator[Problem]:
    """Each event must not come before the last event with a known time; a bare time after another zone is unsure."""
    last: Placed | None = None
    for placed in incident.placed:
        if placed.day is None or placed.index in skip:
            continue
        if last is not None and _before(last, placed):
            yield doc.problem(
                ("timeline", placed.index, "at"),
                "timeline-order",
                f"timeline out of order: {placed.entry.at} comes before {last.entry.at} "
                f"({place(('timeline', last.index))}); {_likely_cause(last, placed, incident.timezone)}",
            )
        elif last is not None and (unsure := _other_zone(last, placed, incident.timezone)):
            yield doc.problem(("timeline", placed.index, "at"), "ambiguous-time", unsure, level=Level.WARNING)
        last = placed


def _zone_of(placed: Placed, default: str) -> str:
    """The zone an entry's time is read in."""
    return placed.entry.at.zone or default


def _likely_cause(earlier: Placed, later: Placed, default: str) -> str:
    """What most likely put two entries out of order: zones, a missing date, or the order they are listed in."""
    if _zone_of(earlier, default) != _zone_of(later, default):
        return (
            f"they are read in different zones ({_zone_of(earlier, default)}, {_zone_of(later, default)}): "
            "check each entry's zone"
        )
    if later.entry.at.date is None and later.entry.at.time is not None:
        return "give the date when the timeline crosses midnight"
    return "list the entries in the order they happened"


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


def _milestones(incident: Incident, doc: Document, *, skip: frozenset[int]) -> Iterator[Problem]:
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
        if _before(earlier, later, name=name, later_name=later_name):
            yield doc.problem(
                ("timeline", later.index, "milestone"),
                "milestone-order",
                f"milestone {later_name!r} ({later.entry.at}) comes before {name!r} ({earlier.entry.at}); "
                f"expected order: {', '.join(MILESTONES)}",
            )


def _required(incident: Incident, config: Config, unsure: _Unsure) -> list[tuple[str, bool]]:
    """Fields the incident's status (and severity) require, each with whether it is filled in (or written, unread)."""
    if incident.status == "draft":
        return []
    needed = [("severity", incident.severity is not None), ("summary", incident.summary is not None)]
    if incident.status == "final":
        needed += [("root_cause", incident.root_cause is not None), ("resolution", incident.resolution is not None)]
        level = config.levels.get(incident.severity or "")
        if level is not None and level.postmortem and not unsure.any(("severity",)):
            needed += [
                ("timeline", bool(incident.timeline)),
                ("actions", bool(incident.actions)),
                ("lessons", not incident.lessons.empty or _lessons_unread(unsure)),
            ]
    return [(name, present or unsure.items((name,))) for name, present in needed]


def _lessons_unread(unsure: _Unsure) -> bool:
    """True when some lesson was written but could not be read."""
    return unsure.any(("lessons",)) or any(unsure.items(("lessons", kind)) for kind in Lessons.model_fields)


def _completeness(incident: Incident, doc: Document, config: Config, unsure: _Unsure) -> Iterator[Problem]:
    """What a write-up must hold grows with its status: a draft may be partial."""
    for name, present in _required(incident, config, unsure):
        if not present:
            why = f"status is {incident.status}"
            if name in ("timeline", "actions", "lessons"):
                why += f" and severity {incident.severity} needs a full post-mortem"
            yield doc.problem(("status",), "incomplete", f"{name!r} is required: {why}")


_NO_ONE = re.compile(r"^\W*(unassigned|unknown|none|nobody|n/?a|tbd|non attribu[ée]e?|inconnu|personne)\W*$", re.I)


def _actions(incident: Incident, doc: Document, unsure: _Unsure) -> Iterator[Problem]:
    """Every action needs an owner once the write-up leaves draft, or says that its source names none.

    An unassigned action of a final write-up is a warning while someone should still take it: not when it is
    closed, nor when its status is recorded as of a past day (``as_of``), the record of a write-up of the past.
    """
    level = Level.WARNING if incident.status == "draft" else Level.ERROR
    for index, action in enumerate(incident.actions):
        where: Loc = ("actions", index)
        if action.unassigned:
            if incident.status == "final" and action.as_of is None and action.status not in CLOSED_ACTION_STATUSES:
                message = (f"{place(where)} is unassigned: name who will do it; or, if the write-up records the "
                           "past, give as_of, the day its status was last known")  # fmt: skip
                yield doc.problem((*where, "unassigned"), "action-unassigned", message, level=Level.WARNING)
        elif not (action.owner or "").strip() and not unsure.any((*where, "owner")):
            message = f"{place(where)} has no owner: name one, or write unassigned: true if its source names none"
            yield doc.problem(where, "action-owner", message, level=level)
        elif _NO_ONE.match(action.owner or ""):
            yield doc.problem((*where, "owner"), "action-owner",
                              f"owner {action.owner!r} reads as no one: write unassigned: true instead, so that "
                              "no one is listed as an owner", level=Level.WARNING)  # fmt: skip
        if action.as_of and action.as_of < incident.date:
            yield doc.problem((*where, "as_of"), "bad-time",
                              f"as_of {action.as_of} comes before the incident ({incident.date})")  # fmt: skip


def _internal_blocks(incident: Incident, doc: Document) -> Iterator[Problem]:
    """An internal block must end where it seems to: otherwise public builds would hide too much, or too little."""
    if not may_hold_blocks(incident):
        return
    for loc, text in prose(incident):
        found = block_problem(text)
        if found is not None:
            yield doc.problem(loc, "internal-block", found[1])


def _review_checklist(incident: Incident, doc: Document, config: Config, unsure: _Unsure) -> Iterator[Problem]:
    """Warnings in the spirit of an SRE post-mortem review."""
    measured = incident.impact is not None and incident.impact.quantified
    if not measured and not _measures_unread(unsure):
        where = ("impact",) if incident.impact else ("status",)
        yield doc.problem(
            where,
            "impact-not-quantified",
            "impact is not quantified: add users_affected, downtime, data_loss or figures",
            key=incident.impact is not None,
            level=Level.WARNING,
        )
    if incident.root_cause and _HUMAN_ERROR.match(incident.root_cause.strip()):
        yield doc.problem(
            ("root_cause",),
            "human-error",
            "root cause is just 'human error': say what made the mistake possible and easy",
            level=Level.WARNING,
        )
    level = config.levels.get(incident.severity or "")
    formal = incident.status == "final" and level is not None and level.postmortem
    kinds = [("actions", index, "kind") for index in range(len(incident.actions))]
    prevents = any(action.kind == "prevent" for action in incident.actions) or unsure.any(*kinds)
    if formal and incident.actions and not prevents:
        yield doc.problem(
            ("actions",),
            "no-prevent-action",
            "no action of kind 'prevent': what stops this from recurring?",
            key=True,
            level=Level.WARNING,
        )


def _measures_unread(unsure: _Unsure) -> bool:
    """True when a figure of the impact was written but could not be read."""
    measures = [("impact", name) for name in ("users_affected", "downtime", "data_loss")]
    return unsure.any(*measures) or unsure.items(("impact", "figures"))
