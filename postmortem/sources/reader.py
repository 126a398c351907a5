"""Sources stage: one source text to the incidents it holds, by its format (given, or told by its name)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

from postmortem.errors import PmError
from postmortem.model.statuses import ActionStatus
from postmortem.sources.keymoad import load_keymoad, looks_like_keymoad, read_keymoad
from postmortem.sources.language import language_of
from postmortem.sources.parts import Found, Part, Read
from postmortem.sources.table import read_table
from postmortem.sources.values import Values
from postmortem.sources.writeup import writeup_parts

SourceFormat = Literal["markdown", "table", "keymoad"]
FORMATS: tuple[SourceFormat, ...] = ("markdown", "table", "keymoad")
YAML_SUFFIXES = (".yaml", ".yml")


def read_source(text: str, *, origin: str, suffix: str, chosen: SourceFormat | None, values: Values,
                words: Mapping[str, ActionStatus]) -> Read:  # fmt: skip
    """The incidents of one source. Markdown holding a table of incidents gives one per row, else one write-up."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kind = chosen or ("keymoad" if suffix.lower() in YAML_SUFFIXES else None)
    if kind == "keymoad":
        document = load_keymoad(text, origin=origin)
        if document.problems or not looks_like_keymoad(document):
            why = str(document.problems[0]) if document.problems else "it has no incident_id and timeline"
            raise PmError(f"{origin}: not an incident file of incident-postmortem-generator: {why}")
        found = read_keymoad(document, text, origin=origin, values=values, words=words)
        return Read(found=(replace(found, parts=(*found.parts, *_language(text))),))
    if kind in (None, "table"):
        table = read_table(text, origin=origin, values=values, force=kind == "table")
        if table is not None:
            said = _language(text)
            return Read(found=tuple(replace(found, parts=(*found.parts, *said)) for found in table.found),
                        left_out=table.left_out)  # fmt: skip
        if kind == "table":
            raise PmError(f"{origin}: no table found to read incidents from")
    parts = writeup_parts(text, values=values, words=words)
    return Read(found=(Found(origin=origin, parts=(*parts, *_language(text))),))


def _language(text: str) -> tuple[Part, ...]:
    """The language of a source, when its words tell it (reports then speak it)."""
    found = language_of(text)
    return (Part(field="language", value=found, source="", line=1, label=""),) if found else ()
