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

_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,47};)")
_ALWAYS = {"`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]", "|": "\\|", "\n": "&#10;", "\r": "&#13;"}
_BLOCK_START = re.compile(
    r"#{1,6}(?:[ \t]|$)"  # ATX heading
    r"|[-+*](?:[ \t]|$)"  # bullet list item
    r"|>"  # block quote
    r"|=+[ \t]*$"  # setext underline
    r"|([-*_])(?:[ \t]*\1){2,}[ \t]*$"  # thematic break, setext underline
    r"|~~~"  # tilde fence
)
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*")
_ORDERED = re.compile(r"\d{1,9}(?=[.)](?:[ \t]|$))")
_SPECIAL = re.compile(r"[`*\[\]|\n\r\\<_~!&]")  # the characters that :func:`escape` may change
_LAST_WORD = re.compile(r"\S+$")
_LINK_START = re.compile(r"(?i)www\.|:(?=//)")
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
        return _lines(_inline(node.children[0].children, options=options) if node.children else "")
    if kind == "html_block":  # only if a parser let raw HTML through: shown as text
        return _lines(escape(node.content.strip("\n"), before="", after=""))
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
    return "#" * level + (f" {_edges(text)}" if text else "")


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
        lines.append("|" + "|".join(f" {_edges(cell)} " if cell else " " for cell in cells) + "|")
        if index == 0:
            aligns = [_ALIGN.get(str(c.attrs.get("style", "")), "---") for c in row.children]
            lines.append("| " + " | ".join(aligns) + " |")
    return "\n".join(lines)


def _lines(text: str) -> str:
    """Paragraph lines with whatever would start a block at their beginning escaped, and their edges kept."""
    return "\n".join(_line_start(_edges(line)) for line in text.split("\n"))


def _line_start(line: str) -> str:
    """*line* with its first character escaped when it would start a heading, list, quote, fence or rule."""
    if _BLOCK_START.match(line):
        return "\\" + line
    ordered = _ORDERED.match(line)
    return f"{ordered.group(0)}\\{line[ordered.end() :]}" if ordered else line


def _edges(line: str) -> str:
    """Spaces and tabs at either end of a line as character references: they would be dropped or mean code."""
    stripped = line.strip(" \t")
    if stripped == line:
        return line
    codes = {" ": "&#32;", "\t": "&#9;"}
    if not stripped:
        return "".join(codes[c] for c in line)
    left = len(line) - len(line.lstrip(" \t"))
    right = len(line.rstrip(" \t"))
    return "".join(codes[c] for c in line[:left]) + stripped + "".join(codes[c] for c in line[right:])


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
                text = _reference(text[0], inner=before[-len(markup) - 1], markup=markup) + text[1:]
            if after[:1] and not after[:1].isspace():  # markup follows: an address must not run into it
                text = _unlinked(text)
            if text and index + 1 < len(nodes) and nodes[index + 1].type in _DELIMITED:  # before an opening one
                markup = nodes[index + 1].markup
                text = text[:-1] + _reference(text[-1], inner=after[len(markup)], markup=markup)
            written[index] = text
    return "".join(written)


def _unlinked(text: str) -> str:
    """*text* with a bare web address in its last word kept from being a link on GitHub.

    GitHub's extended autolinks run from ``www.`` or ``://`` to the next space or ``<``: across the markup written
    after the text, they would swallow a code span's opening and show its content (say ``<img>``) as raw HTML.
    """
    word = _LAST_WORD.search(text)
    if word is None or not _LINK_START.search(word.group()):
        return text
    return text[: word.start()] + _LINK_START.sub(
        lambda found: found.group().replace(".", "&#46;").replace(":", "&#58;"), word.group()
    )


def _reference(edge: str, *, inner: str, markup: str) -> str:
    """*edge*, a character of text next to emphasis markup, as a character reference if it would unmake the markup.

    A letter does against ``_``, and against ``*`` or ``~`` that stand next to punctuation on the inner side.
    """
    stops = edge.isalnum() and (markup[0] == "_" or not (inner.isalnum() or inner.isspace()))
    return f"&#{ord(edge)};" if stops else edge


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
        inner = _edges(inner)  # spaces at its edges would unmake it
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
    destination = _ENTITY.sub(r"\\&", re.sub(r"([\\()<>])", r"\\\1", target))
    if title:
        title = _ENTITY.sub(r"\\&", re.sub(r'(["\\])', r"\\\1", title)).replace("\n", "&#10;")
        destination += f' "{title}"'
    return f"[{text}]({destination})"


def code_span(content: str) -> str:
    """A code span holding *content* literally: its backtick run longer than any inside, padded when needed."""
    longest = max((len(run) for run in re.findall("`+", content)), default=0)
    ticks = "`" * (longest + 1)
    pad = content[:1] == "`" or content[-1:] == "`" or (content[:1] == content[-1:] == " " and content.strip() != "")
    return f"{ticks} {content} {ticks}" if pad else f"{ticks}{content}{ticks}"


def escape(text: str, *, before: str, after: str) -> str:
    """Text that reads back as itself between *before* and *after* (the characters written around it)."""
    if _SPECIAL.search(text) is None:
        return text

    def one(found: re.Match[str]) -> str:
        index, char = found.start(), found.group()
        if char == "&":
            return "\\&" if _ENTITY.match(text, index) else char
        prev = text[index - 1] if index else before
        nxt = text[index + 1] if index + 1 < len(text) else after
        return _escaped(char, prev=prev, nxt=nxt)

    return _SPECIAL.sub(one, text)


def _escaped(char: str, *, prev: str, nxt: str) -> str:
    """One character of text, escaped when it could be read as markup where it stands."""
    if char in _ALWAYS:
        return _ALWAYS[char]
    if char == "\\":
        return char if nxt.isalnum() else "\\\\"  # before anything else it could escape or break a line
    if char == "<":
        return "&lt;" if nxt not in ("", " ", "\t") else char  # not "\\<": older Markdown reads that as HTML
    if char == "_":
        inert = (prev.isalnum() and nxt.isalnum()) or (prev in (" ", "\t") and nxt in (" ", "\t"))
        return char if inert else "\\_"
    if char == "~":
        return "\\~" if "~" in (prev, nxt) else char
    if char == "!":
        return "\\!" if nxt == "[" else char
    return char
