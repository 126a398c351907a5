"""Render stage helper: Markdown written back from markdown-it's syntax tree, so that no text becomes markup.

Every text node is escaped where CommonMark (or GitHub's dialect) could read it as something else: raw HTML, an
autolink, a link, an image, a reference definition, emphasis, a code span or a block marker at the start of a
line. Structure (headings, lists, quotes, code, tables, emphasis, links) is written from the nodes themselves;
links only come from nodes the parser accepted, whose targets were checked. Parsing what this module writes with
the same parser gives the same tree back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from postmortem.render.mdescape import ENTITY, code_span, edges, escape, paragraph_lines, reference, unlinked

_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*")
_DELIMITED = frozenset({"em", "strong", "s"})
_ALIGN = {"text-align:left": ":---", "text-align:right": "---:", "text-align:center": ":---:"}


@dataclass(frozen=True, slots=True)
class Options:
    """How to write: *shift* adds to heading levels; *url_ok* says which link targets may be kept."""

    shift: int
    url_ok: Callable[[str], bool]


class Node:
    """A node of the syntax tree: an opening or single token and what it holds (lighter than markdown-it's own)."""

    __slots__ = ("children", "token", "type")

    def __init__(self, token: Token, children: list[Node]) -> None:
        self.token, self.children, self.type = token, children, token.type.removesuffix("_open")

    @property
    def content(self) -> str:
        """The token's text."""
        return self.token.content

    @property
    def markup(self) -> str:
        """The token's markup: ``*``, ``-``, a fence."""
        return self.token.markup

    @property
    def attrs(self) -> dict[str, str | int | float]:
        """The token's attributes: ``href``, ``start``, ``style``."""
        return self.token.attrs

    @property
    def tag(self) -> str:
        """The token's HTML tag: ``h2``."""
        return self.token.tag


def tree(tokens: Sequence[Token]) -> list[Node]:
    """The nodes of a token stream, nested; inline tokens hold their children's nodes."""
    top: list[Node] = []
    stack = [top]
    for token in tokens:
        if token.nesting == -1:
            stack.pop()
            continue
        node = Node(token, tree(token.children) if token.children else [])
        stack[-1].append(node)
        if token.nesting == 1:
            stack.append(node.children)
    return top


def to_markdown(tokens: Sequence[Token], *, options: Options) -> str:
    """The blocks of a parsed document as Markdown, without a final newline."""
    return _join(tree(tokens), options=options, tight=False)


def inline_to_markdown(tokens: Sequence[Token], *, options: Options, cell: bool = False) -> str:
    """A parsed inline text (``parseInline``) as Markdown on one line; *cell* also escapes ``|`` in code spans."""
    nodes = tree(tokens)
    return " ".join(_inline(n.children, options=options, cell=cell, line=True) for n in nodes if n.type == "inline")


def _join(nodes: Sequence[Node], *, options: Options, tight: bool) -> str:
    """Blocks one after the other: on their own lines in a tight list item, else apart by a blank line."""
    written, last = [], ""
    for node in nodes:
        mark = _mark(node, after=last)
        written.append(_list(node, options=options, mark=mark) if mark else _block(node, options=options, tight=tight))
        last = mark
    return ("\n" if tight else "\n\n").join(written)


def _mark(node: Node, *, after: str) -> str:
    """The bullet of a list, or what follows its numbers; empty for other blocks.

    It differs from the one of the list just before, which the list would otherwise continue.
    """
    if node.type not in ("bullet_list", "ordered_list"):
        return ""
    choices = "-*+" if node.type == "bullet_list" else ".)"
    return node.markup if node.markup != after else next(c for c in choices if c != after)


def _block(node: Node, *, options: Options, tight: bool) -> str:
    """One block node as Markdown."""
    kind = node.type
    if kind == "paragraph":
        return paragraph_lines(_inline(node.children[0].children, options=options) if node.children else "")
    if kind == "html_block":  # only if a parser let raw HTML through: shown as text
        return paragraph_lines(escape(node.content.strip("\n"), before="", after=""))
    if kind == "heading":
        return _heading(node, options=options)
    if kind == "blockquote":
        inner = _join(node.children, options=options, tight=False)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if kind in ("fence", "code_block"):
        return _fence(node.content, info=node.token.info if kind == "fence" else "")
    if kind == "hr":
        return "___"  # neither a setext underline after a line of text nor a list marker
    if kind == "table":
        return _table(node, options=options)
    return _join(node.children, options=options, tight=tight)


def _heading(node: Node, *, options: Options) -> str:
    """An ATX heading, its level shifted, its text on one line."""
    level = min(int(node.tag[1]) + options.shift, 6)
    text = _inline(node.children[0].children, options=options, line=True) if node.children else ""
    text = re.sub(r"(?<![^ \t\\])(#+)([ \t]*)$", r"\\\1\2", text)  # a closing sequence is markup: escape it
    return "#" * level + (f" {edges(text)}" if text else "")


def _list(node: Node, *, options: Options, mark: str) -> str:
    """A bullet or ordered list (*mark*: its bullet, or what follows its numbers); items indented under markers."""
    items = node.children
    tight = all(p.token.hidden for item in items for p in item.children if p.type == "paragraph")
    start = int(str(node.attrs.get("start", 1)))
    written = []
    for index, item in enumerate(items):
        number = min(start + index, 999_999_999)  # a longer number would not start an item
        marker = mark if node.type == "bullet_list" else f"{number}{mark}"
        body = _join(item.children, options=options, tight=tight)
        pad = " " * (len(marker) + 1)
        lines = body.split("\n")
        rest = [pad + line if line else "" for line in lines[1:]]
        first = f"{marker} {lines[0]}" if lines[0] else marker
        if _RULE.fullmatch(first):  # '* * *' from lists in lists would be a rule: the item starts on the next line
            first, rest = marker, [pad + lines[0], *rest]
        written.append("\n".join([first, *rest]))
    return ("\n" if tight else "\n\n").join(written)


def _fence(content: str, *, info: str) -> str:
    """A fenced code block whose fence is longer than any run of its character in the code."""
    char = "~" if "`" in info else "`"
    longest = max((len(run) for run in re.findall(f"{re.escape(char)}+", content)), default=0)
    fence = char * max(3, longest + 1)
    info = info.strip()  # as written: the parser keeps escapes and references of an info string raw
    body = content if not content or content.endswith("\n") else content + "\n"
    return f"{fence}{info}\n{body}{fence}"


def _table(node: Node, *, options: Options) -> str:
    """A table: a header row, its alignments, the body rows."""
    rows = [row for section in node.children for row in section.children]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            _inline(c.children[0].children, options=options, cell=True) if c.children else "" for c in row.children
        ]
        lines.append("|" + "|".join(f" {edges(cell)} " if cell else " " for cell in cells) + "|")
        if index == 0:
            aligns = [_ALIGN.get(str(c.attrs.get("style", "")), "---") for c in row.children]
            lines.append("| " + " | ".join(aligns) + " |")
    return "\n".join(lines)


