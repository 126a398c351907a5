"""Sources stage helper: a write-up's YAML front matter (``---`` … ``---``), read with pm's own YAML loader."""

from __future__ import annotations

from postmortem.load.yaml import Document, load
from postmortem.sources.blocks import Block
from postmortem.sources.parts import NOTES, Part
from postmortem.sources.values import Values, value_parts
from postmortem.sources.vocabulary import label_field


def front_matter_parts(block: Block, *, values: Values) -> list[Part]:
    """Each key of the front matter: a known one fills its field, any other is kept verbatim in the notes."""
    lines = block.content.split("\n")
    document = load("front matter", block.content.encode("utf-8"))
    if not isinstance(document.data, dict) or document.problems:
        return [_kept(block.content, line=block.start + 2)]
    parts = []
    for key, (first, source) in key_sources(document, lines).items():
        parts += _key(str(key), document.data.get(key), source=source, line=block.start + 1 + first, values=values)
    return parts


def key_sources(document: Document, lines: list[str]) -> dict[object, tuple[int, str]]:
    """Each top-level key of a YAML mapping with its first line (1-based) and its lines as written."""
    starts = sorted((position[0], key[0]) for key, position in document.keys.items() if len(key) == 1)
    found: dict[object, tuple[int, str]] = {}
    for index, (first, key) in enumerate(starts):
        last = starts[index + 1][0] - 1 if index + 1 < len(starts) else len(lines)
        found[key] = (first, "\n".join(lines[first - 1 : last]).rstrip())
    return found


def _key(key: str, value: object, *, source: str, line: int, values: Values) -> list[Part]:
    """One key: its field when the value reads as one (text, a number, a list of texts), else the notes."""
    field = label_field(key.replace("_", " "))
    if field is None or field in ("timeline", "actions"):
        return [_kept(source, line=line)]
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        text = ", ".join(str(item) for item in value)
    elif isinstance(value, str | int) and not isinstance(value, bool):
        text = str(value)
    else:
        return [_kept(source, line=line)]
    found = value_parts(field, text, source=source, line=line, label=key, values=values)
    return [_kept(source, line=line) if part.field == NOTES else part for part in found]


def _kept(source: str, *, line: int) -> Part:
    """Front-matter lines kept verbatim in the notes, as a YAML code block so that none becomes Markdown."""
    fence = "`" * (max((len(run) for run in source.split("\n") if set(run.strip()) == {"`"}), default=2) + 1)
    fence = fence if len(fence) >= 3 else "```"  # the shortest fence
    return Part(field=NOTES, value=f"{fence}yaml\n{source}\n{fence}", source=source, line=line, label="")
