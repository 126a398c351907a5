"""Internal blocks of Markdown: find, strip or label the ``::: internal`` … ``:::`` containers of prose, as parsed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from pydantic import BaseModel

MAX_DEPTH = 19  # a token this deep may have had its content dropped: the parser stops at 20 levels
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_CLOSE = re.compile(r"[ \t>]*(:{3,})[ \t]*\n?")


@dataclass(frozen=True, slots=True)
class Block:
    """An internal block: its lines ``start`` (the ``::: internal`` line) to ``end`` (excluded), as parsed."""

    start: int
    end: int
    closed: bool  # ended by its ':::' line (then line ``end - 1``), not by the end of the text or of its container
    cut_code: int | None  # the line of a code block inside it left open by its ':::' line


def _opens(params: str, *_: Any) -> bool:
    """A container is internal when its first word is ``internal``, in any case."""
    return params.strip().split(" ", 1)[0].lower() == "internal"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The CommonMark block parser of the renderers, with internal blocks as containers."""
    parser = MarkdownIt("commonmark", {"html": False})
    parser.enable(["table", "strikethrough"])
    container_plugin(parser, "internal", validate=_opens)
    return parser


def _lines(text: str) -> list[str]:
    """The lines of *text* as the Markdown parser counts them (every line end made a line feed), each with its end."""
    return _LINE.findall(text.replace("\r\n", "\n").replace("\r", "\n"))


def _closed_by(line: str, marker: str) -> bool:
    """True when *line* is a closing ``:::`` at least as long as the opening *marker*."""
    found = _CLOSE.fullmatch(line)
    return found is not None and len(found.group(1)) >= len(marker)


def _cut_code(tokens: list[Token], lines: list[str], *, end: int) -> int | None:
    """The first line of a fenced code block in *tokens* still open when its container ends at line *end*."""
    for token in tokens:
        if token.type == "fence" and token.map and token.map[1] >= end:
            last = lines[token.map[1] - 1].strip()
            if token.map[1] - 1 == token.map[0] or not (last and set(last) == {token.markup[0]}):
                return token.map[0]
    return None


@lru_cache(maxsize=64)
def _tokens(text: str) -> tuple[Token, ...]:
    """The block tokens of *text* (a text is asked about more than once: its blocks, its depth)."""
    return tuple(_parser().parse("".join(_lines(text))))


def too_deep(text: str) -> bool:
    """True when *text* may hold internal blocks nested too deep for the parser to see (it stops at a depth)."""
    return ":::" in text and max((token.level for token in _tokens(text)), default=0) >= MAX_DEPTH


def internal_blocks(text: str) -> list[Block]:
    """The outermost internal blocks of *text*, found by parsing it as CommonMark (code blocks are code)."""
    if ":::" not in text:
        return []
    lines, tokens = _lines(text), list(_tokens(text))
    found, depth, opened = [], 0, 0
    for index, token in enumerate(tokens):
        if token.type == "container_internal_open":
            depth, opened = depth + 1, index if depth == 0 else opened
        elif token.type == "container_internal_close":
            depth -= 1
            if depth == 0:
                start, end = tokens[opened].map or (0, 0)
                closed = end < len(lines) and _closed_by(lines[end], tokens[opened].markup)
                cut = _cut_code(tokens[opened:index], lines, end=end)
                found.append(Block(start=start, end=end + closed, closed=closed, cut_code=cut))
    return found


def blocks(text: str) -> list[tuple[bool, str]]:
    """*text* cut into ``(internal, text)`` runs, without the markers; an unclosed block runs to its container's end."""
    lines, runs, last = _lines(text), [], 0
    for block in internal_blocks(text):
        runs += [
            (False, "".join(lines[last : block.start])),
            (True, "".join(lines[block.start + 1 : block.end - block.closed])),
        ]
        last = block.end
    runs.append((False, "".join(lines[last:])))
    return [(hidden, part) for hidden, part in runs if part]


