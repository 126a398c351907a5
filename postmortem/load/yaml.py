"""Load stage: bytes to plain data, with the line and column of every key and value, safely and quickly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from postmortem.errors import Level, Problem
from postmortem.load.encoding import mojibake
from postmortem.model.messages import Loc, nearest_place
from postmortem.read import MAX_FILE_BYTES as READ_LIMIT

MAX_FILE_BYTES = READ_LIMIT  # also the limit of every other file of the repository


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A file's plain data, where each key and value stood, and the problems met while reading it."""

    path: str
    data: Any = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or the key) at *loc*, or of its nearest known parent."""
        return nearest_place(loc, keys=self.keys, values=self.values, key=key)

    def problem(self, loc: Loc, rule: str, message: str, *, key: bool = False, level: Level = Level.ERROR) -> Problem:
        """A problem located at *loc* in this file."""
        line, column = self.where(loc, key=key)
        return Problem(path=self.path, line=line, column=column, level=level, rule=rule, message=message)


def load(path: str, raw: bytes) -> Document:
    """Read one YAML file's bytes into a :class:`Document`; problems are gathered, never raised."""
    from postmortem.load.events import parse  # the YAML parser, imported by the first file read
    from postmortem.load.limits import Rejected

    try:
        text = _decode(raw)
        built = parse(path, text)
    except Rejected as exc:
        problem = Problem(
            path=path, line=exc.line, column=exc.column, level=Level.ERROR, rule=exc.rule, message=exc.message
        )
        return Document(path=path, problems=(problem,))
    if built is None:
        return Document(path=path, problems=(_file_problem(path, "empty", "the file is empty"),))
    problems = built.problems + mojibake(path, text)
    if built.data is None and not built.problems:  # a document that is only null: '~', 'null', a lone '---'
        line, column = built.values.get((), (1, 1))
        message = "the document is empty (null): write its fields, one key: value a line"
        problems.insert(0, Problem(path=path, line=line, column=column, level=Level.ERROR, rule="empty",
                                   message=message))  # fmt: skip
    return Document(path=path, data=built.data, values=built.values, keys=built.keys, problems=tuple(problems))


def _file_problem(path: str, rule: str, message: str) -> Problem:
    """A problem about the file as a whole, placed at its first character."""
    return Problem(path=path, line=1, column=1, level=Level.ERROR, rule=rule, message=message)


def _decode(raw: bytes) -> str:
    """Check size, NUL bytes and UTF-8; drop a byte-order mark."""
    from postmortem.load.limits import Rejected

    if len(raw) > MAX_FILE_BYTES:
        raise Rejected(
            1, 1, "too-large", f"file is {len(raw):,} bytes; incident files are limited to {MAX_FILE_BYTES:,}"
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in raw:
        line, column = _position(raw, raw.index(b"\x00"))
        raise Rejected(line, column, "encoding", "file contains a NUL byte: it looks binary, not a YAML text file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise Rejected(
            line, column, "encoding", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8"
        ) from None


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1
