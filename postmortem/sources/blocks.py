"""Sources stage helper: a Markdown text as its top-level blocks (markdown-it's tokens), each with its source lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

_KINDS = {"heading_open": "heading", "paragraph_open": "paragraph", "bullet_list_open": "list",
          "ordered_list_open": "list", "table_open": "table", "fence": "code", "code_block": "code",
          "blockquote_open": "quote", "hr": "rule", "html_block": "html", "front_matter": "front_matter"}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """One item of a list: its text without the marker, its first line (0-based), its check box if any."""

    text: str
    source: str
    start: int
    checked: bool | None = None  # a task list's box: [x] True, [ ] False, none None


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A top-level block: its kind, its lines (0-based, end excluded), its source text and what it holds."""

    kind: str
    start: int
    end: int
    text: str
    level: int = 0  # a heading's
    inline: str = ""  # a heading's or a paragraph's text
    items: tuple[Item, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, the header row first
    row_lines: tuple[int, ...] = ()  # the line of each row
    content: str = ""  # front matter's or a code block's content
    children: tuple[Token, ...] = field(default=(), repr=False)


def parser() -> MarkdownIt:
    """CommonMark with tables and front matter; no raw HTML is ever rendered from it (it is only read)."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)


def blocks(text: str) -> list[Block]:
    """The top-level blocks of *text*, in order."""
    lines = text.split("\n")
    tokens = parser().parse(text)
    found: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _closing(tokens, index)
        kind = _KINDS.get(token.type)
        if kind is not None and token.map is not None and token.level == 0:
            found.append(_block(kind, tokens[index : end + 1], lines))
        index = end + 1
    return _with_the_rest(found, lines)


def _with_the_rest(found: list[Block], lines: list[str]) -> list[Block]:
    """The blocks, with a text block for each run of lines no block holds (link reference definitions)."""
    held = {line for block in found for line in range(block.start, block.end)}
    rest: list[Block] = []
    for number, line in enumerate(lines):
        if number in held or not line.strip():
            continue
        if rest and rest[-1].end == number:
            last = rest[-1]
            rest[-1] = Block(kind="text", start=last.start, end=number + 1, text=f"{last.text}\n{line}")
        else:
            rest.append(Block(kind="text", start=number, end=number + 1, text=line))
    return sorted([*found, *rest], key=lambda block: block.start)


def _closing(tokens: list[Token], index: int) -> int:
    """The index of the token that closes the one at *index* (itself when it is not an opening one)."""
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for at in range(index, len(tokens)):
        depth += tokens[at].nesting
        if depth == 0:
            return at
    return len(tokens) - 1


def _block(kind: str, tokens: list[Token], lines: list[str]) -> Block:
    """One block from its tokens."""
    first = tokens[0]
    start, end = first.map or (0, 0)
    text = "\n".join(lines[start:end]).rstrip()
    inline = tokens[1].content if kind in ("heading", "paragraph") and len(tokens) > 1 else ""
    level = int(first.tag[1]) if kind == "heading" else 0
    items = _items(tokens, lines) if kind == "list" else ()
    rows, row_lines = _rows(tokens) if kind == "table" else ((), ())
    content = first.content if kind in ("front_matter", "code") else ""
    return Block(kind=kind, start=start, end=end, text=text, level=level, inline=inline, items=items, rows=rows,
                 row_lines=row_lines, content=content, children=tuple(tokens))  # fmt: skip


def _items(tokens: list[Token], lines: list[str]) -> tuple[Item, ...]:
    """The items of a list (its own level only; nested lists stay in their item's text)."""
    depth = tokens[0].level + 1
    found = []
    for token in tokens:
        if token.type == "list_item_open" and token.level == depth and token.map:
            start, end = token.map
            own = list(lines[start:end])
            while own and not own[-1].strip():
                own.pop()
            marker = (token.info or "") + token.markup
            first = own[0].lstrip() if own else ""
            first = first[len(marker) :] if first.startswith(marker) else first
            body = [first.strip(), *(line.strip() for line in own[1:])]
            text, checked = _box("\n".join(part for part in body if part))
            found.append(Item(text=text, source="\n".join(own), start=start, checked=checked))
    return tuple(found)


def _box(text: str) -> tuple[str, bool | None]:
    """A task list's check box at the start of an item's text, read and taken off."""
    for box, checked in (("[ ]", False), ("[x]", True), ("[X]", True)):
        if text.startswith(box + " ") or text == box:
            return text[len(box) :].strip(), checked
    return text, None


def _rows(tokens: list[Token]) -> tuple[tuple[tuple[str, ...], ...], tuple[int, ...]]:
    """A table's rows of cell texts (as written, trimmed), and the line of each row."""
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    cells: list[str] = []
    for token in tokens:
        if token.type == "tr_open":
            cells = []
            row_lines.append(token.map[0] if token.map else 0)
        elif token.type == "inline":
            cells.append(token.content.strip())
        elif token.type == "tr_close":
            rows.append(tuple(cells))
    return tuple(rows), tuple(row_lines)


def inline_tokens(text: str) -> list[Token]:
    """The inline tokens of one line of Markdown (emphasis, code, links, text)."""
    tokens = parser().parseInline(text)
    children = tokens[0].children or [] if tokens else []
    return [token for token in children if token.type != "text" or token.content]
