"""Render stage helper: Jinja's immutable sandbox, quicker by remembering its verdicts, and compiled templates."""

from __future__ import annotations

import threading
from collections.abc import Callable, MutableMapping
from types import CodeType
from typing import Any

from jinja2 import Environment, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from postmortem.render.bounds import BoundedCodeGenerator, bounded_filters, bounded_method, joined, oversized
from postmortem.render.records import Record, record_kind
from postmortem.render.shipped import shipped_code

_DICT_ATTRIBUTES = frozenset(dir(dict))


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, remembering its verdict per type and attribute name (it depends on nothing else).

    It also bounds what one operation of a template makes (see render/bounds.py): ``*``, ``**``, ``%`` and ``+`` are
    intercepted (and so never computed when a template is compiled), and refused when they would make a huge number
    or text; so are the methods and filters that pad, join, replace or write out.
    """

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = BoundedCodeGenerator

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters.update(bounded_filters(self.filters))
        del self.globals["lipsum"]  # text made up to any length, for mock-ups: no page of pm's needs it
        self.project_html = False  # the project has templates of its own: its HTML pages get pm's policy first
        self.builtin_only = False  # no template or label file of the project: see :func:`inert_markdown`
        self._verdicts: dict[tuple[type, str], bool] = {}
        self._safe: dict[str, set[type]] = {}  # attribute name -> types on which the sandbox found it safe

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's answer for ``obj.attr``, computed once per (type, attribute)."""
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
            if verdict and attr not in ("format", "format_map"):  # str.format still goes the sandbox's long way
                self._safe.setdefault(attr, set()).add(type(obj))
        return verdict

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """A method that may make a long text (``format``, ``ljust``, ``join``…), refused when it would make too much.

        See render/bounds.py.
        """
        safe = super().wrap_str_format(value)
        return bounded_method(value, safe) or safe

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``left operator right``, refused (a template error) when the result would be too large to compute."""
        too_large = oversized(operator, left, right)
        if too_large is not None:
            raise SecurityError(f"{operator} would make {too_large}: too large for a template")
        return super().call_binop(context, operator, left, right)

    def joined(self, join: Callable[[tuple[Any, ...]], Any], values: tuple[Any, ...]) -> Any:
        """``a ~ b ~ c``, as the templates' code calls it (see ``BoundedCodeGenerator``), bounded."""
        return joined(join, values)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one mapping made once: a row rendered ten thousand times copies it each time.

        Jinja's chain of the template's and the environment's globals would follow later changes of the latter;
        pm never changes them once a template is loaded.
        """
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A record's own value; else ``obj.attribute`` at once when the sandbox already found it safe on this type."""
        kind = type(obj)
        if kind is dict:  # labels (``t.severity``): what the sandbox gives too, without its detour
            if attribute in obj and attribute not in _DICT_ATTRIBUTES:
                return obj[attribute]
        elif isinstance(obj, Record) and attribute in obj:
            return obj[attribute]
        types = self._safe.get(attribute)
        if types is not None and kind in types:
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)


class RecordUndefined(StrictUndefined):
    """A missing value is an error; one missing from a record names what the record stands for (``'Incident'``)."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        """``'Incident' has no attribute 'titel'`` rather than ``'dict object' has no attribute 'titel'``."""
        found, name = self._undefined_obj, self._undefined_name
        if not self._undefined_hint and isinstance(found, Record) and isinstance(name, str):
            return f"{record_kind(found)!r} has no attribute {name!r}"
        return str(super()._undefined_message)


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in this process's memory, by template file and source, never on disk.

    ``pm serve`` builds again after every edit, and compiling the templates again would cost more than rendering
    the pages that changed. Not on disk: a compiled template is Python code, and a file pm would load it from could
    have been written by anyone who can write into the repository (or ship a file with it). The one exception is
    pm's own code: a built-in template whose source is the one pm shipped gets the code compiled from it when pm
    was packaged, installed with pm's modules (see :mod:`postmortem.render.shipped`).
    """

    LIMIT = 512  # templates edited again and again while ``pm serve`` runs: the oldest are dropped

    def __init__(self) -> None:
        self.code: dict[tuple[type, str, str], CodeType] = {}
        self.lock = threading.Lock()

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        """The bucket of template *name*: with its code compiled earlier in this process, or shipped with pm, if any."""
        bucket = super().get_bucket(environment, name, filename, source)
        if bucket.code is None:
            code = shipped_code(environment, name=name, filename=filename, source=source)
            if code is not None:
                bucket.code = code
                self.dump_bytecode(bucket)  # Jinja keeps only the code it compiled itself
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give the bucket the template's code compiled earlier in this process, if any."""
        with self.lock:
            code = self.code.get((type(bucket.environment), bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the template's code for the next environment of this process."""
        if bucket.code is None:
            return
        with self.lock:
            if len(self.code) >= self.LIMIT:
                del self.code[next(iter(self.code))]
            self.code[(type(bucket.environment), bucket.key, bucket.checksum)] = bucket.code


COMPILED = CompiledTemplates()
