"""Validate stage: an incident with errors, read without the values that failed, so that every rule still runs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from postmortem.model.incident import Incident
from postmortem.model.messages import Loc, close_choice, models_in
from postmortem.model.parts import Action, Figure, Lesson, Reference, Responder, TimelineEntry

ROUNDS = 3  # a value left out can uncover checks that did not run (a reference's title-or-url): bounded
PLACEHOLDERS: dict[str, Any] = {"id": "unreadable", "status": "draft", "date": "1970-01-01", "at": "unknown"}
"""What stands for a required value that could not be read: the least demanding status, a date before any other."""
ITEMS: dict[type[BaseModel], dict[str, Any]] = {
    TimelineEntry: {"at": "unknown", "text": "-"},
    Action: {"what": "-"},
    Responder: {"name": "-"},
    Reference: {"title": "-"},
    Figure: {"label": "-", "value": "-"},
    Lesson: {"text": "-"},
}
"""What stands for an item of a list that could not be read, so that the items after it keep their numbers."""


@dataclass(frozen=True, slots=True)
class Salvaged:
    """The incident read without what failed; *unread* says where written values were left out or stood in for."""

    incident: Incident
    unread: frozenset[Loc]
    late: tuple[Any, ...]  # errors that showed only once the first ones were left out


def salvage(data: dict[str, Any], errors: list[Any], *, context: dict[str, Any]) -> Salvaged | None:
    """The incident *data* holds once every value that *errors* point at is left out; None if it cannot be read."""
    unread: set[Loc] = set()
    late: list[Any] = []
    owned = _copy(data)  # changed in place: one copy, however many errors
    for _ in range(ROUNDS):
        emptied: dict[int, list[Any]] = {}
        if not all(_without(owned, error, unread, emptied=emptied) for error in errors):
            return None
        for items in emptied.values():
            items[:] = [item for item in items if item is not _GONE]
        try:
            incident = Incident.model_validate(owned, context=context)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            late += [error for error in errors if not _within(tuple(error["loc"]), unread)]  # not about stand-ins
            continue
        return Salvaged(incident=incident, unread=frozenset(unread), late=tuple(late))
    return None


def _copy(value: Any) -> Any:
    """A copy of the mappings and lists of *value* (aliases become copies: the loader bounds the values they make)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _within(loc: Loc, unread: set[Loc]) -> bool:
    """True when *loc* is, or lies inside, a value that was left out or stood in for."""
    return any(loc[:end] in unread for end in range(1, len(loc) + 1))


def _without(data: Any, error: Any, unread: set[Loc], *, emptied: dict[int, list[Any]]) -> bool:
    """Leave out of *data*, or stand in for, the value *error* points at; False if that value is the whole file.

    A word close to an allowed one stands for it, as the message suggests: ``finall`` is read as ``final``.
    An item of a list of words or ids is marked gone, and *emptied* collects its list, to be compacted once
    every error of the round has been placed (their numbers point into the list as it was).
    """
    loc: Loc = tuple(error["loc"])
    if _within(loc, unread):
        return True  # another error about the same value (one per type a union allows) already dealt with it
    depth = 0
    value = data
    while depth < len(loc) and _has(value, loc[depth]):
        value = value[loc[depth]]
        depth += 1
    if error["type"] == "missing" and depth == len(loc) - 1 and isinstance(value, dict):
        unread.add(loc)
        value[loc[-1]] = _placeholder(loc)
        return True
    if depth == 0:
        return False
    target = loc[:depth]
    unread.add(target)
    parent = _at(data, target[:-1])
    if error["type"] == "extra_forbidden" and depth == len(loc):
        unread.update(_echoes(target, parent))
    guess = close_choice(error) if error["type"] == "literal_error" else None
    stand_in = guess or _stand_in(target)
    if stand_in is _DROP:
        del parent[target[-1]]
    else:
        parent[target[-1]] = stand_in
    if stand_in is _GONE:
        emptied[id(parent)] = parent
    return True


_DROP = object()  # a field left out: its default applies
_GONE = object()  # an item left out of a list of words or ids


def _has(value: Any, part: str | int) -> bool:
    """True when *value* is a mapping with the key or a list with the index *part*."""
    if isinstance(value, dict):
        return part in value
    return isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)


def _at(data: Any, loc: Loc) -> Any:
    """The value at *loc*, which exists."""
    for part in loc:
        data = data[part]
    return data


def _echoes(loc: Loc, mapping: dict[str, Any]) -> set[Loc]:
    """The field an unknown key is likely a typo of: what the author wrote there was meant for it."""
    model = _model_at(loc[:-1])
    fields = [name for name in model.model_fields if name not in mapping] if model else []
    return {(*loc[:-1], name) for name in difflib.get_close_matches(str(loc[-1]), fields, n=1)}


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model of the mapping or list item at *loc* of an incident."""
    model: type[BaseModel] | None = Incident
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        model = next(models_in(field.annotation), None) if field else None
    return model


def _placeholder(loc: Loc) -> Any:
    """What stands for the required field at *loc*."""
    return PLACEHOLDERS.get(str(loc[-1]), "-")


def _stand_in(loc: Loc) -> Any:
    """What replaces the value at *loc*: nothing (a default applies), a placeholder, or a placeholder item."""
    if isinstance(loc[-1], int):
        model = _model_at(loc)
        return dict(ITEMS[model]) if model in ITEMS else _GONE
    model = _model_at(loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model else None
    return _placeholder(loc) if field is not None and field.is_required() else _DROP
