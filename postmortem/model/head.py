"""Model stage: the few values of an incident that a build reads of every incident, kept apart from its model.

A build after an edit renders few files, but looks at every incident: to sort them, to know the titles reports
link to, to fingerprint each report. A head holds what those loops read, so that they need not make thousands of
models: it is taken from the validated model, and the cache keeps it beside the model's state, sealed like it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import final, overload

from postmortem.model.incident import Incident
from postmortem.model.statuses import CLOSED_ACTION_STATUSES


@dataclass(frozen=True, slots=True, kw_only=True)
class Head:
    """What a build reads of every incident (each the model's value of the same name, but *due* and *hidden*)."""

    id: str
    title: str
    date: dt.date
    language: str
    severity: str | None = None
    tags: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    due: bool = False  # an action that is not closed has a due date: its report says whether it is overdue
    hidden: bool = False  # the whole incident is internal (``internal: true``): a public build leaves it out


def head_of(incident: Incident) -> Head:
    """The head of *incident*."""
    return Head(
        id=incident.id,
        title=incident.title,
        date=incident.date,
        language=incident.language,
        severity=incident.severity,
        tags=incident.tags,
        components=incident.components,
        related=incident.related,
        risks=incident.risks,
        due=any(action.due and action.status not in CLOSED_ACTION_STATUSES for action in incident.actions),
        hidden=incident.internal is True,
    )


Make = Callable[[], Incident]


@final
class Incidents(Sequence[Incident]):
    """Incidents in order: the head of each at hand, its model made when it is first used, then kept.

    Going through them (``for incident in incidents``) makes every model: the loops that read only heads go
    through :attr:`heads`, or :meth:`head` of one.
    """

    __slots__ = ("_all", "_heads", "_make", "_models")

    def __init__(self, items: Iterable[tuple[Head | None, Make]] = ()) -> None:
        """*items*: each incident's head (None: taken from its model when asked for) and what makes its model."""
        pairs = list(items)
        self._heads: list[Head | None] = [head for head, _ in pairs]
        self._all: tuple[Head, ...] | None = None  # every head, once all are known (they never change)
        self._make: tuple[Make, ...] = tuple(make for _, make in pairs)
        self._models: list[Incident | None] = [None] * len(pairs)

    def __len__(self) -> int:
        return len(self._make)

    @overload
    def __getitem__(self, index: int) -> Incident: ...

    @overload
    def __getitem__(self, index: slice) -> Incidents: ...

    def __getitem__(self, index: int | slice) -> Incident | Incidents:
        if isinstance(index, slice):
            return self.chosen((number, None) for number in range(len(self))[index])
        model = self._models[index]
        if model is None:
            model = self._models[index] = self._make[index]()
        return model

    def __iter__(self) -> Iterator[Incident]:
        return (self[number] for number in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Incidents | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to the tuple of its models, which are not hashable

    def __repr__(self) -> str:
        return f"Incidents({[head.id for head in self.heads]!r})"

    def head(self, index: int) -> Head:
        """The head of the incident at *index*."""
        head = self._heads[index]
        if head is None:
            head = self._heads[index] = head_of(self[index])
        return head

    @property
    def heads(self) -> tuple[Head, ...]:
        """The head of every incident, in order (made once: a build reads them in many loops)."""
        if self._all is None:
            self._all = tuple(self.head(number) for number in range(len(self)))
        return self._all

    def prepare(self, numbers: Iterable[int]) -> None:
        """Make the models at *numbers* now: before forking processes that use them, say, which would each make them."""
        for number in numbers:
            self[number]

    def chosen(self, items: Iterable[tuple[int, Callable[[Incident], Incident] | None]]) -> Incidents:
        """The incidents at the indexes of *items*, each changed by its function (None: as it is), made when used.

        A changed incident's head is taken from the changed model; the others share their head and model with these.
        """
        chosen = []
        for number, change in items:
            make = functools.partial(self.__getitem__, number)
            if change is None:
                chosen.append((self._heads[number], make))
            else:
                chosen.append((None, functools.partial(_changed, make, change)))
        return Incidents(chosen)


def _changed(make: Make, change: Callable[[Incident], Incident]) -> Incident:
    """The model *make* makes, changed by *change*."""
    return change(make())


def heads_of(incidents: Sequence[Incident]) -> Sequence[Head]:
    """The heads of *incidents*: at hand for :class:`Incidents`, else taken from each model."""
    return incidents.heads if isinstance(incidents, Incidents) else tuple(head_of(i) for i in incidents)
