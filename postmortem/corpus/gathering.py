"""Corpus stage helper: the one pass of the metrics over the incidents, each counted where it belongs by its figures."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections import Counter, defaultdict

from postmortem.corpus.facts import action_state
from postmortem.corpus.figures import MEASURES, Figures
from postmortem.corpus.views import OwnerLine, owner_line
from postmortem.model.head import Head
from postmortem.model.incident import Span

Counted = tuple[int, Head, Figures]  # an incident counted: its place, its head, its figures
_STANDING = operator.itemgetter(1)  # of an action's owner and standing


class Gathered:
    """What one pass over the incidents collects, by level, month and theme."""

    def __init__(self) -> None:
        self.by_level: dict[str, list[Counted]] = defaultdict(list)
        self.values: dict[tuple[dt.date, str, str], list[Span]] = defaultdict(list)  # (month, level, measure)
        self.months: Counter[dt.date] = Counter()
        self.themes: dict[str, list[tuple[dt.date, str, dt.date]]] = defaultdict(list)  # (date, id, month)
        self.components: dict[str, list[tuple[dt.date, str, dt.date]]] = defaultdict(list)
        self._actions: dict[dt.date, list[tuple[str, str]]] = defaultdict(list)  # by month: (owner, standing)

    def add(self, number: int, incident: Head, figures: Figures) -> None:
        """Count the incident at *number*, whose head is *incident* and figures *figures*, everywhere it belongs."""
        month = incident.date.replace(day=1)
        self.months[month] += 1
        level = incident.severity or ""
        self.by_level[level].append((number, incident, figures))
        for name, span in zip(MEASURES, figures.timings, strict=True):
            if span is not None:
                self.values[(month, level, name)].append(span)
        seen = (incident.date, incident.id, month)
        for tag in dict.fromkeys(incident.tags):
            self.themes[tag].append(seen)
        for component in dict.fromkeys(incident.components):
            self.components[component].append(seen)
        self._actions[month].extend(figures.actions)  # counted once, when every incident is in (tens of thousands)

    @functools.cached_property
    def actions(self) -> dict[tuple[dt.date, str], int]:
        """How many actions there are of each month and standing (see ``facts.action_state``)."""
        return {(month, standing): count for month, found in self._actions.items()
                for standing, count in Counter(map(_STANDING, found)).items()}  # fmt: skip

    @functools.cached_property
    def owners(self) -> Counter[tuple[str, str]]:
        """How many actions there are of each owner and standing."""
        return Counter(itertools.chain.from_iterable(self._actions.values()))


def owner_lines(gathered: Gathered, *, today: str) -> tuple[tuple[OwnerLine, ...], OwnerLine | None]:
    """How each owner's actions stand on *today* (ISO), the most overdue first, and the actions that name no owner."""
    states: dict[str, Counter[str]] = defaultdict(Counter)
    for (owner, standing), count in gathered.owners.items():
        states[owner][action_state(standing, today=today)] += count
    lines = {owner: owner_line(owner, counts) for owner, counts in states.items()}
    unassigned = lines.pop("", None)
    return tuple(sorted(lines.values(), key=lambda o: (-o.overdue, -o.open, o.owner.lower(), o.owner))), unassigned
