"""Render stage helper: the records that models and dataclasses become for templates, and the names they show."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import fields
from typing import Any, cast

from pydantic import BaseModel


class Record(dict[str, Any]):
    """A model or dataclass copied for templates: its values by name (a subclass per kind names it in messages)."""

    __slots__ = ()
    _kind = "Record"


def record_kind(record: Record) -> str:
    """What a record was a copy of (``Incident``), for messages."""
    return record._kind


def reader(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """What reads the values of *names* from an object, as a tuple."""
    if not names:
        return lambda _value: ()
    getter = operator.attrgetter(*names)
    return getter if len(names) > 1 else lambda value: (getter(value),)


def shown_names(kind: type) -> tuple[str, ...]:
    """The fields a model or dataclass shows (not those excluded from its data), then its public properties."""
    if issubclass(kind, BaseModel):
        names = [name for name, info in kind.model_fields.items() if not info.exclude]
    else:
        names = [field.name for field in fields(cast(Any, kind)) if not field.name.startswith("_")]
    for klass in reversed(kind.__mro__):
        if klass is object or klass is BaseModel or klass.__module__.startswith("pydantic"):
            continue
        for name, attribute in vars(klass).items():
            computed = isinstance(attribute, property | functools.cached_property)
            if computed and not name.startswith("_") and name not in names:
                names.append(name)
    return tuple(names)
