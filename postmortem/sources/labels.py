"""Sources stage helper: labelled values in prose (``**Date:** 2015-10-21``, ``Gravité : P2``), read by their tokens."""

from __future__ import annotations

from dataclasses import dataclass

from postmortem.sources.blocks import inline_tokens
from postmortem.sources.vocabulary import label_field

MAX_LABEL = 40  # a label is a few words; a longer text before a colon is a sentence


@dataclass(frozen=True, slots=True, kw_only=True)
class Labelled:
    """A line that starts with a label: the field it names, the label as written, and the rest of the line."""

    field: str
    label: str
    rest: str


def labelled(line: str) -> Labelled | None:
    """The label that starts *line* (bold, or plain text before a colon), or None."""
    text = line.strip()
    for marker in ("- ", "* ", "+ "):
        text = text.removeprefix(marker)
    tokens = inline_tokens(text)
    if not tokens:
        return None
    if tokens[0].type in ("strong_open", "em_open") and len(tokens) >= 3:  # open, text, close
        inner, close = tokens[1], tokens[2]
        written = f"{tokens[0].markup}{inner.content}{close.markup}"
        if inner.type != "text" or not text.startswith(written):
            return None
        rest = text[len(written) :].lstrip()
        name = inner.content.strip()
        if name.endswith(":"):
            return _found(name[:-1], rest)
        return _found(name, rest[1:]) if rest.startswith(":") else None
    if tokens[0].type != "text":
        return None
    name, colon, rest = text.partition(":")
    return _found(name, rest) if colon and "`" not in name and "[" not in name else None


def _found(name: str, rest: str) -> Labelled | None:
    """A label when *name* is a known one, short, not a time (``14:05``)."""
    name = name.strip()
    if not name or len(name) > MAX_LABEL or name[-1:].isdigit():
        return None
    field = label_field(name)
    return Labelled(field=field, label=name, rest=rest.strip()) if field else None
