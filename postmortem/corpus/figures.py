"""Corpus stage: what the metrics take of one incident, made from it alone, and written as JSON to be kept.

Its timings come from its timeline, whose reading is most of what the metrics cost; a build keeps them by the
incident file's content (see :mod:`postmortem.render.kept`), so that after an edit only the edited incident is
read again and the metrics add up the others' kept figures. The figures do not depend on the day: an action
keeps the last day before it is overdue, and each build compares it with its own day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from postmortem.model.head import Head
from postmortem.model.incident import Incident, Span
from postmortem.model.parts import Action
from postmortem.model.statuses import CLOSED_ACTION_STATUSES

MEASURES = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve")


STANDINGS = frozenset({"done", "cancelled", "open"})  # an action's standing on any day; else the day it is due


def action_state(standing: str, *, today: str) -> str:
    """Where an action of *standing* stands on the day *today* (ISO): done, cancelled, open or overdue.

    *standing* is ``done``, ``cancelled`` or ``open`` whatever the day, or else the last day the action is on
    time (ISO, which orders as the days do).
    """
    if standing in STANDINGS:
        return standing
    return "overdue" if standing < today else "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """One incident's timings (in the order of MEASURES) and its actions, as the metrics count them."""

    timings: tuple[Span | None, ...]
    actions: tuple[tuple[str, str], ...]  # each action's owner (empty: no one) and standing (see :func:`action_state`)

    def timing(self, name: str) -> Span | None:
        """The timing *name* (one of MEASURES), if the timeline gives it."""
        return self.timings[MEASURES.index(name)]


def standing(action: Action) -> str:
    """Where *action* stands whatever the day: done, cancelled, open, or the last day it is on time (ISO).

    It is overdue once its due date has passed on the day its status was last known (see ``Action.overdue``).
    """
    if action.status in CLOSED_ACTION_STATUSES:
        return action.status
    if action.due is None or (action.as_of is not None and not action.due.last < action.as_of):
        return "open"  # no due date, or on time on the day its status was last known, which caps every later day
    return action.due.last.isoformat()


def figures_of(incident: Incident) -> Figures:
    """The figures of *incident*, read from its timeline and actions."""
    return Figures(
        timings=tuple(getattr(incident, name) for name in MEASURES),
        actions=tuple((action.owner or "", standing(action)) for action in incident.actions),
    )


FiguresOf = Callable[[Head, Callable[[], Incident]], Figures]  # an incident's figures, from its head and model maker


def read_figures(_head: Head, model: Callable[[], Incident]) -> Figures:
    """The figures of an incident, read from its model (made now)."""
    return figures_of(model())


def encoded(figures: Figures) -> str:
    """*figures* as JSON text."""
    timings = [None if span is None else [span.minutes, span.approximate] for span in figures.timings]
    return json.dumps({"timings": timings, "actions": figures.actions}, separators=(",", ":"))


def decoded(text: str) -> Figures | None:
    """The figures written as JSON in *text* by :func:`encoded`, or None when *text* is not such figures."""
    try:
        found = json.loads(text)
        timings = tuple(_span(item) for item in found["timings"])
        actions = tuple((owner, standing) for owner, standing in found["actions"])
    except (ValueError, KeyError, TypeError):
        return None
    if len(timings) != len(MEASURES):
        return None
    for owner, standing in actions:
        if type(owner) is not str or type(standing) is not str or not (standing in STANDINGS or _is_day(standing)):
            return None
    return Figures(timings=timings, actions=actions)


def _span(item: Any) -> Span | None:
    """A timing as :func:`encoded` writes it; TypeError or ValueError when it is not one."""
    if item is None:
        return None
    minutes, approximate = item
    if type(minutes) is not int or type(approximate) is not bool:
        raise TypeError("not a timing")
    return Span(minutes=minutes, approximate=approximate)


def _is_day(text: str) -> bool:
    """Whether *text* is a day written as ISO (``2025-03-31``)."""
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
