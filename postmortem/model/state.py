"""Model stage helper: a checked model's state as JSON, and that JSON made into the same model again, in one pass.

Validating an incident again reads every timeline time, due date and duration from its text: most of the time of
loading a corpus from the cache. A state records the values validation made (a time already read, a date already
parsed), and pydantic-core puts the model back together from it, in Rust, without running a validator of ours.
That is only for states pm wrote itself: the cache seals them (``load/cache.py``), and what it did not seal is
validated from the file again.

The schema of a state is derived once from the models' annotations; a type it cannot derive is a mistake the
tests find, not a user.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from pydantic_core import CoreSchema, PydanticUndefined, SchemaSerializer, SchemaValidator
from pydantic_core import core_schema as cs

_SCALARS: dict[Any, CoreSchema] = {
    str: cs.str_schema(strict=True),
    int: cs.int_schema(strict=True),
    float: cs.float_schema(strict=True, allow_inf_nan=False),
    bool: cs.bool_schema(strict=True),
    type(None): cs.none_schema(),
    dt.date: cs.date_schema(strict=True),
    dt.time: cs.time_schema(strict=True),
    Any: cs.any_schema(),
}


@dataclasses.dataclass(frozen=True, slots=True)
class StateCodec:
    """Writes the state of a model as JSON, and reads such JSON back into the model without validating it."""

    serializer: SchemaSerializer
    validator: SchemaValidator
    shape: str  # a fingerprint of every class and field type under the model: a state of another shape is stale

    def dump(self, model: Any) -> bytes:
        """The state of *model*: every value that is not its field's default, as JSON.

        Which fields the file gave at their default value is not kept (pm never asks a model which fields were set).
        """
        return self.serializer.to_json(model, exclude_defaults=True)

    def load(self, state: bytes) -> Any:
        """The model whose state is *state*; a ValueError when *state* is not such a state.

        Only for a state pm made itself from a validated model (sealed): no rule of the model runs on it.
        """
        return self.validator.validate_json(state)


@functools.cache
def codec(model: type) -> StateCodec:
    """The codec of the states of *model*, a model or dataclass (made once: deriving its schema takes milliseconds)."""
    definitions: dict[str, CoreSchema] = {}
    schema = cs.definitions_schema(_schema(model, definitions), list(definitions.values()))
    shape = hashlib.blake2b(repr(schema).encode(), digest_size=10).hexdigest()
    config = cs.CoreConfig(cache_strings="none")  # looking each short text up costs more than it saves here
    with _not_prebuilt(_models(model)):
        return StateCodec(serializer=SchemaSerializer(schema), validator=SchemaValidator(schema, config), shape=shape)


@functools.cache
def _models(model: type) -> tuple[type[BaseModel], ...]:
    """*model* and every model its fields hold, at any depth."""
    found: dict[type[BaseModel], None] = {}

    def visit(hint: Any) -> None:
        """Add the models under *hint*."""
        if isinstance(hint, type) and issubclass(hint, BaseModel) and hint not in found:
            found[hint] = None
            for info in hint.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(hint):
            visit(arg)

    visit(model)
    return tuple(found)


@contextlib.contextmanager
def _not_prebuilt(models: tuple[type[BaseModel], ...]) -> Iterator[None]:
    """While a state schema is compiled, the models are not taken as complete.

    pydantic-core reuses a complete model's own validator and serializer wherever a schema names the model (a
    state would then be validated by our validators, and written as text); it takes a model for complete by the
    ``__pydantic_complete__`` flag of its class, read when a schema is compiled, never afterwards.
    """
    complete = {model: model.__pydantic_complete__ for model in models}  # a model may be built on first use
    for model in models:
        model.__pydantic_complete__ = False
    try:
        yield
    finally:
        for model, flag in complete.items():
            model.__pydantic_complete__ = flag


def _schema(kind: Any, definitions: dict[str, CoreSchema]) -> CoreSchema:
    """The schema of the JSON form of a value of type *kind*."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Annotated:
        return _schema(args[0], definitions)
    if kind in _SCALARS:
        return _SCALARS[kind]
    if origin is typing.Literal:
        return cs.literal_schema(list(args))
    if origin is typing.Union or origin is types.UnionType:
        members: list[CoreSchema | tuple[CoreSchema, str]] = [
            _schema(arg, definitions) for arg in args if arg is not type(None)
        ]
        inner = members[0] if len(members) == 1 else cs.union_schema(members, mode="smart")
        assert not isinstance(inner, tuple)
        return cs.nullable_schema(inner) if type(None) in args else inner
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return cs.tuple_schema([_schema(args[0], definitions)], variadic_item_index=0, strict=True)
    if origin is dict:
        return cs.dict_schema(_schema(args[0], definitions), _schema(args[1], definitions), strict=True)
    if isinstance(kind, type) and (issubclass(kind, BaseModel) or dataclasses.is_dataclass(kind)):
        return _reference(kind, definitions)
    raise TypeError(f"no state schema for {kind!r}")


def _reference(kind: type, definitions: dict[str, CoreSchema]) -> CoreSchema:
    """A model or dataclass, defined once and named wherever it is used (a Moment holds the Moment it ends at)."""
    ref = f"{kind.__module__}.{kind.__qualname__}"
    if ref not in definitions:
        definitions[ref] = cs.none_schema()  # its place, held while its fields are derived
        made = _model(kind, definitions) if issubclass(kind, BaseModel) else _dataclass(kind, definitions)
        definitions[ref] = {**made, "ref": ref}
    return cs.definition_reference_schema(ref)


def _defaulted(schema: CoreSchema, *, default: Any, factory: Any) -> CoreSchema:
    """*schema* with the field's default, when it has one."""
    if factory is not None:
        return cs.with_default_schema(schema, default_factory=factory)
    if default is dataclasses.MISSING or default is PydanticUndefined:
        return schema
    return cs.with_default_schema(schema, default=default)


def _model(model: type[BaseModel], definitions: dict[str, CoreSchema]) -> CoreSchema:
    """A pydantic model: its fields, each at its default when the state leaves it out."""
    fields = {
        name: cs.model_field(
            _defaulted(_schema(info.annotation, definitions), default=info.default, factory=info.default_factory)
        )
        for name, info in model.model_fields.items()
    }
    inner = cs.model_fields_schema(fields, model_name=model.__name__, extra_behavior="forbid")
    return cs.model_schema(model, inner, extra_behavior="forbid")


def _dataclass(kind: type, definitions: dict[str, CoreSchema]) -> CoreSchema:
    """A (frozen, slotted) dataclass: its fields by name, each at its default when the state leaves it out."""
    hints, names = typing.get_type_hints(kind), [f.name for f in dataclasses.fields(kind)]
    fields = [
        cs.dataclass_field(
            f.name, _defaulted(_schema(hints[f.name], definitions), default=f.default, factory=None), kw_only=True
        )
        for f in dataclasses.fields(kind)
    ]
    params = getattr(kind, "__dataclass_params__", None)
    return cs.dataclass_schema(
        kind,
        cs.dataclass_args_schema(kind.__name__, fields),
        names,
        slots="__slots__" in vars(kind),
        frozen=bool(params and params.frozen),
    )