def block_problem(text: str, *, first_line: int | None = None) -> tuple[int, str] | None:
    """The line (from 0) and description of the first internal block that would hide more or less than it seems to.

    Lines are counted in *text* and named in the message; with *first_line* (where *text* starts in its file, from
    1) the message leaves the located line out and names others in the file.
    """
    if too_deep(text):
        return (
            0,
            f"the text nests quotes or lists more than {MAX_DEPTH} levels deep: its internal blocks cannot be found",
        )
    for block in internal_blocks(text):
        if not block.closed:
            where = f" on line {block.start + 1} of the text" if first_line is None else ""
            return block.start, f"'::: internal'{where} is never closed: end the block with a line ':::'"
        if block.cut_code is not None:
            marker = f"the ':::' on line {block.end} of the text" if first_line is None else "this ':::'"
            code = (
                f"line {block.cut_code + 1} of the text"
                if first_line is None
                else f"line {first_line + block.cut_code}"
            )
            return block.end - 1, (
                f"{marker} ends the internal block inside the code block of {code}: "
                "mark the block with more colons (':::: internal' and '::::')"
            )
    return None


def public_text(text: str | None) -> str | None:
    """*text* without its internal blocks (parsed again until none is left); None when nothing public is left."""
    if text is None or too_deep(text):
        return None  # too deep to tell what is internal: nothing of it is public
    kept = text
    while hidden := internal_blocks(kept):
        lines = _lines(kept)
        drop = {number for block in hidden for number in range(block.start, block.end)}
        kept = "".join(line for number, line in enumerate(lines) if number not in drop)
    return kept if kept.strip() else None


def labelled_text(text: str | None, label: str) -> str | None:
    """*text* with each internal block shown as a quote headed by *label*, for the team's own build."""
    if text is None or ":::" not in text:
        return text
    lines, parts, last = _lines(text), [], 0
    for block in internal_blocks(text):
        opening = lines[block.start]
        prefix = opening[: opening.index(":")]
        inner = lines[block.start + 1 : block.end - block.closed]
        parts += [*lines[last : block.start], *_quoted(inner, prefix=prefix, label=label)]
        last = block.end
    return "".join([*parts, *lines[last:]])


def _quoted(lines: list[str], *, prefix: str, label: str) -> list[str]:
    """The lines of an internal block as a quote headed by *label*, kept inside the block's container by *prefix*."""
    blank = prefix.rstrip() + "\n"
    quoted = [f"{prefix}> **{label}**\n", f"{prefix}>\n"]
    for line in lines:
        content = (line[len(prefix) :] if line.startswith(prefix) else line.lstrip(" \t")).rstrip("\n")
        quoted.append(f"{prefix}> {content}\n" if content.strip() else f"{prefix}>\n")
    return [blank, *quoted, blank]


def prose(model: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text held by *model* and the models inside it, with its location: any of them may be Markdown."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, str):
            yield (*loc, name), value
        elif isinstance(value, BaseModel):
            yield from prose(value, (*loc, name))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield (*loc, name, index), item
                elif isinstance(item, BaseModel):
                    yield from prose(item, (*loc, name, index))


def marks_internal(model: BaseModel) -> bool:
    """True when *model* marks anything internal: itself, one of its fields or items, or a block of its prose."""
    written = _written(model)
    if written is not None and not any(mark in written for mark in (b":::", b'"internal":true', b'"internal":[')):
        return False  # no text holds a block, no field says internal: nothing to walk through
    return _flagged(model) or any(internal_blocks(text) for _, text in prose(model))


def may_hold_blocks(model: BaseModel) -> bool:
    """False when no text of *model* holds ``:::``, so none holds an internal block: a quick look before parsing."""
    written = _written(model)
    return written is None or b":::" in written


def _written(model: BaseModel) -> bytes | None:
    """*model* as its own JSON, every text in it (a colon is never escaped in JSON); None when it cannot be written.

    The last model's is kept (with the model, so that it is the same one): checking an incident asks twice.
    """
    last = _LAST_WRITTEN[0]
    if last is not None and last[0] is model:
        return last[1]
    try:
        written: bytes | None = type(model).__pydantic_serializer__.to_json(model)
    except ValueError:  # text JSON cannot hold (a lone surrogate): the texts are looked at one by one
        written = None
    _LAST_WRITTEN[0] = (model, written)
    return written


_LAST_WRITTEN: list[tuple[BaseModel, bytes | None] | None] = [None]


def _flagged(model: BaseModel) -> bool:
    """True when *model*, or a model it holds, has a true or non-empty ``internal`` field."""
    if getattr(model, "internal", False):
        return True
    for name in type(model).model_fields:
        value = getattr(model, name)
        if any(
            isinstance(item, BaseModel) and _flagged(item) for item in (value if isinstance(value, tuple) else (value,))
        ):
            return True
    return False
