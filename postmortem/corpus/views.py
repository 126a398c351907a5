"""Corpus stage: the views across incidents that no single report gives: lessons by theme, the action ledger."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from postmortem.corpus.facts import (
    LESSON_KINDS,
    ActionFact,
    LessonFact,
    TakenOf,
    action_fact,
    action_state,
    lesson_facts,
)
from postmortem.model.head import Head, heads_of
from postmortem.model.incident import Incident
from postmortem.model.parts import Action

NO_THEME = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LessonEntry:
    """One lesson, every incident that taught it, and all its themes; listed once, under the first of them."""

    text: str
    kind: str
    incidents: tuple[Incident | Head, ...]  # their models, or their heads for pm's own templates
    themes: tuple[str, ...]
    id: str | None = None  # the id the incidents give it, if any

    @property
    def recurrence(self) -> int:
        """How many incidents taught it: the same number wherever the lesson is shown."""
        return len(self.incidents)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the incidents that taught it, in order."""
        return tuple(incident.id for incident in self.incidents)


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """A theme (tag) and the lessons listed under it, the most recurrent first."""

    name: str
    lessons: tuple[LessonEntry, ...]

    @property
    def incidents(self) -> int:
        """How many distinct incidents taught a lesson listed under this theme."""
        return len({incident.id for lesson in self.lessons for incident in lesson.incidents})


_KIND_RANK = {kind: rank for rank, kind in enumerate(LESSON_KINDS)}


def _order(entry: LessonEntry) -> tuple[int, int, str]:
    """The most recurrent lessons first, then by kind and text."""
    return (-len(entry.incidents), _KIND_RANK[entry.kind], entry.text.lower())


def read_lessons(_head: Head, model: Callable[[], Incident]) -> tuple[LessonFact, ...]:
    """The lessons of an incident, read from its model (made now)."""
    return lesson_facts(model())


