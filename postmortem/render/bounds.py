"""Render stage helper: what one operation of a template may make, checked before Python makes it in one step.

The time a template may run is a timer, which Python obeys between two steps: a power of big integers, or a text
repeated, padded, joined, replaced or written out to gigabytes, is one step of C, which no timer interrupts. Each such
operation is refused (a template error) when what it would make, known from its operands, passes a bound.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Callable
from functools import update_wrapper
from types import BuiltinMethodType, MethodType
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter

MAX_BITS = 2**14  # bits of an integer a template computes: ~4,900 digits, more than Python writes out (4,300)
MAX_LENGTH = 64 * 2**20  # characters or items one operation makes: as much as a whole page may hold
# A conversion of printf-style formatting, with the width and precision it pads to (a number, or * for an argument).
_CONVERSION = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")


def _whole(value: Any) -> bool:
    """True for an integer (true and false too)."""
    return isinstance(value, int)


def _padding(text: str, values: Any) -> int:
    """How many characters the conversions of *text* may pad to, in all, with *values* after ``%``."""
    asked = [size for found in _CONVERSION.finditer(text) for size in found.groups() if size]
    if any(size != "*" and len(size) > 9 for size in asked):
        return MAX_LENGTH + 1
    total = sum(int(size) for size in asked if size != "*")
    if "*" in asked:
        given = values if isinstance(values, tuple) else (values,)
        total += sum(abs(value) for value in given if _whole(value))
    return total


def _format_padding(text: str, values: tuple[Any, ...]) -> int:
    """How many characters the fields of ``text.format(...)`` may pad to, in all, with *values* given to it."""
    total = 0
    for _literal, _field, spec, _conversion in string.Formatter().parse(text):
        sizes = re.findall(r"\d+", spec or "")
        if any(len(size) > 9 for size in sizes):
            return MAX_LENGTH + 1
        total += sum(int(size) for size in sizes)
        if "{" in (spec or ""):  # a nested field: its width is one of the values
            total += sum(abs(value) for value in values if _whole(value))
    return total


def oversized(operator: str, left: Any, right: Any) -> str | None:
    """What is too large about ``left operator right``, before it is computed; None when it may be computed.

    Python computes each of these in one step, which no timer interrupts: the power or product of big integers
    (minutes, hours), a text or list repeated or padded to gigabytes. Their size is known from the operands.
    """
    if _whole(left) and _whole(right):
        if operator == "**" and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_BITS:
            return f"an integer of more than {MAX_BITS} bits"
        if operator == "*" and left.bit_length() + right.bit_length() > MAX_BITS:
            return f"an integer of more than {MAX_BITS} bits"
        return None
    if operator == "*":
        sized, times = (left, right) if _whole(right) else (right, left)
        if _whole(times) and hasattr(sized, "__len__") and len(sized) * times > MAX_LENGTH:
            return f"a text or list of more than {MAX_LENGTH} items"
    if operator == "%" and isinstance(left, str) and _padding(left, right) > MAX_LENGTH:
        return f"a text of more than {MAX_LENGTH} characters"
    if operator == "+" and _sized(left) and _sized(right) and len(left) + len(right) > MAX_LENGTH:
        return f"a text or list of more than {MAX_LENGTH} items"  # doubled in a loop, it would soon take gigabytes
    return None


def _sized(value: Any) -> bool:
    """True for a text, list or tuple: what ``+`` joins into one as long as both."""
    return isinstance(value, str | list | tuple)


def _joined_size(items: list[Any], separator: str, *, escaped: bool) -> int:
    """How long ``separator.join(items)`` would be, texts counted as they are (five times, when they are escaped)."""
    size = sum(len(item) if isinstance(item, str) else len(str(item)) for item in items)
    return size * (5 if escaped else 1) + len(separator) * max(len(items) - 1, 0)


def _replaced_size(text: Any, old: Any, new: Any, count: int | None = None) -> int:
    """How long ``text.replace(old, new, count)`` would be, from how many times *old* is found (at once, in C)."""
    found = len(text) + 1 if old == "" else text.count(old)
    if _whole(count) and count is not None and count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


def _too_large(what: str) -> SecurityError:
    """The template error of an operation refused for the size of what it would make."""
    return SecurityError(f"{what} would make a text of more than {MAX_LENGTH} characters: too large for a template")


def _bounded(method: Callable[..., Any], *, name: str, size: Callable[..., int]) -> Callable[..., Any]:
    """*method* (called *name* in errors), refused when ``size(*args, **kwargs)``, what it would make, is too large."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        if size(*args, **kwargs) > MAX_LENGTH:
            raise _too_large(name)
        return method(*args, **kwargs)

    return update_wrapper(bounded, method)


