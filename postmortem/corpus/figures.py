"""Corpus stage: what the metrics take of one incident, made from it alone, and written as JSON to be kept.

Its timings come from its timeline, whose reading is most of what the metrics cost; a build keeps them by the
incident file's content (see :mod:`postmortem.render.kept`), so that after an edit only the edited incident is
read again and the metrics add up the others' kept figures. The figures do not depend on the day: an action
keeps the last day before it is overdue, and each build compares it with its own day.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from postmortem import jsondata
from postmortem.corpus.facts import STANDINGS, TakenOf, is_day, standing
from postmortem.model.head import Head
from postmortem.model.incident import Incident, Span

MEASURES = ("time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve")


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """One incident's timings (in the order of MEASURES) and its actions, as the metrics count them."""

    timings: tuple[Span | None, ...]
    actions: tuple[tuple[str, str], ...]  # each action's owner (empty: no one) and standing (see :func:`action_state`)

    def timing(self, name: str) -> Span | None:
        """The timing *name* (one of MEASURES), if the timeline gives it."""
        return self.timings[MEASURES.index(name)]


def figures_of(incident: Incident) -> Figures:
    """The figures of *incident*, read from its timeline and actions."""
    return Figures(
        timings=tuple(getattr(incident, name) for name in MEASURES),
        actions=tuple((action.owner or "", standing(action)) for action in incident.actions),
    )


FiguresOf = TakenOf[Figures]  # an incident's figures, from its head and model maker


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
        found = jsondata.loads(text)
        timings = tuple(_span(item) for item in found["timings"])
        actions = tuple((owner, stands) for owner, stands in found["actions"])
    except (ValueError, KeyError, TypeError, RecursionError):  # a nesting too deep for the JSON parser too
        return None
    if len(timings) != len(MEASURES):
        return None
    for owner, stands in actions:
        if type(owner) is not str or type(stands) is not str or not (stands in STANDINGS or is_day(stands)):
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
