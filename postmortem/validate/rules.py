"""Validate stage: rules that look at a whole incident (completeness, owners, review checklist; timeline.py: times)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from postmortem.config.model import Config
from postmortem.errors import Level, Problem
from postmortem.load.fences import block_problem, may_hold_blocks, prose
from postmortem.load.yaml import Document
from postmortem.model.incident import Incident
from postmortem.model.messages import Loc, place
from postmortem.model.parts import Lessons
from postmortem.model.statuses import CLOSED_ACTION_STATUSES
from postmortem.validate.timeline import (
    milestone_order,
    start_date,
    timeline_order,
    times_in_range,
    written_times,
)

_HUMAN_ERROR = re.compile(r"^\W*(human|operator|user|pilot)[\s-]+error\W*$|^\W*erreur[\s-]+humaine\W*$", re.IGNORECASE)


def check(
    incident: Incident, *, doc: Document, config: Config, unread: frozenset[Loc] = frozenset()
) -> Iterator[Problem]:
    """Every rule that needs the whole incident, in a stable order.

    *unread* holds where the file's values could not be read (an incident with errors, read without them): a
    rule that would find something missing there stays silent, for the value is written, only wrong.
    """
    unsure = _Unsure(unread)
    yield from times_in_range(incident, doc)
    yield from dict.fromkeys(written_times(incident, doc))  # both ends of a range may say the same
    unsure_days = _unsure_days(incident, unsure)
    yield from timeline_order(incident, doc, skip=unsure_days)
    yield from milestone_order(incident, doc, skip=unsure_days)
    yield from start_date(incident, doc)
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
        if not self.unread:  # a file without errors: every value was read
            return False
        return any(loc[:end] in self.unread for loc in locs for end in range(1, len(loc) + 1))

    def items(self, loc: Loc) -> bool:
        """True when the list at *loc*, or one of its items (left out or stood in for), could not be read."""
        if not self.unread:
            return False
        return self.any(loc) or any(len(u) == len(loc) + 1 and u[: len(loc)] == loc for u in self.unread)


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