def _width(width: Any = 0, *_rest: Any, **_named: Any) -> int:
    """The width a padding method pads to: its first argument."""
    return width if _whole(width) else 0


_TAB: dict[type, Any] = {str: "\t", bytes: b"\t", bytearray: b"\t"}


def _longest(table: Any) -> int:
    """The longest text a ``translate`` table puts in the place of one character (1 when it is no mapping)."""
    values = getattr(table, "values", None)
    if not callable(values):
        return 1
    return max((len(value) for value in values() if isinstance(value, str | bytes)), default=1)


# Methods of texts (and of bytes) that may make a long one, and what they would make, from their arguments.
_SIZES: dict[str, Callable[[Any], Callable[..., int]]] = {
    "center": lambda _text: _width,
    "ljust": lambda _text: _width,
    "rjust": lambda _text: _width,
    "zfill": lambda _text: _width,
    "expandtabs": lambda text: lambda tabsize=8, **_: len(text) + text.count(_TAB[type(text)]) * _width(tabsize),
    "format": lambda text: lambda *args, **named: _format_padding(text, (*args, *named.values())),
    "format_map": lambda text: lambda values, *_: _format_padding(text, tuple(getattr(values, "values", list)())),
    "translate": lambda text: lambda table, *_, **__: len(text) * _longest(table),
    "replace": lambda text: (
        lambda old="", new="", count=-1, *_, **__: (
            _replaced_size(text, old, new, count) if type(old) is type(new) and isinstance(old, str | bytes) else 0
        )
    ),
}


def _bounded_join(method: Callable[..., Any], *, separator: Any) -> Callable[..., Any]:
    """``separator.join``, refused when what it would make is too large; its items are taken once (a generator)."""

    def bounded(items: Any) -> Any:
        listed = list(items)
        if _joined_size(listed, separator, escaped=False) > MAX_LENGTH:
            raise _too_large("str.join")
        return method(listed)

    return update_wrapper(bounded, method)


def _indent_size(text: Any, width: Any = 4, *_rest: Any, **_named: Any) -> int:
    """What the ``indent`` filter would make of *text*: a width of spaces for each of its lines."""
    return len(str(text)) + (str(text).count("\n") + 1) * _width(width)


def _batch_size(_value: Any, linecount: Any, fill_with: Any = None) -> int:
    """What the ``batch`` filter may make at once: a list of *linecount* fillers (at most one such list)."""
    return _width(linecount) if fill_with is not None else 0


def _wrapped_size(_env: Any, text: Any, width: Any = 79, _breaks: Any = True, wrapstring: Any = None, *_: Any,
                  **__: Any) -> int:  # fmt: skip
    """How long ``wordwrap`` may make *text*: its characters, and a *wrapstring* for each of as many lines."""
    size = len(str(text))
    lines = size // max(_width(width), 1) + str(text).count("\n") + 1
    return size + len(str(wrapstring or "\n")) * lines


