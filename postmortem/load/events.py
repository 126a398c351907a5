"""Load stage helper: plain data and the position of every key and value, from the YAML parser's events.

No node tree is composed and no object constructed: YAML tags are refused, anchors and aliases are
expanded within a budget, and plain scalars follow the YAML 1.2 core schema.
"""

from __future__ import annotations

from collections.abc import Iterator

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, Event
from ruamel.yaml.reader import ReaderError

from postmortem.load.builder import Builder
from postmortem.load.limits import MAX_DEPTH, Rejected

_PURE_YAML = YAML(typ="safe", pure=True)

try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - without ruamel.yaml.clib, the pure-Python parser is used
    CParser = None


def _events(text: str) -> Iterator[Event]:
    """The parser's events for *text*: no node tree is composed and no object constructed."""
    if CParser is None:  # pragma: no cover
        return iter(_PURE_YAML.parse(text))
    return iter(CParser(text).get_event, None)  # after the stream's end, the C parser gives None


def parse(path: str, text: str) -> Builder | None:
    """Read *text* into a builder holding data and positions, or None when it holds no document."""
    try:
        return _read(path, _events(text))
    except ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise Rejected(
            line, column, "encoding", f"control character U+{code:04X} is not allowed in YAML text"
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise Rejected(line, column, "yaml-syntax", _syntax_message(exc, text, line, column)) from None


def _read(path: str, events: Iterator[Event]) -> Builder | None:
    """Build the data from the events; a file that is not valid YAML is reported as such first, wherever it breaks."""
    builder = Builder(path, events)
    try:
        if not builder.start():
            return None
        builder.data = builder.value(())
        builder.finish()
    except Rejected:
        _parse_rest(events)  # a syntax error further on is the one to report
        raise
    return builder


def _parse_rest(events: Iterator[Event]) -> None:
    """Parse what is left of a refused file for a syntax error, but never deeper than MAX_DEPTH below where it stopped.

    The parser's work for each token grows with the depth it is at: all of a 1 MiB file of opening brackets would
    take it an hour. Deeper than that, the file is refused as too deep whatever follows.
    """
    depth = 0
    for event in events:
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _syntax_message(exc: MarkedYAMLError, text: str, line: int, column: int) -> str:
    """A YAML parser complaint in plain words, with a hint for the usual culprits."""
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    bad = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if bad == "\t":
        return "tab character: YAML indentation must use spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return f"invalid YAML: {problem} (check the indentation, or quote a value that contains ': ')"
    context = f" {exc.context}" if exc.context else ""
    return f"invalid YAML: {problem}{context}"
