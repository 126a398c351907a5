"""Internal blocks of Markdown: find, strip or label the parts of prose fenced by ``::: internal`` and ``:::``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, cast

from pydantic import BaseModel

_OPEN = re.compile(r"^ {0,3}:::+[ \t]*internal[ \t]*$", re.IGNORECASE)
_CLOSE = re.compile(r"^ {0,3}:::+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _marks(text: str) -> Iterator[tuple[str, str]]:
    """Each line of *text* as ``("open" | "close" | "line", line)``; fences inside code blocks are plain lines."""
    inside, fence = False, ""
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        opening = _FENCE.match(bare)
        if opening and not fence:
            fence = opening.group(1)[0] * 3
        elif fence and bare.lstrip().startswith(fence):
            fence = ""
        elif not fence and _OPEN.match(bare) and not inside:
            inside = True
            yield "open", line
            continue
        elif not fence and _CLOSE.match(bare) and inside:
            inside = False
            yield "close", line
            continue
        yield "line", line


def blocks(text: str) -> list[tuple[bool, str]]:
    """*text* cut into ``(internal, text)`` runs; an unclosed ``::: internal`` runs to the end (hidden, not shown)."""
    runs: list[tuple[bool, list[str]]] = [(False, [])]
    for mark, line in _marks(text):
        if mark == "line":
            runs[-1][1].append(line)
        else:
            runs.append((mark == "open", []))
    return [(hidden, "".join(lines)) for hidden, lines in runs if lines]


def unclosed_block(text: str) -> int | None:
    """The line number (from 0) of a ``::: internal`` that is never closed, or None."""
    opened = None
    for number, (mark, _line) in enumerate(_marks(text)):
        if mark != "line":
            opened = number if mark == "open" else None
    return opened


def public_text(text: str | None) -> str | None:
    """*text* without its internal blocks; None when nothing public is left."""
    if text is None:
        return None
    kept = "".join(part for hidden, part in blocks(text) if not hidden)
    return kept if kept.strip() else None


def labelled_text(text: str | None, label: str) -> str | None:
    """*text* with each internal block shown as a quote headed by *label*, for the team's own build."""
    if text is None or ":::" not in text:
        return text
    parts = []
    for hidden, part in blocks(text):
        if hidden:
            quoted = "".join(f"> {line}" if line.strip() else ">\n" for line in part.splitlines(keepends=True))
            part = f"\n> **{label}**\n>\n{quoted.rstrip()}\n\n"
        parts.append(part)
    return "".join(parts)


@cache
def markdown_fields(model: type[BaseModel]) -> frozenset[str]:
    """Names of the fields of *model* that hold Markdown prose."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict)
        and info.json_schema_extra.get("contentMediaType") == "text/markdown"
    )


def prose(model: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every Markdown text held by *model* and the models inside it, with its location."""
    for name, is_text in _prose_plan(type(model)):
        value = getattr(model, name)
        if is_text:
            if isinstance(value, str):
                yield (*loc, name), value
        elif isinstance(value, BaseModel):
            yield from prose(value, (*loc, name))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from prose(item, (*loc, name, index))


@cache
def _prose_plan(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of *model* that lead to prose: ``(name, True)`` for Markdown text, ``(name, False)`` for models."""
    texts = markdown_fields(model)
    return tuple((name, name in texts) for name, info in model.model_fields.items()
                 if name in texts or has_prose(cast(Any, info.annotation)))  # fmt: skip


@cache
def has_prose(annotation: Any) -> bool:
    """True when a field of this type holds models with Markdown prose, however deep."""
    from postmortem.model.messages import models_in

    return any(markdown_fields(model) or any(has_prose(cast(Any, f.annotation)) for f in model.model_fields.values())
               for model in models_in(annotation))  # fmt: skip
