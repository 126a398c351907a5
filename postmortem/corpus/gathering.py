"""Corpus stage helper: the one pass of the metrics over the incidents, each counted where it belongs by its figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from postmortem.corpus.facts import action_state
from postmortem.corpus.figures import MEASURES, Figures
from postmortem.corpus.views import OwnerLine, owner_line
from postmortem.model.head import Head
from postmortem.model.incident import Span

Counted = tuple[int, Head, Figures]  # an incident counted: its place, its head, its figures


class Gathered:
    """What one pass over the incidents collects, by level, month and theme."""

    def __init__(self) -> None:
        self.by_level: dict[str, list[Counted]] = defaultdict(list)
        self.values: dict[tuple[dt.date, str, str], list[Span]] = defaultdict(list)  # (month, level, measure)
        self.months: Counter[dt.date] = Counter()
        self.themes: dict[str, list[tuple[dt.date, str, dt.date]]] = defaultdict(list)  # (date, id, month)
        self.components: dict[str, list[tuple[dt.date, str, dt.date]]] = defaultdict(list)
        self.actions: dict[tuple[dt.date, str], int] = defaultdict(int)  # (month, standing): see action_state
        self.owners: dict[tuple[str, str], int] = defaultdict(int)  # (owner, standing)

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
        actions, owners = self.actions, self.owners
        for owner, standing in figures.actions:
            actions[(month, standing)] += 1
            owners[(owner, standing)] += 1


def owner_lines(gathered: Gathered, *, today: str) -> tuple[tuple[OwnerLine, ...], OwnerLine | None]:
    """How each owner's actions stand on *today* (ISO), the most overdue first, and the actions that name no owner."""
    states: dict[str, Counter[str]] = defaultdict(Counter)
    for (owner, standing), count in gathered.owners.items():
        states[owner][action_state(standing, today=today)] += count
    lines = {owner: owner_line(owner, counts) for owner, counts in states.items()}
    unassigned = lines.pop("", None)
    return tuple(sorted(lines.values(), key=lambda o: (-o.overdue, -o.open, o.owner.lower(), o.owner))), unassigned
