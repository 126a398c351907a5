"""Corpus stage: the views across incidents that no single report gives: lessons by theme, the action ledger."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from postmortem.model.head import Head, heads_of
from postmortem.model.incident import Incident
from postmortem.model.parts import Action
from postmortem.model.statuses import CLOSED_ACTION_STATUSES

LESSON_KINDS = ("to_keep", "went_wrong", "went_well", "lucky")
NO_THEME = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LessonEntry:
    """One lesson, every incident that taught it, and all its themes; listed once, under the first of them."""

    text: str
    kind: str
    incidents: tuple[Incident, ...]
    themes: tuple[str, ...]
    id: str | None = None  # the id the incidents give it, if any

    @property
    def recurrence(self) -> int:
        """How many incidents taught it: the same number wherever the lesson is shown."""
        return len(self.incidents)


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """A theme (tag) and the lessons listed under it, the most recurrent first."""

    name: str
    lessons: tuple[LessonEntry, ...]

    @property
    def incidents(self) -> int:
        """How many distinct incidents taught a lesson listed under this theme."""
        return len({incident.id for lesson in self.lessons for incident in lesson.incidents})


def _words(text: str) -> str:
    """A lesson's words, without case, emphasis or punctuation."""
    return re.sub(r"\W+", " ", text).strip().lower()


def _order(entry: LessonEntry) -> tuple[int, int, str]:
    """The most recurrent lessons first, then by kind and text."""
    return (-entry.recurrence, LESSON_KINDS.index(entry.kind), entry.text.lower())


def lessons(incidents: Sequence[Incident]) -> tuple[LessonEntry, ...]:
    """Every distinct lesson once, with the incidents that taught it and the union of its themes, most recurrent first.

    Two lessons are the same when they share an id, or when one has none and its words are those of a lesson with
    an id: a team that gives the id in one incident and only the words in another counts one lesson, not two with
    counts that disagree. A lesson's themes are its own ``tags`` where it gives them, else its incident's tags; one
    taught by several incidents gathers the themes of each, in the order they come.
    """
    ordered = sorted(incidents, key=lambda i: (i.date, i.id))
    named: dict[tuple[str, str], str] = {}  # (kind, words) of a lesson given an id -> the first id given
    for incident in ordered:
        for kind, text, lesson_id, _ in _lessons(incident):
            if lesson_id:
                named.setdefault((kind, _words(text)), lesson_id)
    taught: dict[tuple[str, str], dict[str, Incident]] = defaultdict(dict)
    themes: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    texts: dict[tuple[str, str], str] = {}
    for incident in ordered:
        for kind, text, lesson_id, tags in _lessons(incident):
            words = _words(text)
            lesson_id = lesson_id or named.get((kind, words))
            key = (kind, "#" + lesson_id if lesson_id else words)  # words have no "#": never taken for an id
            texts.setdefault(key, text)
            taught[key].setdefault(incident.id, incident)  # by id: comparing models is slow
            themes[key].update(dict.fromkeys(tags))
    entries = [
        LessonEntry(
            text=texts[key],
            kind=key[0],
            incidents=tuple(found.values()),
            themes=tuple(themes[key]),
            id=key[1].removeprefix("#") if key[1].startswith("#") else None,
        )
        for key, found in taught.items()
    ]
    return tuple(sorted(entries, key=_order))


def team_lessons(entries: Sequence[LessonEntry], order: Sequence[str]) -> tuple[LessonEntry, ...]:
    """The lessons the team lists (by id, in *order*): ids no incident teaches are left out."""
    found = {entry.id: entry for entry in entries if entry.id}
    return tuple(found[lesson_id] for lesson_id in order if lesson_id in found)


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A key that compares the numbers in *text* as numbers: INC-2 before INC-10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text.casefold()))


def in_table_order(incidents: Sequence[Incident], order: str) -> list[Incident]:
    """The incidents in the configured order of the table: newest first, oldest first, or by id."""
    return [incidents[number] for number in table_order(heads_of(incidents), order)]


def table_order(heads: Sequence[Head], order: str) -> list[int]:
    """The places of the incidents whose heads are *heads* in the configured order of the table (see above)."""
    if order == "id":
        return sorted(range(len(heads)), key=lambda n: (_natural(heads[n].id), heads[n].date))
    return sorted(range(len(heads)), key=lambda n: (heads[n].date, heads[n].id), reverse=order == "newest")


def lessons_by_theme(
    incidents: Sequence[Incident], *, entries: Sequence[LessonEntry] | None = None
) -> tuple[Theme, ...]:
    """Each lesson once, under the first of its themes (see :func:`lessons`); the themes taught most first.

    *entries*: the lessons of *incidents* when they are already gathered (the site's pages show them twice).
    """
    found: dict[str, list[LessonEntry]] = defaultdict(list)
    for entry in lessons(incidents) if entries is None else entries:
        found[entry.themes[0] if entry.themes else NO_THEME].append(entry)
    themes = [Theme(name=name, lessons=tuple(entries)) for name, entries in found.items()]
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
    owners: tuple[OwnerLine, ...]  # people and teams named as owners, and no one else
    unassigned: OwnerLine | None = None  # the actions whose source names no owner (owner is ""), if any

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
    unassigned = per_owner.pop("", None)
    owners = sorted((_owner_line(owner, items) for owner, items in per_owner.items()),
                    key=lambda o: (-o.overdue, -o.open, o.owner.lower()))  # fmt: skip
    return Ledger(
        lines=tuple(lines), owners=tuple(owners), unassigned=_owner_line("", unassigned) if unassigned else None
    )


def _owner_line(owner: str, items: Sequence[LedgerLine]) -> OwnerLine:
    """How the actions of one owner stand."""
    return OwnerLine(
        owner=owner,
        total=len(items),
        done=sum(i.action.status == "done" for i in items),
        open=sum(i.action.status not in CLOSED_ACTION_STATUSES for i in items),
        overdue=sum(i.overdue for i in items),
    )
