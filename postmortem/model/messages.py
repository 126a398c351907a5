"""Model stage helper: what pydantic says about the models' fields, put into plain words, with hints."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from postmortem.errors import did_you_mean

Loc = tuple[str | int, ...]
"""A path into a document: mapping keys and list indexes, as in ``("timeline", 2, "at")``."""


def nearest_place(
    loc: Loc, *, keys: Mapping[Loc, tuple[int, int]], values: Mapping[Loc, tuple[int, int]], key: bool = False
) -> tuple[int, int]:
    """Line and column of the value (or the key) at *loc*, or of its nearest known parent; 1:1 without one."""
    first, second = (keys, values) if key else (values, keys)
    for size in range(len(loc), -1, -1):
        found = first.get(loc[:size]) or second.get(loc[:size])
        if found:
            return found
    return (1, 1)


EXTENSION_PREFIX = "x-"
"""Keys of an incident that start with it are the team's own: kept, not checked."""

ITEMS = {
    "timeline": "timeline entry",
    "milestone": "milestone",
    "actions": "action",
    "responders": "responder",
    "references": "reference",
    "impact.figures": "figure",
    "lessons.to_keep": "lesson to keep",
    "risks": "risk",
    "severities": "severity level",
    "related": "related incident",
    "tags": "tag",
    "components": "component",
    "authors": "author",
}
"""What one item of a list is called in messages; other lists say ``tags entry 2``. Items count from 1."""

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "tuple_type": "a list",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}


def without_echoes(errors: list[Any]) -> list[Any]:
    """Drop 'missing X' when the same mapping has an unknown key that is a typo of X: one mistake, one message."""
    missing = {(tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors if e["type"] == "missing"}
    echoed: set[tuple[Any, str]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            parent = tuple(error["loc"][:-1])
            names = [name for where, name in missing if where == parent]
            echoed.update((parent, match) for match in difflib.get_close_matches(str(error["loc"][-1]), names, n=1))
    return [e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), str(e["loc"][-1])) in echoed)]


@dataclass(frozen=True, slots=True)
class Described:
    """A validation error in plain words: where it points, its rule and its message."""

    loc: Loc
    rule: str
    message: str
    key: bool = False


def describe(error: Any, *, root: type[BaseModel], positions: Container[Loc] | None = None) -> Described:
    """Put one pydantic error on a *root* model into plain words; *positions* are the locations the file has."""
    loc: Loc = tuple(error["loc"])
    while positions is not None and loc and isinstance(loc[-1], int) and loc not in positions:
        loc = loc[:-1]  # a single value written where a list is allowed
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        return Described(loc, "unknown-key", _unknown_field(root, loc), key=True)
    if kind == "missing":
        inside = f" in {place(loc[:-1])}" if loc[:-1] else ""
        return Described(loc[:-1], "missing-field", f"missing required field {loc[-1]!r}{inside}", key=bool(loc[:-1]))
    if kind == "literal_error":
        choices = choices_of(error)
        hint = did_you_mean(str(value), choices)
        return Described(
            loc, "unknown-value", f"{place(loc)}: unknown value {value!r}{hint}; use one of {', '.join(choices)}"
        )
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return Described(loc, _value_rule(message), f"{place(loc)}: {message}")
    if kind == "too_long":
        limit, actual = error["ctx"].get("max_length"), error["ctx"].get("actual_length")
        return Described(loc, "too-large", f"{place(loc)}: {actual} entries, more than the limit of {limit}", key=True)
    if kind in _TYPE_NAMES:
        joined = _joined(value) if kind == "string_type" else ""
        return Described(loc, "wrong-type", f"{place(loc)}: expected {_TYPE_NAMES[kind]}, got {_shown(value)}{joined}")
    message = str(error["msg"])  # only its first letter lowered: a pattern it quotes keeps its case ([A-Z])
    return Described(loc, "invalid", f"{place(loc)}: {message[:1].lower()}{message[1:]}")


def _joined(value: Any) -> str:
    """For a list of a few texts where one text is expected (two owners), the one text to write instead."""
    if not (isinstance(value, list) and 1 < len(value) <= 4 and all(isinstance(item, str) for item in value)):
        return ""
    together = " and ".join([", ".join(value[:-1]), value[-1]])
    return f": this field takes one; name the one accountable, or write them as one text, such as {together!r}"


def choices_of(error: Any) -> list[str]:
    """The values a field that takes one of a few words allows, from pydantic's error about another one."""
    return re.findall(r"'([^']*)'", str(error["ctx"]["expected"]))


def close_choice(error: Any) -> str | None:
    """The allowed word close to the one written (the ``did you mean`` of the message), or None."""
    choices = {choice.lower(): choice for choice in choices_of(error)}
    close = difflib.get_close_matches(str(error.get("input")).lower(), list(choices), n=1, cutoff=0.6)
    return choices[close[0]] if close else None


def _unknown_field(root: type[BaseModel], loc: Loc) -> str:
    """Name an unknown key with the field it is likely a typo of, or, where the team may add its own, the prefix."""
    name, model = str(loc[-1]), _model_at(root, loc[:-1])
    fields = [field for field in model.model_fields if field != "extensions"] if model else []
    hint = did_you_mean(name, fields)
    if not hint and model is not None and "extensions" in model.model_fields:
        hint = f"; a field of your own must start with {EXTENSION_PREFIX!r}, and pm keeps it unchecked"
    return f"unknown field {name!r}{hint}"


def _value_rule(message: str) -> str:
    """The rule name for a message raised by our own parsers."""
    for needle, rule in (
        ("status word", "unknown-value"),
        ("severity", "unknown-severity"),
        ("duration", "bad-duration"),
        ("time zone", "bad-time"),
    ):
        if needle in message:
            return rule
    if "date" in message or "time" in message:
        return "bad-time"
    return "invalid"


def place(loc: Loc) -> str:
    """A field path as people read it, items counted from 1: ``timeline entry 3, at``, ``impact.downtime``."""
    done: list[str] = []  # the parts named so far, up to the last list item
    path = ""  # the field names since then, joined by dots
    for part in loc:
        if isinstance(part, int):
            noun = ITEMS.get(path) or ITEMS.get(path.rpartition(".")[2]) or f"{path} entry"
            done.append(f"{noun} {part + 1}")
            path = ""
        else:
            path = f"{path}.{part}" if path else str(part)
    return ", ".join([*done, path] if path else done) or "file"


def _shown(value: Any) -> str:
    """Describe the value that was given instead."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return "a list" if isinstance(value, list) else "a mapping"


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that describes the mapping at *loc*, following the root model's nested types; None if none does."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        model = next(models_in(field.annotation), None) if field else None
    return model


def models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """Model classes found inside a type annotation (through Optional, tuple, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            yield from models_in(arg)
