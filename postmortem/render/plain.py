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
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import is_dataclass
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from postmortem.render.records import Record, reader, shown_names

Omit = Mapping[type, frozenset[str]]  # per kind of model or dataclass, names its records leave out


class NotPlain(TypeError):
    """A value that templates must not see reached the template boundary: a bug in pm, never a user mistake."""


class TemplateFunction:
    """A function pm deliberately offers templates (``fmt.date``): callable, with no attribute a template can reach."""

    __slots__ = ("_function",)

    def __init__(self, function: Callable[..., Any]) -> None:
        self._function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function; what it returns is made plain too."""
        result = self._function(*args, **kwargs)
        return result if type(result) in _SAME else plain(result)


class Keyed(str):
    """A value a page hands to one of its pieces (render/fragments.py) by a key: made only if the piece is not known.

    A page of a thousand rows names each row by a digest of all it is made of (an incident's file, pm, the
    configuration): a row the memo holds is never made. To a template it is its key, as text, with no method of
    its own (its maker is an underscore attribute, which the sandbox hides); pm's own templates only hand it to
    ``fragment``, which gives the piece's template the value made (:func:`made`, plain as any other).
    """

    _make: Callable[[], Any]

    def __new__(cls, key: str, make: Callable[[], Any]) -> Keyed:  # noqa: D102  # str's own
        keyed = super().__new__(cls, key)
        keyed._make = make
        return keyed


def made(value: Keyed) -> Any:
    """The value *value* stands for, made now (plain)."""
    return value._make()


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


Memo = dict[int, tuple[Any, Any]]  # id of an object -> (the object, kept alive; its copy)


def template_context(
    values: Mapping[str, Any], *, omit: Omit | None = None, memo: Memo | None = None
) -> TemplateContext:
    """*values* made plain for a template; records of the kinds in *omit* leave out the names given there.

    *omit* is for what the templates to render are known never to read (a record's data the page does not show):
    a large part of the copying is then saved; a template that reads a name left out fails, it never gets another
    value.

    *memo* holds the copies of an earlier context (made with the same *omit*), used again. Copies are never changed
    once made (templates run in an immutable sandbox), so two contexts can share them: both reports of an incident
    copy it once.
    """
    memo = {} if memo is None else memo
    return TemplateContext(_Copier(memo, omit or {}).mapping(values), memo, omit)


def is_copy(value: Any) -> bool:
    """Whether *value* is its own plain copy (text, a number, a date, a record made here): no need to copy it."""
    return type(value) in _SAME


def plain(value: Any) -> Any:
    """*value* as plain data (see the module's docstring); raises NotPlain for what cannot be shown."""
    return _Copier({}).copy(value)


class _Copier:
    """Copies values into plain data, each object once (an incident shown in several views is one mapping).

    What to do with a value depends on its type alone, so it is decided once per type (see :func:`_plan`).
    """

    __slots__ = ("memo", "shown")

    def __init__(self, memo: dict[int, tuple[Any, Any]], omit: Omit | None = None) -> None:
        self.memo = memo  # id of a record's object -> (the object, kept alive so its id stays its own; its copy)
        self.shown = {**_SHOWN, **{kind: _omitted(kind, names) for kind, names in omit.items()}} if omit else _SHOWN

    def copy(self, value: Any) -> Any:
        """The plain copy of one value."""
        kind = type(value)
        if kind in _SAME:
            return value
        shown = self.shown.get(kind)
        if shown is None:
            return (_PLANS.get(kind) or _plan(kind))(self, value)
        memo = self.memo  # a model or dataclass, once per object: its shown fields and computed properties, by name
        seen = memo.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        record, names, read = shown
        copy = self.copy
        copied = record(zip(names, [item if type(item) in _SAME else copy(item) for item in read(value)], strict=True))
        memo[id(value)] = (value, copied)
        return copied

    def mapping(self, value: Mapping[Any, Any]) -> dict[Any, Any]:
        """A mapping whose keys are text or numbers."""
        copy = self.copy
        return {
            key if type(key) in _ATOM_TYPES else _key(key): item if type(item) in _SAME else copy(item)
            for key, item in value.items()
        }

    def items(self, value: Any) -> list[Any]:
        """The copies of the items of a list or tuple."""
        copy = self.copy
        return [item if type(item) in _SAME else copy(item) for item in value]

    def sequence(self, value: Any) -> tuple[Any, ...]:
        """A tuple, or a subclass of list or tuple, as a tuple of copies."""
        return tuple(self.items(value))


_ATOMS = (type(None), bool, int, float, str, Markup, dt.date)  # returned as they are (see _atom for subclasses)
_ATOM_TYPES = frozenset(_ATOMS)
_SAME: set[type] = {*_ATOMS, TemplateFunction, Keyed}  # the types whose values are their own copy (records: _shown)
_Shown = tuple[type[Record], tuple[str, ...], Callable[[Any], Any]]  # a record's type, its names, their reader
_Plan = Callable[[_Copier, Any], Any]
_SHOWN: dict[type, _Shown] = {}  # per model or dataclass met: its record, what to copy
_PLANS: dict[type, _Plan] = {}  # per other type met: how its values are copied


def _plan(kind: type) -> _Plan:
    """How values of *kind* are copied, decided from the type alone; refuses what templates must not see."""
    if kind is list:
        plan: _Plan = _Copier.items
    elif kind is tuple:
        plan = _Copier.sequence
    elif kind is dict:
        plan = _Copier.mapping
    elif issubclass(kind, enum.Enum):
        plan = _enum
    elif issubclass(kind, BaseModel) or (is_dataclass(kind) and not issubclass(kind, type)):
        _SHOWN[kind] = _shown(kind)
        return _first_record
    elif kind is dt.datetime:
        plan = _datetime
    elif issubclass(kind, _ATOMS):
        plan = _as_atom
    elif issubclass(kind, Mapping):
        plan = _Copier.mapping
    elif issubclass(kind, list | tuple):
        plan = _Copier.sequence
    elif issubclass(kind, Set):
        plan = _set
    elif issubclass(kind, dt.time):
        plan = _time
    else:
        raise NotPlain(f"templates see plain data only, not {kind.__module__}.{kind.__qualname__}")
    _PLANS[kind] = plan
    return plan


def _first_record(copier: _Copier, value: Any) -> Any:
    """A model or dataclass of a kind met for the first time (by this copier: see *omit*)."""
    copier.shown.setdefault(type(value), _SHOWN[type(value)])
    return copier.copy(value)


def _enum(copier: _Copier, value: enum.Enum) -> Any:
    """A member of an enumeration as its value."""
    return copier.copy(value.value)


def _as_atom(_copier: _Copier, value: Any) -> Any:
    """A subclass of a plain type (a date with its time) as that type."""
    return _atom(value)


def _set(copier: _Copier, value: Set[Any]) -> tuple[Any, ...]:
    """A set as a sorted tuple."""
    return tuple(sorted([copier.copy(item) for item in value]))


def _datetime(_copier: _Copier, value: dt.datetime) -> dt.datetime:
    """A date and time as :func:`_atom` gives it; one in UTC or without a zone is already that."""
    zone = value.tzinfo
    return value if zone is None or zone is dt.UTC else _atom(value)


def _time(_copier: _Copier, value: dt.time) -> dt.time:
    """A time of day without its zone."""
    return value.replace(tzinfo=None) if value.tzinfo is not None else value


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


def _shown(kind: type) -> _Shown:
    """The record type of a model or dataclass, the names it shows, and what reads their values from an object."""
    record = type(kind.__name__, (Record,), {"__slots__": (), "_kind": kind.__name__, "__module__": __name__})
    _SAME.add(record)  # its instances hold plain data only: a record is its own copy
    names = shown_names(kind)
    return record, names, reader(names)


def _omitted(kind: type, left_out: frozenset[str]) -> _Shown:
    """What a copier that leaves *left_out* out of records of *kind* copies of them."""
    record, names, _read = _SHOWN.get(kind) or _SHOWN.setdefault(kind, _shown(kind))
    kept = tuple(name for name in names if name not in left_out)
    return record, kept, reader(kept)


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
