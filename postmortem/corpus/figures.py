"""Corpus stage: what the metrics take of one incident, made from it alone, and written as JSON to be kept.

Its timings come from its timeline, whose reading is most of what the metrics cost; a build keeps them by the
incident file's content (see :mod:`postmortem.render.kept`), so that after an edit only the edited incident is
read again and the metrics add up the others' kept figures. The figures do not depend on the day: an action
keeps the last day before it is overdue, and each build compares it with its own day.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from postmortem.model.incident import Action, Incident, Span
from postmortem.model.statuses import ACTION_STATUSES, CLOSED_ACTION_STATUSES

MEASURES = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve")


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionFigure:
    """One corrective action as the metrics count it: its owner, its status, and until when it is on time."""

    owner: str  # empty when no one is named
    status: str
    due_until: dt.date | None  # overdue on any later day; None: never overdue (no due date, closed, or as_of before)

    def overdue(self, today: dt.date) -> bool:
        """Whether the action is overdue as of *today*."""
        return self.due_until is not None and self.due_until < today

    def state(self, today: dt.date) -> str:
        """Where the action stands as of *today*: done, cancelled, overdue or open."""
        if self.status in CLOSED_ACTION_STATUSES:
            return self.status
        return "overdue" if self.overdue(today) else "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """One incident's timings (in the order of MEASURES) and its actions, as the metrics count them."""

    timings: tuple[Span | None, ...]
    actions: tuple[ActionFigure, ...]

    def timing(self, name: str) -> Span | None:
        """The timing *name* (one of MEASURES), if the timeline gives it."""
        return self.timings[MEASURES.index(name)]


def _due_until(action: Action) -> dt.date | None:
    """The last day *action* is on time, whatever the day of the build (see ``Action.overdue``)."""
    if action.due is None or action.status in CLOSED_ACTION_STATUSES:
        return None
    if action.as_of is not None and not action.due.last < action.as_of:
        return None  # on time on the day its status was last known, which caps every later day
    return action.due.last


def figures_of(incident: Incident) -> Figures:
    """The figures of *incident*, read from its timeline and actions."""
    return Figures(
        timings=tuple(getattr(incident, name) for name in MEASURES),
        actions=tuple(
            ActionFigure(owner=a.owner or "", status=a.status, due_until=_due_until(a)) for a in incident.actions
        ),
    )


def encoded(figures: Figures) -> str:
    """*figures* as JSON text."""
    timings = [None if span is None else [span.minutes, span.approximate] for span in figures.timings]
    actions = [[a.owner, a.status, a.due_until.isoformat() if a.due_until else None] for a in figures.actions]
    return json.dumps({"timings": timings, "actions": actions}, separators=(",", ":"))


def decoded(text: str) -> Figures | None:
    """The figures written as JSON in *text* by :func:`encoded`, or None when *text* is not such figures."""
    try:
        found = json.loads(text)
        timings = tuple(_span(item) for item in found["timings"])
        actions = tuple(_action(item) for item in found["actions"])
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    if len(timings) != len(MEASURES):
        return None
    return Figures(timings=timings, actions=actions)


def _span(item: Any) -> Span | None:
    """A timing as :func:`encoded` writes it; TypeError when it is not one."""
    if item is None:
        return None
    minutes, approximate = item
    if type(minutes) is not int or type(approximate) is not bool:
        raise TypeError("not a timing")
    return Span(minutes=minutes, approximate=approximate)


def _action(item: Any) -> ActionFigure:
    """An action as :func:`encoded` writes it; TypeError or ValueError when it is not one."""
    owner, status, due = item
    if not (isinstance(owner, str) and status in ACTION_STATUSES and (due is None or isinstance(due, str))):
        raise TypeError("not an action")
    return ActionFigure(owner=owner, status=status, due_until=None if due is None else dt.date.fromisoformat(due))