def _inline(
    nodes: Sequence[Node],
    *,
    options: Options,
    cell: bool = False,
    link: bool = False,
    line: bool = False,
    between: str = "",
) -> str:
    """Inline nodes as Markdown; text is escaped knowing what is written on either side of it.

    *link*: the nodes are inside a link; *line*: they must stay on one line (breaks become spaces); *between*: the
    two characters written around them.
    """
    written = ["" if n.type == "text" else _span(n, options=options, cell=cell, link=link, line=line) for n in nodes]
    for index, node in enumerate(nodes):
        if node.type == "text":
            before = written[index - 1] if index else between[:1]
            after = written[index + 1] if index + 1 < len(nodes) else between[1:]
            text = escape(node.content, before=before[-1:], after=after[:1])
            if text and index and nodes[index - 1].type in _DELIMITED:  # after a closing delimiter
                markup = nodes[index - 1].markup
                text = reference(text[0], inner=before[-len(markup) - 1], markup=markup) + text[1:]
            if after[:1] and not after[:1].isspace():  # markup follows: an address must not run into it
                text = unlinked(text)
            if text and index + 1 < len(nodes) and nodes[index + 1].type in _DELIMITED:  # before an opening one
                markup = nodes[index + 1].markup
                text = text[:-1] + reference(text[-1], inner=after[len(markup)], markup=markup)
            written[index] = text
    return "".join(written)


def _span(node: Node, *, options: Options, cell: bool, link: bool, line: bool) -> str:
    """One inline node other than text."""
    kind = node.type
    if kind in ("softbreak", "hardbreak"):
        return " " if line else "\n" if kind == "softbreak" else "\\\n"
    if kind == "code_inline":
        return code_span(node.content.replace("|", "\\|") if cell else node.content)
    if kind in ("em", "strong", "s"):
        inner = _inline(
            node.children, options=options, cell=cell, link=link, line=line, between=node.markup[-1] + node.markup[0]
        )
        inner = edges(inner)  # spaces at its edges would unmake it
        return node.markup + inner + node.markup
    if kind in ("link", "image"):
        text = _inline(node.children, options=options, cell=cell, link=True, line=line, between="[]")
        return text if link else _link(node, text=text, options=options)  # a link holds no link
    return escape(node.content, before="", after="")  # html_inline and anything unknown: shown as text


def _link(node: Node, *, text: str, options: Options) -> str:
    """A link, or an image written as a link to it (a report loads nothing); a target that is not safe is dropped."""
    target = str(node.attrs.get("href" if node.type == "link" else "src", ""))
    if not options.url_ok(target):
        return text
    title = str(node.attrs.get("title", ""))
    destination = ENTITY.sub(r"\\&", re.sub(r"([\\()<>])", r"\\\1", target))
    if title:
        title = ENTITY.sub(r"\\&", re.sub(r'(["\\])', r"\\\1", title)).replace("\n", "&#10;")
        destination += f' "{title}"'
    return f"[{text}]({destination})"
