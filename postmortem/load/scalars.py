"""Load stage helper: YAML 1.2 scalars and the tags incident files may use (no others: no objects are built)."""

from __future__ import annotations

import math
import re
from typing import Any

_CORE = "tag:yaml.org,2002:"
_STR = f"{_CORE}str"
_SCALAR_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")} | {"!"}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
COLLECTION_TAGS = {f"{_CORE}map", f"{_CORE}seq"}
MERGE = f"{_CORE}merge"
_NUMBER_STARTS = frozenset("0123456789+-.")  # the first character of every YAML 1.2 int and float


class NotFinite(ValueError):
    """A number that is infinite or not a number (``.inf``, ``.nan``, ``1e400``): no output format can hold it."""

    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not a finite number; write a figure, or quote it to keep it as text")


class TagRefused(ValueError):
    """An explicit tag that pm does not read, a value its tag does not fit, or a number too large (the message says)."""

    def __init__(self, message: str, *, rule: str = "yaml-tag") -> None:
        super().__init__(message)
        self.rule = rule


def tagged_scalar(tag: str, value: str) -> Any:
    """The value of a scalar written with an explicit tag (``!!int 3``); :class:`TagRefused` for other tags."""
    if tag == _STR:
        return value
    if tag not in _SCALAR_TAGS:
        raise TagRefused(tag_message(tag))
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return value.lower() == "true"
    try:
        if tag.endswith(":int"):
            return _int(value)
        if tag.endswith(":float"):
            return _float(value)
    except (NotFinite, TagRefused):
        raise
    except ValueError:
        shown = tag.replace(_CORE, "!!")
        raise TagRefused(f"{value!r} is not a number, as its tag {shown} says", rule="wrong-type") from None
    return value


def tag_message(tag: str) -> str:
    """Why an explicit YAML tag is refused."""
    return f"YAML tag {tag.replace(_CORE, '!!')!r} is not allowed in incident files"


def plain_word(text: str) -> bool:
    """True when the plain scalar *text* is text under the YAML 1.2 core schema: no null, boolean or number."""
    return text not in _NULLS and text not in _BOOLS and text[:1] not in _NUMBER_STARTS


def plain_scalar(text: str) -> Any:
    """A plain scalar under the YAML 1.2 core schema; anything else (times, dates, ``yes``) stays text."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text[:1] not in _NUMBER_STARTS:  # words, times, dates with letters: no number to look for
        return text
    if _INT.fullmatch(text):
        return _int(text)
    if _FLOAT.fullmatch(text):
        return _float(text)
    return text


MAX_DIGITS = 30  # far more than any count or figure, far less than what makes reading a number slow


def _int(text: str) -> int:
    """An integer in any YAML 1.2 notation; :class:`TagRefused` when it is written with too many digits."""
    cleaned = text.replace("_", "")
    if len(cleaned) > MAX_DIGITS + 2:  # a sign, or the 0x of hexadecimal
        raise TagRefused(f"number {text[:12]}… has more than {MAX_DIGITS} digits: too large", rule="too-large")
    try:
        return int(cleaned, 0)
    except ValueError:
        return int(cleaned)


def _float(text: str) -> float:
    """A float; YAML's ``.inf`` and ``.nan``, and numbers too large for a float, raise :class:`NotFinite`."""
    lowered = text.lower().replace("_", "")
    value = math.nan if lowered.lstrip("+-") in (".inf", ".nan") else float(lowered)
    if not math.isfinite(value):
        raise NotFinite(text)
    return value