def bounded_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Jinja's filters that make as much as a number they are given says (``center``, ``batch``…), bounded."""
    return {
        "format": _bounded(
            filters["format"],
            name="the format filter",
            size=lambda text, *args, **named: _padding(str(text), named or args),
        ),
        "center": _bounded(filters["center"], name="the center filter", size=lambda _text, width=80: _width(width)),
        "batch": _bounded(filters["batch"], name="the batch filter", size=_batch_size),
        "slice": _bounded(filters["slice"], name="the slice filter", size=lambda _ctx, _v, slices, *_: _width(slices)),
        "wordwrap": _bounded(filters["wordwrap"], name="the wordwrap filter", size=_wrapped_size),
        "indent": _bounded(filters["indent"], name="the indent filter", size=_indent_size),
        "join": _bounded_join_filter(filters["join"]),
        "sum": _bounded_sum(filters["sum"]),
        "tojson": _bounded(
            filters["tojson"], name="the tojson filter", size=lambda _ctx, value, *_: _json_size(value, {})
        ),
        "replace": _bounded(
            filters["replace"],
            name="the replace filter",
            size=lambda eval_ctx, text, old, new, count=None: (
                _replaced_size(str(text), str(old), str(new), count) * (5 if eval_ctx.autoescape else 1)
            ),
        ),
    }


def _bounded_sum(total: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja's ``sum`` filter, lists or tuples added at once and refused when the result would be too large.

    Python's own ``sum`` adds them one to the other, in quadratic time, in C, where no timer stops it.
    """

    def bounded(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        listed = list(iterable)
        values = listed if attribute is None else list(map(make_attrgetter(environment, attribute), listed))
        if isinstance(start, list | tuple) and all(type(value) is type(start) for value in values):
            if len(start) + sum(map(len, values)) > MAX_LENGTH:
                raise _too_large("the sum filter")
            return type(start)(itertools.chain(start, *values))
        return total(environment, listed, attribute, start)

    return update_wrapper(bounded, total)


def _json_size(value: Any, sizes: dict[int, int]) -> int:
    """About how long ``tojson`` would write *value* (a text six times over, as escapes may be).

    Each list or mapping is measured once: one that holds the same list a thousand times is not walked a thousand
    times, and is measured at what it writes.
    """
    if isinstance(value, str):
        return 6 * len(value) + 2
    if not isinstance(value, list | tuple | dict):
        return 24
    known = sizes.get(id(value))
    if known is None:
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        known = sizes[id(value)] = 2 + sum(_json_size(item, sizes) + 2 for item in items)
    return known


def _bounded_join_filter(join: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja's ``join`` filter, refused when what it would make is too large; its items are taken once."""

    def bounded(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        listed = list(value)
        shown = listed if attribute is None else list(map(make_attrgetter(eval_ctx.environment, attribute), listed))
        if _joined_size(shown, str(d), escaped=bool(eval_ctx.autoescape)) > MAX_LENGTH:
            raise _too_large("the join filter")
        return join(eval_ctx, listed, d, attribute)

    return update_wrapper(bounded, join)


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, but ``~`` joins its texts through the environment, which bounds what it makes.

    A text doubled by ``~`` in a loop would take gigabytes in a few steps, each one step that no timer interrupts.
    """

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """``environment.joined(join, (a, b, …))``, where Jinja writes ``join((a, b, …))``."""
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def bounded_method(value: Any, wrapped: Callable[..., Any] | None) -> Callable[..., Any] | None:
    """A method of a text or bytes that may make a long one (``ljust``, ``join``, ``replace``…), bounded; else None.

    *wrapped*: the sandbox's own wrapping of the method (``str.format``), which the bound then calls.
    """
    name = getattr(value, "__name__", "")
    text = getattr(value, "__self__", None)
    if not isinstance(value, (MethodType, BuiltinMethodType)) or not isinstance(text, str | bytes | bytearray):
        return None
    if name == "join":
        return _bounded_join(value, separator=text)
    if name not in _SIZES:
        return None
    return _bounded(wrapped or value, name=f"{type(text).__name__}.{name}", size=_SIZES[name](text))


def joined(join: Callable[[tuple[Any, ...]], Any], values: tuple[Any, ...]) -> Any:
    """``a ~ b ~ c``: *values* joined by *join* (Jinja's), refused when the text would be too large."""
    if sum(len(value) for value in values if isinstance(value, str)) > MAX_LENGTH:
        raise _too_large("~")
    return join(values)
