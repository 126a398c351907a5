"""Configuration: where each key and value of a TOML file stands, which tomllib does not say.

The text has been read by tomllib without error first: this scanner only follows TOML's tokens (tables,
arrays of tables, dotted and quoted keys, strings of the four kinds, arrays, inline tables, comments) to
note the line and column where each key and each value begins, under the same path pydantic gives an error:
``("severities", 1, "response")``, ``("zones", "IST")``, ``("lessons", 2)``.
"""

from __future__ import annotations

import bisect
import string
import tomllib
from dataclasses import dataclass

from postmortem.model.messages import Loc, nearest_place

Place = tuple[int, int]

_BARE = frozenset(string.ascii_letters + string.digits + "_-")
_SCALAR_ENDS = frozenset(",]}#\n")  # what ends a number, a boolean or a date (a date may hold a space)


@dataclass(frozen=True, slots=True, kw_only=True)
class Places:
    """The line and column of each key and each value of a TOML document, by path."""

    keys: dict[Loc, Place]
    values: dict[Loc, Place]

    def where(self, loc: Loc, *, key: bool = False) -> Place:
        """Line and column of the value (or the key) at *loc*, or of its nearest known parent; 1:1 without one."""
        return nearest_place(loc, keys=self.keys, values=self.values, key=key)

    def within(self, table: Loc) -> Places:
        """The places of the table at *table* (``("tool", "pm")`` of a pyproject.toml), by their path inside it."""
        size = len(table)

        def inside(found: dict[Loc, Place]) -> dict[Loc, Place]:
            return {loc[size:]: place for loc, place in found.items() if loc[:size] == table}

        return Places(keys=inside(self.keys), values=inside(self.values))


def places(text: str) -> Places:
    """Where each key and value of *text*, a TOML document that tomllib reads, begins."""
    scanner = _Scanner(text)
    scanner.document()
    return Places(keys=scanner.keys, values=scanner.values)


class _Scanner:
    """A walk through TOML text that notes where keys and values begin; the first place of a path is kept."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.starts = [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]
        self.keys: dict[Loc, Place] = {}
        self.values: dict[Loc, Place] = {}
        self.arrays: dict[Loc, int] = {}  # each array of tables: the index of its latest table

    def place(self, index: int) -> Place:
        """Line and column (in characters, from 1) of *index*."""
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def peek(self, size: int = 1) -> str:
        """The next *size* characters ('' at the end)."""
        return self.text[self.at : self.at + size]

    def skip_blank(self, *, newlines: bool) -> None:
        """Skip spaces, tabs and comments, and line ends when *newlines*."""
        while self.at < len(self.text):
            char = self.text[self.at]
            if char in " \t" or (newlines and char in "\r\n"):
                self.at += 1
            elif char == "#":
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            else:
                return

    def document(self) -> None:
        """Every table header and key/value line of the document."""
        table: Loc = ()
        while True:
            self.skip_blank(newlines=True)
            if self.at >= len(self.text):
                return
            if self.peek() == "[":
                table = self.header(double=self.peek(2) == "[[")
            else:
                self.pair(table)

    def header(self, *, double: bool) -> Loc:
        """A ``[table]`` or ``[[array of tables]]`` header: the path of the table it opens."""
        start = self.at
        self.at += 2 if double else 1
        parts = self.key()
        self.skip_blank(newlines=False)
        self.at += 2 if double else 1
        loc: Loc = ()
        for number, (name, index) in enumerate(parts):
            loc = (*loc, name)
            self.keys.setdefault(loc, self.place(index))
            if double and number == len(parts) - 1:
                self.arrays[loc] = self.arrays.get(loc, -1) + 1
            if loc in self.arrays:
                loc = (*loc, self.arrays[loc])
        self.values.setdefault(loc, self.place(start))
        return loc

    def pair(self, table: Loc) -> None:
        """A ``key = value`` pair (the key dotted or not) in the table at *table*."""
        loc = table
        for name, index in self.key():
            loc = (*loc, name)
            self.keys.setdefault(loc, self.place(index))
        self.skip_blank(newlines=False)
        self.at += 1  # the '='
        self.skip_blank(newlines=False)
        self.value(loc)

    def key(self) -> list[tuple[str, int]]:
        """A key, dotted or not: each part's name and where it begins."""
        parts = []
        while True:
            self.skip_blank(newlines=False)
            start = self.at
            if self.peek() in ('"', "'"):
                self.string()
                name = str(tomllib.loads(f"k = {self.text[start : self.at]}")["k"])  # the quoted name, unescaped
            else:
                while self.at < len(self.text) and self.text[self.at] in _BARE:
                    self.at += 1
                name = self.text[start : self.at]
            parts.append((name, start))
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.at += 1

    def value(self, loc: Loc) -> None:
        """A value of any kind, at *loc*."""
        self.values.setdefault(loc, self.place(self.at))
        first = self.peek()
        if first == "[":
            self.items(loc, close="]")
        elif first == "{":
            self.items(loc, close="}")
        elif first in ('"', "'"):
            self.string()
        else:
            while self.at < len(self.text) and self.text[self.at] not in _SCALAR_ENDS:
                self.at += 1

    def items(self, loc: Loc, *, close: str) -> None:
        """An array's values (counted from 0) or an inline table's pairs, up to *close*."""
        self.at += 1
        count = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() in (close, ""):
                self.at += 1
                return
            if close == "]":
                self.value((*loc, count))
                count += 1
            else:
                self.pair(loc)
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.at += 1

    def string(self) -> None:
        """A basic or literal string, on one line or several."""
        quote = self.peek()
        escapes = quote == '"'
        triple = self.peek(3) == quote * 3
        self.at += 3 if triple else 1
        while self.at < len(self.text):
            if escapes and self.peek() == "\\":
                self.at += 2
            elif triple and self.peek(3) == quote * 3:
                self.at += 3
                for _ in range(2):  # up to two quotes of the text itself may come before the closing ones
                    self.at += self.peek() == quote
                return
            elif not triple and self.peek() == quote:
                self.at += 1
                return
            else:
                self.at += 1
