"""Sources stage: a Markdown table of incidents, one per row (number, title, severity, cause, resolution, time)."""

from __future__ import annotations

from postmortem.sources.blocks import Block, blocks
from postmortem.sources.parts import MAX_INCIDENTS, NOTES, Found, Part, Read
from postmortem.sources.values import Values, value_parts
from postmortem.sources.vocabulary import fold, label_field, section_field

_TITLE_COLUMNS = frozenset({"incident", "incidents", "titre", "title", "intitule", "probleme", "problem",
                            "incident title", "titre de l incident", "sujet"})  # fmt: skip
_ROW_FIELDS = frozenset({"severity", "root_cause", "resolution", "time_spent", "date", "impact.downtime", "summary",
                         "impact", "trigger", "detection", "components", "tags", "authors"})  # fmt: skip
_NUMBER_COLUMNS = frozenset({"", "n", "no", "n o", "num", "numero", "id", "ref", "number"})
MIN_FIELDS = 2  # a title and two more columns that name fields: a table of incidents, not a list of links


def columns(header: tuple[str, ...]) -> list[str | None]:
    """The field of each column: the title, a field of the incident, the source's number, or None (the notes)."""
    found: list[str | None] = []
    for name in header:
        folded = fold(name)
        if folded in _TITLE_COLUMNS and "title" not in found:
            found.append("title")
        elif folded in _NUMBER_COLUMNS or name.strip() in ("#", "N°", "n°"):
            found.append("number")
        else:
            field = label_field(name)
            found.append(field if field in _ROW_FIELDS and field not in found else None)
    return found


def is_incident_table(block: Block) -> bool:
    """True for a table whose columns name a title and at least two fields of an incident."""
    if block.kind != "table" or len(block.rows) < 2:  # a header and a row
        return False
    found = columns(block.rows[0])
    return "title" in found and sum(name in _ROW_FIELDS for name in found) >= MIN_FIELDS


def read_table(text: str, *, origin: str, values: Values, force: bool = False) -> Read | None:
    """One incident per row of the tables of incidents in *text*; None when it holds none (a write-up, then).

    Tables under a heading that names a section of a write-up (a timeline, actions) are that section's, not a
    list of incidents. With *force*, the first table is read as one whatever its columns.
    """
    found: list[Found] = []
    left_out: list[Part] = []
    section: str | None = None
    every = blocks(text)
    for block in every:
        if block.kind == "heading":
            section = section_field(block.inline)
        if (is_incident_table(block) and section is None) or (force and not found and block.kind == "table"):
            found += _rows(block, origin=origin, values=values, first=len(found))
        elif block.kind != "rule":
            left_out.append(Part(field=NOTES, value=block.text, source=block.text, line=block.start + 1))
    if not found:
        return None
    return Read(found=tuple(found[:MAX_INCIDENTS]), left_out=tuple(left_out))


def _rows(block: Block, *, origin: str, values: Values, first: int) -> list[Found]:
    """One incident per row: each cell fills its column's field; a cell no field takes is kept in the notes."""
    header, *rows = block.rows
    fields = columns(header)
    found = []
    for number, (row, line) in enumerate(zip(rows, block.row_lines[1:], strict=False), start=first + 1):
        parts = []
        for name, field, cell in zip(header, fields, row, strict=False):
            note = f"**{name}**: {cell}" if name.strip() else cell
            if not cell:
                continue
            if field in (None, "number"):
                parts.append(Part(field=NOTES, value=note, source=cell, line=line + 1, label=name))
                continue
            read = value_parts(field, cell, source=note, line=line + 1, label=name, values=values)
            parts += read
        found.append(Found(origin=f"{origin}, row {number}", parts=tuple(parts)))
    return found
