"""Corpus stage helper: what checking one incident file found, and its plain JSON form for the cache.

The cache holds data only: each entry is decoded here field by field, with its types checked, and an entry
that is not exactly what :func:`encode` writes is no entry at all (the file is checked again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from postmortem.errors import Level, Problem
from postmortem.load.yaml import Document
from postmortem.model.messages import Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class Checked:
    """What checking one incident file found; the model of a valid incident is kept apart, in the cache."""

    path: str
    key: str  # the file's key in the cache
    doc: Document  # only what the rules across files need
    problems: list[Problem] = field(default_factory=list)
    valid: bool = False  # an incident model was made
    related: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()  # ids of its lessons to keep, also when the file has errors
    marked: bool = False  # the incident marks something internal: an audience may need to change it

    @property
    def declared_id(self) -> str | None:
        """The id the file gives, even when the file has other errors."""
        data = self.doc.data
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None


def taught(data: Any) -> tuple[str, ...]:
    """The ids of the lessons to keep that an incident file's *data* gives, read as written (errors or not)."""
    lessons = data.get("lessons") if isinstance(data, dict) else None
    kept = lessons.get("to_keep") if isinstance(lessons, dict) else None
    items = kept if isinstance(kept, list | tuple) else ()
    return tuple(item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str))


def encode(item: Checked) -> dict[str, Any] | None:
    """The JSON form of *item*; None when it holds what that form cannot (it is then not remembered)."""
    if item.doc.problems or any(p.path != item.path for p in item.problems):
        return None
    return {
        "id": item.declared_id,
        "values": [[list(loc), *where] for loc, where in item.doc.values.items()],
        "keys": [[list(loc), *where] for loc, where in item.doc.keys.items()],
        "problems": [[p.line, p.column, p.level.value, p.rule, p.message] for p in item.problems],
        "valid": item.valid,
        "related": list(item.related),
        "risks": list(item.risks),
        "lessons": list(item.lessons),
        "marked": item.marked,
    }


def decode(value: Any, *, path: str, key: str) -> Checked | None:
    """The :class:`Checked` that :func:`encode` made *value* from, for the file *path*; None when it is not one."""
    try:
        declared = value["id"]
        data = {"id": _text(declared)} if declared is not None else None
        doc = Document(path=path, data=data, values=_places(value["values"]), keys=_places(value["keys"]))
        return Checked(
            path=path,
            key=key,
            doc=doc,
            problems=[_problem(item, path=path) for item in _list(value["problems"])],
            valid=_flag(value["valid"]),
            related=_texts(value["related"]),
            risks=_texts(value["risks"]),
            lessons=_texts(value["lessons"]),
            marked=_flag(value["marked"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _problem(item: Any, *, path: str) -> Problem:
    """One problem from its JSON form."""
    line, column, level, rule, message = _list(item)
    return Problem(path=path, line=_number(line), column=_number(column), level=Level(_text(level)),
                   rule=_text(rule), message=_text(message))  # fmt: skip


def _places(items: Any) -> dict[Loc, tuple[int, int]]:
    """Positions by location, from their JSON form ``[[loc...], line, column]``."""
    places: dict[Loc, tuple[int, int]] = {}
    for item in _list(items):  # every file's entry is decoded at every build: checked here without a call a part
        if type(item) is not list:
            raise TypeError("expected a list")
        loc, line, column = item
        if type(loc) is not list or type(line) is not int or type(column) is not int or line < 1 or column < 1:
            raise TypeError("expected a location, a line and a column number")
        for part in loc:  # a name or two, a number or two: a loop costs less than a generator for so few
            if type(part) is not int and type(part) is not str:
                raise TypeError("expected a location of names and numbers")
        places[tuple(loc)] = (line, column)
    return places


def _list(value: Any) -> list[Any]:
    """*value*, which must be a JSON list."""
    if type(value) is not list:
        raise TypeError("expected a list")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    """*value*, which must be a JSON list of strings, as a tuple."""
    if type(value) is not list or not all(type(item) is str for item in value):
        raise TypeError("expected a list of text")
    return tuple(value)


def _text(value: Any) -> str:
    """*value*, which must be a JSON string."""
    if type(value) is not str:
        raise TypeError("expected text")
    return value


def _number(value: Any) -> int:
    """*value*, which must be a JSON whole number, 1 or more (a line or a column)."""
    if type(value) is not int or value < 1:
        raise TypeError("expected a line or column number")
    return value


def _flag(value: Any) -> bool:
    """*value*, which must be true or false."""
    if type(value) is not bool:
        raise TypeError("expected true or false")
    return value
