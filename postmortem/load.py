"""Load stage: bytes to plain data, with the line and column of every key and value, safely and quickly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from postmortem.encoding import mojibake
from postmortem.errors import Level, Problem
from postmortem.messages import Loc

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 32

_CORE = "tag:yaml.org,2002:"
_STR = f"{_CORE}str"
_SCALAR_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")} | {"!", "?plain"}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_COLLECTION_TAGS = {f"{_CORE}map", f"{_CORE}seq"}


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
        first, second = (self.keys, self.values) if key else (self.values, self.keys)
        for size in range(len(loc), -1, -1):
            found = first.get(loc[:size]) or second.get(loc[:size])
            if found:
                return found
        return (1, 1)

    def problem(self, loc: Loc, rule: str, message: str, *, key: bool = False, level: Level = Level.ERROR) -> Problem:
        """A problem located at *loc* in this file."""
        line, column = self.where(loc, key=key)
        return Problem(path=self.path, line=line, column=column, level=level, rule=rule, message=message)


class _Reject(Exception):
    """Reading stops: the file cannot be turned into data."""

    def __init__(self, line: int, column: int, rule: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.rule, self.message = line, column, rule, message


def load(path: str, raw: bytes) -> Document:
    """Read one YAML file's bytes into a :class:`Document`; problems are gathered, never raised."""
    try:
        text = _decode(raw)
        node = _compose(text)
        walker = _Walker(path)
        data = walker.walk(node, ()) if node is not None else None
    except _Reject as exc:
        problem = Problem(
            path=path, line=exc.line, column=exc.column, level=Level.ERROR, rule=exc.rule, message=exc.message
        )
        return Document(path=path, problems=(problem,))
    if node is None:
        return Document(path=path, problems=(_file_problem(path, "empty", "the file is empty"),))
    problems = walker.problems + mojibake(path, text)
    return Document(path=path, data=data, values=walker.values, keys=walker.keys, problems=tuple(problems))


def _file_problem(path: str, rule: str, message: str) -> Problem:
    """A problem about the file as a whole, placed at its first character."""
    return Problem(path=path, line=1, column=1, level=Level.ERROR, rule=rule, message=message)


