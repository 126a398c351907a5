"""Validate stage: an incident with errors, read without the values that failed, so that every rule still runs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from postmortem.model.incident import Action, Figure, Incident, Lesson, Reference, Responder, TimelineEntry
from postmortem.model.messages import Loc, close_choice, models_in

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
    for _ in range(ROUNDS):
        for error in errors:
            data = _without(data, error, unread)
            if data is None:
                return None
        try:
            incident = Incident.model_validate(data, context=context)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            late += errors
            continue
        return Salvaged(incident=incident, unread=frozenset(unread), late=tuple(late))
    return None


def _without(data: Any, error: Any, unread: set[Loc]) -> Any:
    """*data* (not changed) with the value *error* points at left out or stood in for; None if that is the whole.

    A word close to an allowed one stands for it, as the message suggests: ``finall`` is read as ``final``.
    """
    loc: Loc = tuple(error["loc"])
    depth = 0
    value = data
    while depth < len(loc) and _has(value, loc[depth]):
        value = value[loc[depth]]
        depth += 1
    if error["type"] == "missing" and depth == len(loc) - 1 and isinstance(value, dict):
        unread.add(loc)
        return _replaced(data, loc, _placeholder(loc))
    if depth == 0:
        return None
    target = loc[:depth]
    unread.add(target)
    if error["type"] == "extra_forbidden" and depth == len(loc):
        unread.update(_echoes(target, _at(data, target[:-1])))
    guess = close_choice(error) if error["type"] == "literal_error" else None
    return _replaced(data, target, guess or _stand_in(data, target))


_DROP = object()


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


def _stand_in(data: Any, loc: Loc) -> Any:
    """What replaces the value at *loc*: nothing (a default applies), a placeholder, or a placeholder item."""
    if isinstance(loc[-1], int):
        model = _model_at(loc)
        return dict(ITEMS[model]) if model in ITEMS else PLACEHOLDERS["id"]  # an item of a list of text or ids
    model = _model_at(loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model else None
    return _placeholder(loc) if field is not None and field.is_required() else _DROP


def _replaced(data: Any, loc: Loc, value: Any) -> Any:
    """A copy of *data* with *value* at *loc* (or without it, for ``_DROP``); the rest is shared, not copied."""
    if not loc:
        return value
    head, rest = loc[0], loc[1:]
    inner = _replaced(data[head], rest, value) if rest else value
    if isinstance(data, dict):
        copy = dict(data)
        if inner is _DROP:
            del copy[head]
        else:
            copy[head] = inner
        return copy
    items = list(data)
    items[head] = inner  # type: ignore[index]  # items are stood in for, never left out: the others keep their place
    return items
