"""Render stage helper: what templates see, as plain data (text, numbers, dates, lists, mappings), never objects.

A template comes from the repository, so it may be hostile. Jinja's sandbox hides underscore attributes, but a
public method of an object handed to a template (``Path.write_text``, ``model_dump``) is still a call away. So
every value is copied into plain data here, at one boundary, before any template sees it: models and dataclasses
become mappings of their fields and computed properties (their methods are left behind), and anything pm does
not know how to copy is an error rather than a leak.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import fields, is_dataclass
from typing import Any, cast

from markupsafe import Markup
from pydantic import BaseModel

_ATOMS = (type(None), bool, int, float, str, Markup, dt.date)  # returned as they are (see _atom for subclasses)


Omit = Mapping[type, frozenset[str]]  # per kind of model or dataclass, names its records leave out


class NotPlain(TypeError):
    """A value that templates must not see reached the template boundary: a bug in pm, never a user mistake."""


class Record(dict[str, Any]):
    """A model or dataclass copied for templates: its values by name (a subclass per kind names it in messages)."""

    __slots__ = ()
    _kind = "Record"


def record_kind(record: Record) -> str:
    """What a record was a copy of (``Incident``), for messages."""
    return record._kind


class TemplateFunction:
    """A function pm deliberately offers templates (``fmt.date``): callable, with no attribute a template can reach."""

    __slots__ = ("_function",)

    def __init__(self, function: Callable[..., Any]) -> None:
        self._function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function; what it returns is made plain too."""
        return plain(self._function(*args, **kwargs))


class TemplateContext(Mapping[str, Any]):
    """The variables of one template, all plain; ``render_with`` accepts nothing else."""

    __slots__ = ("_memo", "_omit", "_values")

    def __init__(self, values: Mapping[str, Any], memo: dict[int, tuple[Any, Any]], omit: Omit | None = None) -> None:
        self._values = values
        self._memo = memo
        self._omit = omit or {}

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def merged(self, **more: Any) -> TemplateContext:
        """These variables and *more* (made plain; what both share is copied once)."""
        copier = _Copier(self._memo, self._omit)
        return TemplateContext({**self._values, **copier.mapping(more)}, self._memo, self._omit)


def template_context(values: Mapping[str, Any], *, omit: Omit | None = None) -> TemplateContext:
    """*values* made plain for a template; records of the kinds in *omit* leave out the names given there.

    *omit* is for what the templates to render are known never to read (a record's data the page does not show):
    a large part of the copying is then saved; a template that reads a name left out fails, it never gets another
    value.
    """
    memo: dict[int, tuple[Any, Any]] = {}
    return TemplateContext(_Copier(memo, omit or {}).mapping(values), memo, omit)


def plain(value: Any) -> Any:
    """*value* as plain data (see the module's docstring); raises NotPlain for what cannot be shown."""
    return _Copier({}).copy(value)


class _Copier:
    """Copies values into plain data, each object once (an incident shown in several views is one mapping)."""

    def __init__(self, memo: dict[int, tuple[Any, Any]], omit: Omit | None = None) -> None:
        self.memo = memo  # id of an object -> (the object, kept alive so its id stays its own; its copy)
        self.records = dict(_RECORDS) if omit else _RECORDS  # what to copy of each kind: *omit* left out
        for kind, names in (omit or {}).items():
            record, shown = _RECORDS.get(kind) or _RECORDS.setdefault(kind, _shown(kind))
            self.records[kind] = (record, tuple(name for name in shown if name not in names))

    def copy(self, value: Any) -> Any:
        """The plain copy of one value."""
        kind = type(value)
        if kind in _ATOMS or kind is TemplateFunction or kind in _RECORD_KINDS:  # a record is plain data already
            return value
        if kind is tuple:
            return tuple([self.copy(item) for item in value])
        if kind is list or kind is dict:
            return [self.copy(item) for item in value] if kind is list else self.mapping(value)
        seen = self.memo.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        shown = self.records.get(kind)
        copied = self._record(value, shown) if shown is not None else self._object(value)
        self.memo[id(value)] = (value, copied)
        return copied

    def mapping(self, value: Mapping[Any, Any]) -> dict[Any, Any]:
        """A mapping whose keys are text or numbers."""
        return {_key(key): self.copy(item) for key, item in value.items()}

    def _object(self, value: Any) -> Any:
        """Anything but the most common plain values and the models and dataclasses already met."""
        if isinstance(value, enum.Enum):
            return self.copy(value.value)
        if isinstance(value, BaseModel) or (is_dataclass(value) and not isinstance(value, type)):
            shown = _RECORDS.get(type(value)) or _RECORDS.setdefault(type(value), _shown(type(value)))
            self.records.setdefault(type(value), shown)  # (the same when nothing is left out)
            return self._record(value, shown)
        if isinstance(value, _ATOMS):
            return _atom(value)
        if isinstance(value, Mapping):
            return self.mapping(value)
        if isinstance(value, list | tuple):
            return tuple([self.copy(item) for item in value])
        if isinstance(value, Set):
            return tuple(sorted([self.copy(item) for item in value]))
        if isinstance(value, dt.time):
            return value.replace(tzinfo=None) if value.tzinfo is not None else value
        raise NotPlain(f"templates see plain data only, not {type(value).__module__}.{type(value).__qualname__}")

    def _record(self, value: Any, shown: tuple[type[Record], tuple[str, ...]]) -> Record:
        """A model or dataclass: its shown fields and computed properties, by name."""
        kind, names = shown
        return kind({name: self.copy(getattr(value, name)) for name in names})


def _atom(value: Any) -> Any:
    """A subclass of a plain type as that type: a date with a zone keeps a fixed offset, not a zone database entry."""
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        return value if offset is None else value.astimezone(dt.timezone(offset))
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind(value)
    raise NotPlain(f"templates see plain data only, not {type(value).__qualname__}")  # pragma: no cover


def _key(key: Any) -> Any:
    """A mapping key templates can use."""
    if type(key) in _ATOMS:
        return key
    if isinstance(key, enum.Enum):
        return _key(key.value)
    if isinstance(key, _ATOMS):
        return _atom(key)
    raise NotPlain(f"templates see mappings keyed by text or numbers, not by {type(key).__qualname__}")


_RECORDS: dict[type, tuple[type[Record], tuple[str, ...]]] = {}  # per model or dataclass: its record, what to copy
_RECORD_KINDS: set[type] = set()  # the record types made here: their instances hold plain data only


def _shown(kind: type) -> tuple[type[Record], tuple[str, ...]]:
    """The record type of a model or dataclass, and the names it shows: fields (not those excluded), properties."""
    record = type(kind.__name__, (Record,), {"__slots__": (), "_kind": kind.__name__, "__module__": __name__})
    _RECORD_KINDS.add(record)
    return record, _shown_names(kind)


def _shown_names(kind: type) -> tuple[str, ...]:
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


def is_plain(value: Any) -> bool:
    """True when *value* is plain data all the way down (what tests assert of every context)."""
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind in _ATOMS or kind is TemplateFunction:
            continue
        if kind is dt.datetime or kind is dt.time:
            if item.tzinfo is not None and type(item.tzinfo) is not dt.timezone:
                return False
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if kind is tuple or kind is list:
            stack.extend(item)
        elif kind is dict or issubclass(kind, Record):
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            return False
    return True
