"""Plain data to and from JSON, for what pm keeps between builds and reads back at every one (memo, cache, manifest).

At 5,000 incidents an edit reads and writes tens of megabytes of it; orjson parses it in about half the time of
the standard library and writes it in a fifth. orjson refuses a string holding a lone surrogate, which Python
text may hold (from a file name's undecodable bytes, say): such data is written by the standard library, as ASCII
escapes, and read back by it. Only plain data goes through here: text keys; text, whole numbers, booleans, None,
lists and dicts (no float, which orjson would write as null when it is not a number).
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(value: Any, *, indent: bool = False) -> bytes:
    """*value* as compact JSON (indented by two spaces with *indent*): UTF-8, or ASCII with a lone surrogate."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else None)
    except orjson.JSONEncodeError:  # a lone surrogate, a key that is not text, a number beyond 64 bits
        if indent:
            return json.dumps(value, indent=2, allow_nan=False).encode("ascii")
        return json.dumps(value, separators=(",", ":"), allow_nan=False).encode("ascii")


def loads(data: bytes | str) -> Any:
    """The data of the JSON *data*; ValueError when it is not JSON (RecursionError when nested beyond reading)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:  # not JSON, or escapes of a lone surrogate, which the standard library reads
        return json.loads(data, parse_constant=_refused)


def _refused(name: str) -> Any:
    """No NaN nor Infinity: they are not JSON, and pm never writes them."""
    raise ValueError(f"{name} is not JSON")