def _decode(raw: bytes) -> str:
    """Check size, NUL bytes and UTF-8; drop a byte-order mark."""
    if len(raw) > MAX_FILE_BYTES:
        raise _Reject(
            1, 1, "too-large", f"file is {len(raw):,} bytes; incident files are limited to {MAX_FILE_BYTES:,}"
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in raw:
        line, column = _position(raw, raw.index(b"\x00"))
        raise _Reject(line, column, "encoding", "file contains a NUL byte: it looks binary, not a YAML text file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise _Reject(
            line, column, "encoding", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8"
        ) from None


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


_PLAIN = "?plain"
_PURE_YAML = YAML(typ="safe", pure=True)

try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - without ruamel.yaml.clib, the pure-Python composer is used
    CParser = None


if CParser is not None:

    class _FastParser(CParser):  # type: ignore[misc]
        """The C parser, with a resolver that only marks plain scalars: ruamel's own costs 3x the parse."""

        def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
            """Tag of a node without an explicit tag."""
            if kind is ScalarNode:
                return _PLAIN if implicit[0] else f"{_CORE}str"
            return f"{_CORE}seq" if kind is SequenceNode else f"{_CORE}map"

        def descend_resolver(self, *_: object) -> None:
            """Paths play no part in resolving."""

        def ascend_resolver(self, *_: object) -> None:
            """Paths play no part in resolving."""


def _parse(text: str) -> Node | None:
    """The node tree of a single-document YAML text (no objects are ever constructed)."""
    if CParser is None:  # pragma: no cover
        return _PURE_YAML.compose(text)  # type: ignore[no-any-return]
    parser = _FastParser(text)
    try:
        return parser.get_single_node()  # type: ignore[no-any-return]
    finally:
        parser.dispose()


def _compose(text: str) -> Node | None:
    """Parse, turning parser complaints into a located rejection."""
    try:
        node: Node | None = _parse(text)
    except ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise _Reject(line, column, "encoding", f"control character U+{code:04X} is not allowed in YAML text") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _Reject(line, column, "yaml-syntax", _syntax_message(exc, text, line, column)) from None
    return node


def _syntax_message(exc: MarkedYAMLError, text: str, line: int, column: int) -> str:
    """A YAML parser complaint in plain words, with a hint for the usual culprits."""
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    bad = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if bad == "\t":
        return "tab character: YAML indentation must use spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return f"invalid YAML: {problem} (check the indentation, or quote a value that contains ': ')"
    if "another document" in problem:
        return "invalid YAML: one incident per file; remove the extra '---' document"
    context = f" {exc.context}" if exc.context else ""
    return f"invalid YAML: {problem}{context}"


class _Walker:
    """Turns a node tree into plain data while recording positions and checking keys, tags and size."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.budget = MAX_NODES
        self.active: set[int] = set()

    def walk(self, node: Node, loc: Loc) -> Any:
        """Convert *node* (found at *loc*) and everything under it."""
        self.budget -= 1
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.budget < 0:
            raise _Reject(*where, "too-large", f"more than {MAX_NODES:,} values (or an alias bomb): refusing to expand")
        if len(loc) > MAX_DEPTH or id(node) in self.active:
            raise _Reject(*where, "too-deep", f"nested more than {MAX_DEPTH} levels deep (or a recursive alias)")
        self.values[loc] = where
        if isinstance(node, ScalarNode):
            return self._scalar(node, where)
        if _tag(node) not in _COLLECTION_TAGS:
            raise _Reject(*where, "yaml-tag", _tag_message(_tag(node)))
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, loc)
            if isinstance(node, SequenceNode):
                return [self.walk(item, (*loc, index)) for index, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))
        raise _Reject(*where, "yaml-syntax", "unsupported YAML node")  # pragma: no cover

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        """Convert a mapping, reporting duplicate and non-text keys."""
        result: dict[str, Any] = {}
        for key_node, value_node in self._pairs(node):
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            key = self._key(key_node, where)
            if key is None:
                continue
            if key in result:
                first = self.keys[(*loc, key)]
                self._report(where, "duplicate-key", f"duplicate key {key!r} (first given at line {first[0]})")
                continue
            self.keys[(*loc, key)] = where
            result[key] = self.walk(value_node, (*loc, key))
        return result

    def _pairs(self, node: MappingNode) -> Iterator[tuple[Node, Node]]:
        """Key and value nodes, refusing YAML merge keys (``<<``)."""
        for key_node, value_node in node.value:
            if _tag(key_node) == f"{_CORE}merge" or (_tag(key_node) == _PLAIN and key_node.value == "<<"):
                where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                raise _Reject(*where, "yaml-tag", "merge keys ('<<') are not supported in incident files")
            yield key_node, value_node

    def _key(self, node: Node, where: tuple[int, int]) -> str | None:
        """A mapping key as text; other kinds of keys are reported."""
        key = self._scalar(node, where) if isinstance(node, ScalarNode) else None
        if isinstance(key, str):
            return key
        shown = node.value if isinstance(node, ScalarNode) else "a list or mapping"
        self._report(where, "wrong-type", f"keys must be text, got {shown!r}: quote the key")
        return None

    def _scalar(self, node: ScalarNode, where: tuple[int, int]) -> Any:
        """A scalar under YAML 1.2 rules: ``13:42`` and ``yes`` stay text, dates stay text for our own parsers."""
        tag, value = _tag(node), str(node.value)
        if tag == _PLAIN:
            return _core_scalar(value)
        if tag == _STR:  # a quoted scalar: text, as written
            return value
        if tag not in _SCALAR_TAGS:
            raise _Reject(*where, "yaml-tag", _tag_message(tag))
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return value.lower() == "true"
        if tag.endswith(":int"):
            return _int(value)
        if tag.endswith(":float"):
            return _float(value)
        return value

    def _report(self, where: tuple[int, int], rule: str, message: str) -> None:
        """Record a problem and keep reading."""
        line, column = where
        self.problems.append(
            Problem(path=self.path, line=line, column=column, level=Level.ERROR, rule=rule, message=message)
        )


def _tag(node: Node) -> str:
    """A node's tag as the parser gave it (ruamel's ``node.tag`` decodes it again on every access)."""
    tag = node.ctag
    return str(tag.suffix) if tag.handle is None else str(tag)


def _tag_message(tag: str) -> str:
    """Why an explicit YAML tag is refused."""
    return f"YAML tag {tag.replace(_CORE, '!!')!r} is not allowed in incident files"


def _core_scalar(text: str) -> Any:
    """A plain scalar under the YAML 1.2 core schema; anything else (times, dates, ``yes``) stays text."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text):
        return _int(text)
    if _FLOAT.fullmatch(text):
        return _float(text)
    return text


def _int(text: str) -> int:
    """An integer in any YAML 1.2 notation."""
    cleaned = text.replace("_", "")
    try:
        return int(cleaned, 0)
    except ValueError:
        return int(cleaned)


def _float(text: str) -> float:
    """A float, including YAML's ``.inf`` and ``.nan``."""
    lowered = text.lower().replace("_", "")
    special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
    return float(special.get(lowered, lowered))
