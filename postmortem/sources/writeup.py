"""Sources stage: a Markdown post-mortem (the common templates, English or French) as the parts of one incident.

Headings name sections whatever their level or order; a heading no field knows keeps the field of the section
it sits in (or the notes). Bold labels (``**Date:** …``) and two-column tables fill one value each. What has no
field is kept verbatim in the notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from postmortem.model.statuses import ActionStatus
from postmortem.sources.actions import action_parts
from postmortem.sources.blocks import Block, Item, blocks
from postmortem.sources.frontmatter import front_matter_parts
from postmortem.sources.labels import Labelled, labelled
from postmortem.sources.lists import reference, responder
from postmortem.sources.parts import LINE_LIMIT, LIST_FIELDS, NOTES, Part
from postmortem.sources.timeline import entry_parts
from postmortem.sources.values import Values, letters, one_value, value_parts
from postmortem.sources.vocabulary import names_section, section_field
from postmortem.sources.zonewords import named_zone

MARKDOWN_FIELDS = frozenset({"summary", "impact", "detection", "trigger", "root_cause", "resolution"})
_MAPPINGS = {"responders": responder, "references": reference}  # list items read as mappings
_DEEPEST = 7  # a bold label that opens a section sits below every heading


@dataclass(slots=True, kw_only=True)
class _State:
    """Where the reader is: the sections open (heading level, field), the parts so far, whether a title was met."""

    values: Values
    words: Mapping[str, ActionStatus]
    stack: list[tuple[int, str | None, str]] = field(default_factory=list)  # level, field, heading
    parts: list[Part] = field(default_factory=list)
    titled: bool = False
    started: bool = False  # a section or some prose was met: a heading no field knows is no longer the title
    lone_top: bool = False  # the source has one heading of level 1: opening it, it may be the title (see below)
    below: frozenset[str | None] = frozenset()  # the fields the source's other headings name

    @property
    def field(self) -> str | None:
        """The field of the innermost open section."""
        return self.stack[-1][1] if self.stack else None

    @property
    def label(self) -> str:
        """The heading (or label) that named the field of the innermost section."""
        return self.stack[-1][2] if self.stack else ""

    def close(self, level: int) -> None:
        """Close the sections at *level* or below."""
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()

    def open(self, level: int, name: str | None, label: str = "") -> None:
        """Open a section at *level* for the field *name* that *label* names, closing those at its level or below."""
        self.close(level)
        self.stack.append((level, name, label))


def writeup_parts(text: str, *, values: Values, words: Mapping[str, ActionStatus]) -> list[Part]:
    """The parts of one write-up, in the order of the source."""
    found = blocks(text)
    headings = [b for b in found if b.kind == "heading"]
    state = _State(values=values, words=words, lone_top=sum(b.level == 1 for b in headings) == 1,
                   below=frozenset(section_field(b.inline) for b in headings if b.level > 1))  # fmt: skip
    for block in found:
        if block.kind == "front_matter":
            state.parts += front_matter_parts(block, values=values)
        elif block.kind == "heading":
            before = len(state.parts)
            _heading(block, state)
            state.parts += missed(block, state.parts[before:])
        elif block.kind != "rule":
            state.started = True
            produced = _content(block, state)
            state.parts += [*produced, *missed(block, produced)]
    return state.parts


def _heading(block: Block, state: _State) -> None:
    """A heading opens a section: a field's, the title's, or one that keeps the field it sits in."""
    name = section_field(block.inline)
    line = block.start + 1
    # "# Summary of June 8 outage" over its "## Summary" is the title; "# Timeline (UTC)" over "## Summary" is not
    lone = block.level == 1 and state.lone_top and not names_section(block.inline) and name in state.below
    if (name is None or lone) and not state.titled and not state.started:
        title = one_value("title", block.inline, values=state.values)
        state.titled = title is not None
        state.parts.append(Part(field="title" if title else NOTES, value=title or block.text, source=block.text,
                                line=line, label=""))  # fmt: skip
        state.open(block.level, None)
        return
    state.started = True
    if name is not None:
        state.parts.append(Part(field=name, value=None, source=block.text, line=line, label=block.inline))
        state.parts += _zone(block.inline, state, source=block.text, line=line) if name == "timeline" else []
        state.open(block.level, name, block.inline)
        return
    state.close(block.level)
    inherited, label = state.field, state.label
    if inherited == "timeline":
        state.parts += entry_parts(block, label=state.label, zones=state.values.zones)
    elif inherited in MARKDOWN_FIELDS:
        state.parts.append(Part(field=inherited, value=block.text, source=block.text, line=line, label=state.label))
    else:
        state.parts.append(Part(field=NOTES, value=block.text, source=block.text, line=line, label=""))
    state.open(block.level, inherited, label)


def _content(block: Block, state: _State) -> list[Part]:
    """The parts of a block of the current section."""
    current, label = state.field, state.label
    columns = _columns(block, current) if current in ("timeline", "actions") else []
    if current == "timeline":
        found = entry_parts(block, label=label, zones=state.values.zones)
        header = _zone(" ".join(block.rows[0]), state, line=block.start + 1) if block.kind == "table" else []
        asides = [zone for part in found if _aside(part) for zone in _zone(part.source, state, line=part.line)]
        return [*columns, *found, *header, *asides]
    if current == "actions":
        return [*columns, *action_parts(block, label=label, words=state.words)]
    if block.kind == "paragraph":
        return _paragraph(block, state)
    if block.kind == "list":
        return _list(block, state)
    if block.kind == "table" and _key_values(block):
        return _table_values(block, state)
    return [_plain(block.text, current, line=block.start + 1, label=label)]


def _columns(block: Block, current: str | None) -> list[Part]:
    """The header row of a table of events or actions: the names of the columns read, shown in the output."""
    if block.kind != "table" or current is None:
        return []
    line = block.text.split("\n")[0]
    return [Part(field=current, value=None, source=line, line=block.start + 1, label=" | ".join(block.rows[0]))]


def _aside(part: Part) -> bool:
    """True for a part of a timeline that may say its zone: notes, or a day alone ("2024-02-13 (all times UTC)")."""
    return part.field == NOTES or (isinstance(part.value, dict) and ":" not in str(part.value.get("at")))


def _plain(text: str, current: str | None, *, line: int, label: str) -> Part:
    """Text of the current section: a Markdown field takes it whole, a list field one item of it, else the notes."""
    if current in MARKDOWN_FIELDS:
        return Part(field=current, value=text, source=text, line=line, label=label)
    if current in LIST_FIELDS and current not in _MAPPINGS and len(text) <= LINE_LIMIT:
        return Part(field=current, value=" ".join(text.split("\n")), source=text, line=line, label=label)
    return Part(field=NOTES, value=text, source=text, line=line, label=label if current else "")


def _paragraph(block: Block, state: _State) -> list[Part]:
    """A paragraph: each line that starts with a label starts a value; other lines belong to the section."""
    segments: list[tuple[Labelled | None, int, list[str]]] = []
    for offset, line in enumerate(block.text.split("\n")):
        found = labelled(line)
        if found is not None or not segments:
            segments.append((found, block.start + offset, [line]))
        else:
            segments[-1][2].append(line)
    parts = []
    for found, start, lines in segments:
        source = "\n".join(lines)
        if found is None:
            parts.append(_plain(source, state.field, line=start + 1, label=state.label))
        else:
            parts += _labelled(found, source=source, more=lines[1:], line=start + 1, state=state)
    return parts


def _labelled(found: Labelled, *, source: str, more: list[str], line: int, state: _State) -> list[Part]:
    """A labelled value; a label alone (``**Action items:**``) opens its section instead."""
    value = "\n".join([found.rest, *(text.strip() for text in more)]).strip()
    if not value and found.field in (*MARKDOWN_FIELDS, *LIST_FIELDS):
        state.open(_DEEPEST, found.field, found.label)
        return [Part(field=found.field, value=None, source=source, line=line, label=found.label)]
    return value_parts(found.field, value, source=source, line=line, label=found.label, values=state.values)


def _list(block: Block, state: _State) -> list[Part]:
    """A list: labelled items fill their field; a list field takes each other item, a Markdown field the rest whole."""
    current, label = state.field, state.label
    if current in _MAPPINGS:
        return [_mapping(item, current, label=label) for item in block.items]
    if not any(labelled(item.text.split("\n")[0]) for item in block.items):
        if current in LIST_FIELDS:
            return [_plain(item.text, current, line=item.start + 1, label=label) for item in block.items]
        return [_plain(block.text, current, line=block.start + 1, label=label)]
    parts = []
    for item in block.items:
        found = labelled(item.text.split("\n")[0])
        if found is None:
            text = item.text if current in LIST_FIELDS else item.source
            parts.append(_plain(text, current, line=item.start + 1, label=label))
        else:
            more = item.source.split("\n")[1:]
            parts += _labelled(found, source=item.source, more=more, line=item.start + 1, state=state)
    return parts


def _mapping(item: Item, current: str, *, label: str) -> Part:
    """A list item of the responders or the references; the notes when it does not read as one."""
    value = _MAPPINGS[current](item.text)
    field = current if value is not None else NOTES
    return Part(field=field, value=value or item.source, source=item.source, line=item.start + 1, label=label)


def _key_values(block: Block) -> bool:
    """True for a two-column table whose first column names fields (Date, Severity, Authors…) in a third of its rows."""
    if not block.rows or len(block.rows[0]) != 2:  # a label and its value
        return False
    known = sum(labelled(f"{row[0]}:") is not None for row in block.rows[1:])
    return known > 0 and known * 3 >= len(block.rows) - 1  # a third of its rows name fields


def _table_values(block: Block, state: _State) -> list[Part]:
    """A two-column table: each row whose first cell is a label fills that field; the others stay in the notes.

    The rows kept stay a table under the header row (when the header is no label itself).
    """
    lines = block.text.split("\n")
    parts: list[Part] = []
    kept: list[str] = []
    for index, (row, line) in enumerate(zip(block.rows, block.row_lines, strict=False)):
        source = lines[line - block.start] if 0 <= line - block.start < len(lines) else ""
        found = labelled(f"{row[0]}:") if len(row) == 2 else None  # a label and its value
        if found is not None:
            parts += value_parts(
                found.field, row[1], source=source, line=line + 1, label=found.label, values=state.values
            )
        elif index == 0:
            kept += lines[:2]  # the header and the delimiter row
        else:
            kept.append(source)
    if kept:
        parts.append(Part(field=NOTES, value="\n".join(kept), source="\n".join(kept), line=block.start + 1))
    return parts


def _zone(text: str, state: _State, *, line: int, source: str = "") -> list[Part]:
    """The zone a timeline says its times are in ("all times UTC", "(PST)", "Europe/Paris"), if it names one."""
    found = named_zone(text, zones=state.values.zones)
    if found is None:
        return []
    zone, words = found
    return [Part(field="timezone", value=zone, source=source or text, line=line, label=words)]


def missed(block: Block, produced: list[Part]) -> list[Part]:
    """The lines of *block* whose text no part holds, kept in the notes as written: nothing of a source is lost.

    Markup is not text: a list item's marker and check box, a table's delimiter row. A table's header row is
    held by the parts read from its columns (their label).
    """
    labels = [part.label for part in produced]
    held = "".join(letters(label if label != before else "") + letters(_flat(part.value))
                   for part, label, before in zip(produced, labels, ["", *labels], strict=False))  # fmt: skip
    lines = [line for line in block.text.split("\n") if any(letters(text) not in held for text in _texts(line))]
    if not lines:
        return []
    text = "\n".join(lines)
    return [Part(field=NOTES, value=text, source=text, line=block.start + 1)]


def _flat(value: object) -> str:
    """Every text of a value (a mapping's values, in order)."""
    if isinstance(value, dict):
        return "".join(_flat(item) for item in value.values())
    if isinstance(value, list):
        return "".join(_flat(item) for item in value)
    return "" if value is None or isinstance(value, bool) else str(value)


def _texts(line: str) -> list[str]:
    """The texts of a line: each cell of a table row (cells may go to different fields), else the line unmarked."""
    if line.lstrip().startswith("|"):
        return line.strip().strip("|").split("|")
    return [_unmarked(line)]


def _unmarked(line: str) -> str:
    """A line without the marker of a quote, a list item or its check box (``> 1. [x]``)."""
    text = line.lstrip(" \t>")
    marker = text.split(" ", 1)
    if len(marker) == 2 and (marker[0] in ("-", "*", "+") or (marker[0][:-1].isdigit() and marker[0][-1:] in ".)")):
        text = marker[1].lstrip()
    for box in ("[ ] ", "[x] ", "[X] "):
        text = text.removeprefix(box)
    return text