def lessons(
    incidents: Sequence[Incident], *, taught: TakenOf[tuple[LessonFact, ...]] = read_lessons, heads: bool = False
) -> tuple[LessonEntry, ...]:
    """Every distinct lesson once, with the incidents that taught it and the union of its themes, most recurrent first.

    Two lessons are the same when they share an id, or when one has none and its words are those of a lesson with
    an id: a team that gives the id in one incident and only the words in another counts one lesson, not two with
    counts that disagree. A lesson's themes are its own ``tags`` where it gives them, else its incident's tags; one
    taught by several incidents gathers the themes of each, in the order they come.

    *taught* gives each incident's lessons, from its head and what makes its model (read from the model, or kept by
    an earlier build); a lesson lists its incidents' heads if *heads*, else their models.
    """
    every = heads_of(incidents)
    ordered = sorted(range(len(every)), key=lambda n: (every[n].date, every[n].id))
    found = [(n, taught(every[n], functools.partial(incidents.__getitem__, n))) for n in ordered]
    named: dict[tuple[str, str], str] = {}  # (kind, words) of a lesson given an id -> the first id given
    for _, facts in found:
        for fact in facts:
            if fact.id:
                named.setdefault((fact.kind, fact.words), fact.id)
    taught_by: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    themes: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    texts: dict[tuple[str, str], str] = {}
    for number, facts in found:
        taught_in = every[number].id
        for kind, text, given, tags, words in facts:
            words = "" if given else words  # a lesson given an id is known by it
            lesson_id = given or named.get((kind, words))
            key = (kind, "#" + lesson_id if lesson_id else words)  # words have no "#": never taken for an id
            texts.setdefault(key, text)
            taught_by[key].setdefault(taught_in, number)  # by id: comparing models is slow
            themes[key].update(dict.fromkeys(tags))
    shown: Callable[[int], Incident | Head] = every.__getitem__ if heads else incidents.__getitem__
    entries = [
        LessonEntry(
            text=texts[key],
            kind=key[0],
            incidents=tuple(map(shown, numbers.values())),
            themes=tuple(themes[key]),
            id=key[1].removeprefix("#") if key[1].startswith("#") else None,
        )
        for key, numbers in taught_by.items()
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


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerLine:
    """One action of the ledger, with its incident."""

    incident: Incident
    action: Action
    overdue: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadLine:
    """One action of the ledger as pm's own pages show it: its incident's head, and the action by a key.

    The key, which the render stage gives, names the action's row by its incident model's key and its place
    there: a row the render stage remembers is shown without making the model.
    """

    incident: Head
    action: str
    overdue: bool


Line = TypeVar("Line", LedgerLine, HeadLine)


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerLine:
    """How one owner's actions stand."""

    owner: str
    total: int
    done: int
    open: int
    overdue: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Ledger(Generic[Line]):
    """Every corrective action of every incident."""

    lines: tuple[Line, ...]
    owners: tuple[OwnerLine, ...]  # people and teams named as owners, and no one else
    unassigned: OwnerLine | None = None  # the actions whose source names no owner (owner is ""), if any
    _standing: OwnerLine  # how all the actions stand, whoever owns them
    _statuses: Mapping[str, int]  # how many actions have each status

    @property
    def overdue(self) -> int:
        """How many actions are overdue."""
        return self._standing.overdue

    @property
    def open(self) -> int:
        """How many actions are neither done nor cancelled."""
        return self._standing.open

    def count(self, status: str) -> int:
        """How many actions have *status*."""
        return self._statuses.get(status, 0)

    @property
    def completion(self) -> float | None:
        """Share of done actions among those not cancelled; None when there is none."""
        relevant = self._standing.done + self._standing.open
        return self._standing.done / relevant if relevant else None


def owner_line(owner: str, states: Mapping[str, int]) -> OwnerLine:
    """How the actions of *owner* stand, from how many are in each state (see ``facts.action_state``)."""
    overdue = states.get("overdue", 0)
    return OwnerLine(owner=owner, total=sum(states.values()), done=states.get("done", 0),
                     open=states.get("open", 0) + overdue, overdue=overdue)  # fmt: skip


STATUS_ORDER = ("blocked", "open", "in-progress", "done", "cancelled")


def ledger(incidents: Sequence[Incident], *, today: dt.date) -> Ledger[LedgerLine]:
    """The action ledger: overdue first, then by status, due date and incident."""
    found, day = [], today.isoformat()
    for incident in incidents:
        for action in incident.actions:
            fact = action_fact(action)
            state = action_state(fact.standing, today=day)
            found.append((LedgerLine(incident=incident, action=action, overdue=state == "overdue"), fact, state))
    return _ledger(found)


ActionKey = Callable[[int, int], str]  # the key of an incident's action, by the incident's place and the action's


def head_ledger(
    incidents: Sequence[Incident], *, today: dt.date, facts: TakenOf[tuple[ActionFact, ...]], key: ActionKey
) -> Ledger[HeadLine]:
    """The action ledger of :func:`ledger`, each line its incident's head and its action's key (see ``HeadLine``).

    *facts* gives what the ledger takes of each incident's actions (kept by an earlier build, or read from its
    model): no model is made for an incident whose actions are kept.
    """
    found, day = [], today.isoformat()
    for number, head in enumerate(heads_of(incidents)):
        for place, fact in enumerate(facts(head, functools.partial(incidents.__getitem__, number))):
            state = action_state(fact.standing, today=day)
            found.append((HeadLine(incident=head, action=key(number, place), overdue=state == "overdue"), fact, state))
    return _ledger(found)


_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}


def _ledger(found: list[tuple[Line, ActionFact, str]]) -> Ledger[Line]:
    """The ledger of the lines in *found*, each with what its action is counted by and where it stands today.

    Tens of thousands of actions at thousands of incidents: each is looked at once to order it (by keys made once,
    compared as tuples) and once to count it (by owner and state).
    """
    keys = [(not line.overdue, _RANK[fact.status], fact.last or dt.date.max, line.incident.id)
            for line, fact, _ in found]  # fmt: skip
    ordered = [found[number] for number in sorted(range(len(found)), key=keys.__getitem__)]
    per_owner: dict[str, Counter[str]] = defaultdict(Counter)
    for (owner, state), number in Counter((fact.owner, state) for _, fact, state in ordered).items():
        per_owner[owner][state] += number
    unassigned = per_owner.pop("", None)
    owners = sorted((owner_line(owner, states) for owner, states in per_owner.items()),
                    key=lambda o: (-o.overdue, -o.open, o.owner.lower()))  # fmt: skip
    return Ledger(
        lines=tuple(line for line, _, _ in ordered),
        owners=tuple(owners),
        unassigned=owner_line("", unassigned) if unassigned else None,
        _standing=owner_line("", Counter(state for _, _, state in found)),
        _statuses=Counter(fact.status for _, fact, _ in found),
    )
