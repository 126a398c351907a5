"""Output boundary helper: text made inert for terminals, JSON, spreadsheets and XML, whatever characters it holds.

Incident text, file names and configuration come from the repository, so they may hold characters that a
terminal obeys (escape sequences, carriage returns, bidirectional overrides), that end a line where pm's
output expects one line, that XML forbids, or that a spreadsheet runs as a formula. Every output goes
through one of these functions on its way out.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

# C0 and C1 controls, DEL, bidirectional embeddings, overrides and isolates, line and paragraph separators,
# and surrogates (which no output encoding can write).
_UNSAFE = ((0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x202E), (0x2066, 0x2069), (0xD800, 0xDFFF))
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 forbids or discourages, named as such: its complement (the allowed ranges, up to U+10FFFF) is the
# same set but takes Python 20 times longer to compile, at every start.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


@functools.cache
def _unsafe(keep: str) -> re.Pattern[str]:
    """A pattern matching one unsafe character, except those in *keep*."""
    kept = sorted(ord(char) for char in keep)
    ranges = []
    for low, high in _UNSAFE:
        start = low
        for code in (code for code in kept if low <= code <= high):
            if start < code:
                ranges.append((start, code - 1))
            start = code + 1
        if start <= high:
            ranges.append((start, high))
    return re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges) + "]")


def _escape(match: re.Match[str]) -> str:
    r"""A character shown as a Python-style escape: ``\n``, ``\x1b``, ``\u202e``."""
    char = match.group()
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def inert(text: str, *, keep: str = "") -> str:
    r"""*text* with every control, bidirectional override and line separator shown as an escape (``\x1b``).

    *keep* names the characters pm itself puts between inert pieces (the newline between problems), left as
    they are. Printable text, accents and other scripts included, is unchanged; so is text already inert.
    """
    pattern = _unsafe(keep)
    return pattern.sub(_escape, text) if pattern.search(text) else text


def shown_path(path: str) -> str:
    """A file name for a ``path:line:col:`` line: as it is when plain, else quoted with escapes.

    A name holding a colon, a quote, a control character or surrounding blanks is written between double
    quotes, with backslashes and quotes escaped, so that no name can end a line or forge the place of another.
    """
    rest = path[3:] if _DRIVE.match(path) else path
    if path and path == path.strip() and ":" not in rest and '"' not in path and not _unsafe("").search(path):
        return path
    return '"' + inert(path.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def _json_escape(match: re.Match[str]) -> str:
    r"""A character as a JSON ``\uXXXX`` escape."""
    return f"\\u{ord(match.group()):04x}"


def json_text(value: Any, *, indent: int | None = 2) -> str:
    r"""*value* as strict JSON: no ``NaN`` nor ``Infinity`` (ValueError), no control character left raw.

    Controls, bidirectional overrides and line separators become their ``\uXXXX`` escapes, which mean the
    same to a JSON reader; a terminal or a script that shows the JSON shows them as text.
    """
    text = json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    return _unsafe("\n").sub(_json_escape, text)


def spreadsheet_cell(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text: inert, and a leading ``'`` when it could start a formula.

    As OWASP recommends, a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also
    after blanks, gets a ``'`` in front, which spreadsheets take as "this is text".
    """
    if text.startswith(_FORMULA_STARTS) or text.lstrip().startswith(_FORMULA_STARTS):
        text = "'" + text
    return inert(text, keep="\n\t")


def xml_text(text: str) -> str:
    """*text* with every character that XML 1.0 forbids or discourages (controls, ``U+FFFE``) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text
