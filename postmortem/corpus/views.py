"""Corpus stage: the views across incidents that no single report gives: lessons by theme, the action ledger."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from postmortem.model.incident import Action, Incident

LESSON_KINDS = ("to_keep", "went_wrong", "went_well", "lucky")
NO_THEME = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LessonEntry:
    """One lesson, and every incident that taught it."""

    text: str
    kind: str
    incidents: tuple[Incident, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """A theme (tag) and its lessons, the most recurrent first."""

    name: str
    lessons: tuple[LessonEntry, ...]

    @property
    def incidents(self) -> int:
        """How many distinct incidents taught a lesson of this theme."""
        return len({incident.id for lesson in self.lessons for incident in lesson.incidents})


def _key(text: str, lesson_id: str | None) -> str:
    """What makes two lessons the same: their shared id, else their words."""
    return lesson_id or re.sub(r"\W+", " ", text).strip().lower()


def lessons_by_theme(incidents: Sequence[Incident]) -> tuple[Theme, ...]:
    """Every lesson of every incident under each of its themes; recurring themes and lessons first."""
    found: dict[str, dict[tuple[str, str], dict[str, Incident]]] = defaultdict(lambda: defaultdict(dict))
    texts: dict[tuple[str, str], str] = {}
    for incident in incidents:
        for kind, text, lesson_id, tags in _lessons(incident):
            key = (kind, _key(text, lesson_id))
            texts.setdefault(key, text)
            for theme in tags or (NO_THEME,):
                found[theme][key].setdefault(incident.id, incident)  # by id: comparing models is slow
    themes = []
    for name, lessons in found.items():
        entries = sorted(
            (
                LessonEntry(text=texts[key], kind=key[0], incidents=tuple(items.values()))
                for key, items in lessons.items()
            ),
            key=lambda e: (-len(e.incidents), LESSON_KINDS.index(e.kind), e.text.lower()),
        )
        themes.append(Theme(name=name, lessons=tuple(entries)))
    return tuple(sorted(themes, key=lambda t: (t.name == NO_THEME, -t.incidents, t.name)))


def _lessons(incident: Incident) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    """(kind, text, id, themes) of each lesson of an incident; a lesson without tags takes the incident's."""
    result: list[tuple[str, str, str | None, tuple[str, ...]]] = [
        ("to_keep", lesson.text, lesson.id, lesson.tags or incident.tags) for lesson in incident.lessons.to_keep
    ]
    for kind in ("went_wrong", "went_well", "lucky"):
        result += [(kind, text, None, incident.tags) for text in getattr(incident.lessons, kind)]
    return result


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerLine:
    """One action of the ledger, with its incident."""

    incident: Incident
    action: Action
    overdue: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerLine:
    """How one owner's actions stand."""

    owner: str
    total: int
    done: int
    open: int
    overdue: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Ledger:
    """Every corrective action of every incident."""

    lines: tuple[LedgerLine, ...]
    owners: tuple[OwnerLine, ...]

    @property
    def overdue(self) -> int:
        """How many actions are overdue."""
        return sum(line.overdue for line in self.lines)

    @property
    def open(self) -> int:
        """How many actions are neither done nor cancelled."""
        return sum(line.action.status not in ("done", "cancelled") for line in self.lines)

    def count(self, status: str) -> int:
        """How many actions have *status*."""
        return sum(line.action.status == status for line in self.lines)

    @property
    def completion(self) -> float | None:
        """Share of done actions among those not cancelled; None when there is none."""
        relevant = len(self.lines) - self.count("cancelled")
        return self.count("done") / relevant if relevant else None


STATUS_ORDER = ("blocked", "open", "in-progress", "done", "cancelled")


def ledger(incidents: Sequence[Incident], *, today: dt.date) -> Ledger:
    """The action ledger: overdue first, then by status, due date and incident."""
    lines = [
        LedgerLine(incident=incident, action=action, overdue=action.overdue(today))
        for incident in incidents
        for action in incident.actions
    ]
    lines.sort(
        key=lambda e: (
            not e.overdue,
            STATUS_ORDER.index(e.action.status),
            e.action.due.last if e.action.due else dt.date.max,
            e.incident.id,
        )
    )
    per_owner: dict[str, list[LedgerLine]] = defaultdict(list)
    for line in lines:
        per_owner[line.action.owner or ""].append(line)
    owners = [
        OwnerLine(
            owner=owner,
            total=len(items),
            done=sum(i.action.status == "done" for i in items),
            open=sum(i.action.status not in ("done", "cancelled") for i in items),
            overdue=sum(i.overdue for i in items),
        )
        for owner, items in per_owner.items()
    ]
    owners.sort(key=lambda o: (-o.overdue, -o.open, o.owner.lower()))
    return Ledger(lines=tuple(lines), owners=tuple(owners))
